"""What each rule finds in the store now: the incidents and weeks it would alert on.

Zones, sightings, incidents and violations are what ceasefire.zones and the store already
define: an incident is inside a zone when one of its reports is (``event_zones``), and a
zone's violations per week are those of its report (``zone_report``). An incident counts as
alerted on by a rule when one of its reports inside the zone was (its id, a hash of its
members, changes when a report joins it), so a new report of an alerted incident fires
nothing, and an incident none of whose reports was alerted on is new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ceasefire.model import Zone
from ceasefire.store import AlertRule, Filters, NewAlert, Store
from ceasefire.zones import zone_report

#: The kind of rule that alerts on incidents (the other alerts on weeks).
INCIDENT_RULE = "assault-fatal"
#: The date precisions that place an event on or after a day, as a weekly zone report places
#: them: an event dated only "in May" may predate a start of 6 May.
PLACED = ("day", "week")
#: The violations a weekly alert lists (its count covers them all).
LISTED_VIOLATIONS = 10
#: Incidents read at a time (bounded bound parameters).
_CHUNK = 500


def find_alerts(
    store: Store, rule: AlertRule, now: dt.date, changed: Sequence[str] | None = None
) -> list[NewAlert]:
    """The alerts `rule` finds, new or not (recording them skips those fired before); an
    incident rule looks only at the incidents `changed` when given (those written since its
    last check), else at every incident."""
    if rule.kind == INCIDENT_RULE:
        found = incident_alerts(store, rule, changed)
        seen = store.alerted_events(rule.id, [e for alert in found for e in alert.members])
        return [alert for alert in found if not seen.intersection(alert.members)]
    return weekly_alerts(store, rule, now)


def _zones(store: Store, rule: AlertRule) -> list[Zone]:
    return store.zones(None if rule.zone_id is None else [rule.zone_id])


def _zone_info(zone: Zone) -> dict[str, Any]:
    return {"id": zone.id, "name": zone.name, "start": zone.start, "end": zone.end}


def _toll(row: dict[str, Any]) -> str:
    low, high, most = row["fatalities_min"], row["fatalities_max"], row["fatalities_mode"]
    return f"{most} killed" if low == high else f"{most} killed (reports give {low} to {high})"


def incident_alerts(store: Store, rule: AlertRule, changed: Sequence[str] | None = None) -> list[NewAlert]:
    """Every ASSAULT incident (of `changed` when given) with at least the rule's toll inside
    its zones, on or after a zone's start (and by its end), oldest first, whether alerted on
    before or not. Its members are its reports inside the zones; an incident in two zones is
    alerted in the first by id."""
    members: dict[str, list[str]] = {}
    zone_of: dict[str, Zone] = {}
    least = rule.min_fatalities or 1
    for zone in _zones(store, rule):
        for seen in store.zone_sightings([zone.id], PLACED, zone.start, zone.end, incident_ids=changed):
            # unfused (fusion runs after the store) or with no day: the next check sees it
            if seen.fused_id is None or seen.date_from is None or seen.type != "ASSAULT":
                continue
            if seen.fatalities_mode is None or seen.fatalities_mode < least:
                continue
            members.setdefault(seen.fused_id, []).append(seen.event_id)
            zone_of.setdefault(seen.fused_id, zone)
    ids = list(members)
    rows = [
        row
        for start in range(0, len(ids), _CHUNK)
        for row in store.incidents(Filters(ids=ids[start : start + _CHUNK]), limit=None)
    ]
    rows.sort(key=lambda row: (row["date_from"], row["id"]))
    alerts = []
    for row in rows:
        zone = zone_of[row["id"]]
        incident = {key: value for key, value in row.items() if key != "distance_km"}
        where = f"{row['place']} ({zone.name})" if row["place"] else zone.name
        message = f"ASSAULT in {where} on {row['date'] or row['date_from']}: {_toll(row)}"
        alerts.append(
            NewAlert(
                rule=rule,
                zone_id=zone.id,
                members=tuple(dict.fromkeys(members[row["id"]])),
                event_id=row["event_id"],
                incident_id=row["id"],
                payload={
                    "kind": rule.kind,
                    "rule_id": rule.id,
                    "zone": _zone_info(zone),
                    "message": message,
                    "incident": incident,
                },
            )
        )
    return alerts


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_alerts(store: Store, rule: AlertRule, now: dt.date) -> list[NewAlert]:
    """The weeks of `now` and the one before it (whose last reports often come after it
    ended) in each of the rule's zones whose violations are at least `factor` times those of
    the week before and at least `min_count`."""
    monday = _monday(now)
    since, until = monday - dt.timedelta(days=14), monday + dt.timedelta(days=6)
    factor, least = rule.factor or 1.0, rule.min_count or 1
    alerts = []
    for zone in _zones(store, rule):
        (entry,) = zone_report(store, zone.id, by="week", since=since.isoformat(), until=until.isoformat())
        periods: Sequence[dict[str, Any]] = entry["periods"]
        for before, week in zip(periods[-3:-1], periods[-2:], strict=True):
            count, previous = week["violations_total"], before["violations_total"]
            if count < least or count < factor * previous:
                continue
            message = (
                f"{zone.name}: {count} violation{'' if count == 1 else 's'} in {week['period']}, "
                f"against {previous} in {before['period']}"
            )
            alerts.append(
                NewAlert(
                    rule=rule,
                    zone_id=zone.id,
                    period=week["period"],
                    payload={
                        "kind": rule.kind,
                        "rule_id": rule.id,
                        "zone": _zone_info(zone),
                        "message": message,
                        "week": {"period": week["period"], "start": week["start"], "end": week["end"]},
                        "violations": count,
                        "previous": {"period": before["period"], "violations": previous},
                        "factor": factor,
                        "min_count": least,
                        "listed": week["violations"][:LISTED_VIOLATIONS],
                    },
                )
            )
    return alerts
