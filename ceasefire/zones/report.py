"""What happened inside each zone, period by period, against the period before, with the
reports behind every violation.

What is counted: the asserted events (not negated, planned or hypothetical: those did not
happen) of original articles (near-duplicates are left out, as in every listing) that lie in
the zone, each real-world event once: the reports that fusion joined into one event count as
one, with their most-reported fatality figure. A period holds an event by its date
(``events.date_from``: the event's own date, or the publication day of the article for an
undated one) when that date is known at least as precisely as the period: an event dated only
"in May" or "in 2015" is left out of a weekly report rather than pinned to its first day.

Violations are the events of the conflict types (ASSAULT, COERCE, MOBILIZE, THREATEN) dated
on or after the zone's start and on or before its end; earlier ones are counted, and are not
violations. A week-dated event counts from the week's Monday, so one that may predate the
start is not called a violation.

An event with no day to place it on (undated, of an article without a publication date, or
dated outside the days a store reports on, as a store written before dates were checked may
hold) is in no period and never breaks a report: ``undated_events`` counts them per zone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from ceasefire.model import EARLIEST_DAY, LATEST_DAY, Zone
from ceasefire.store import Store, ZoneSighting

PeriodLength = Literal["day", "week"]
VIOLATION_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "THREATEN"})
# The event date precisions a period can place (None: undated, placed on the publication day).
_PLACEABLE: dict[str, tuple[str, ...]] = {"day": ("day",), "week": ("day", "week")}


@dataclass
class _Tally:
    """One period of one zone, as it is being counted."""

    label: str
    start: dt.date
    end: dt.date
    per_type: Counter[str] = field(default_factory=Counter)
    fatalities: int = 0
    violations: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self, previous: _Tally | None) -> dict[str, Any]:
        change = None
        if previous is not None:
            types = sorted(set(self.per_type) | set(previous.per_type))
            change = {
                "events": self.events - previous.events,
                "fatalities": self.fatalities - previous.fatalities,
                "per_type": {t: self.per_type[t] - previous.per_type[t] for t in types},
            }
        return {
            "period": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "events": self.events,
            "per_type": dict(sorted(self.per_type.items())),
            "fatalities": self.fatalities,
            "change": change,
            "violations": self.violations,
            "violations_total": len(self.violations),
        }

    @property
    def events(self) -> int:
        return sum(self.per_type.values())


def zone_report(
    store: Store,
    zone_id: str | None = None,
    by: PeriodLength = "week",
    since: str | None = None,
    until: str | None = None,
    violation_bytes: int | None = None,
    violations_limit: int | None = None,
    violations_offset: int = 0,
) -> list[dict[str, Any]]:
    """One entry per zone (all zones when `zone_id` is None), each with its periods from the
    first to the last with events (from `since` / to `until` when given), empty ones
    included; ``undated`` counts the events with no day to place them on, in no period
    (``undated_events``). With `violation_bytes`, a zone's violations are listed until their
    JSON reaches that many bytes, and ``truncated`` says some were left out (each period's
    ``violations_total`` counts them all, ``violations_total`` of the zone every period's);
    `violations_limit` and `violations_offset` list one page of them, in period order. KeyError
    for an unknown zone id; ValueError for a bad `by`, or a date that is no ISO day or is outside
    EARLIEST_DAY to LATEST_DAY."""
    if by not in _PLACEABLE:
        raise ValueError(f"by must be 'day' or 'week', not {by!r}")
    first = _date(since, "since")
    last = _date(until, "until")
    if first and last and first > last:
        raise ValueError(f"since {since} is after until {until}")
    targets = store.zones(None if zone_id is None else [zone_id])
    if zone_id is not None and not targets:
        raise KeyError(zone_id)
    seen = store.zone_sightings(
        [z.id for z in targets],
        _PLACEABLE[by],
        since=first.isoformat() if first else None,
        until=last.isoformat() if last else None,
    )
    undated = undated_events(store, zone_id)
    report = []
    for zone in targets:
        found = _real_events([s for s in seen if s.zone_id == zone.id])
        placed = [(row, day) for row in found if (day := _day(row)) is not None]
        tallies = _tally(zone, placed, by, first, last)
        periods = [tally.as_dict(tallies[i - 1] if i else None) for i, tally in enumerate(tallies)]
        paged = _page_violations(periods, violations_limit, violations_offset)
        report.append(
            {
                "zone": {"id": zone.id, "name": zone.name, "start": zone.start, "end": zone.end},
                "periods": periods,
                "undated": undated[zone.id],
                "truncated": paged
                | (violation_bytes is not None and _cut_violations(periods, violation_bytes)),
                "violations_total": sum(period["violations_total"] for period in periods),
            }
        )
    return report


def _page_violations(periods: list[dict[str, Any]], limit: int | None, offset: int) -> bool:
    """Keep one page of the violations (in period order): `offset` skipped, `limit` listed;
    whether any were left out."""
    if limit is None and not offset:
        return False
    position, cut = 0, False
    for period in periods:
        kept = []
        for violation in period["violations"]:
            if offset <= position and (limit is None or position < offset + limit):
                kept.append(violation)
            else:
                cut = True
            position += 1
        period["violations"] = kept
    return cut


def _cut_violations(periods: list[dict[str, Any]], budget: int) -> bool:
    """Keep the violations, in period order, while their JSON stays within `budget` bytes;
    whether any were left out."""
    cut = False
    for period in periods:
        kept = []
        for violation in period["violations"]:
            budget -= len(json.dumps(violation, ensure_ascii=False).encode())
            if budget < 0:
                cut = True
                break
            kept.append(violation)
        period["violations"] = kept
    return cut


def undated_events(store: Store, zone_id: str | None = None) -> dict[str, int]:
    """Zone id -> the real-world events a report counts in it (asserted, of original
    articles) that have no day to place them on, for every zone (or `zone_id`'s)."""
    targets = store.zones(None if zone_id is None else [zone_id])
    found = store.zone_undated([z.id for z in targets], EARLIEST_DAY.isoformat(), LATEST_DAY.isoformat())
    return {zone.id: found.get(zone.id, 0) for zone in targets}


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as err:
        raise ValueError(f"{name} is not an ISO date (YYYY-MM-DD): {value!r}") from err
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(f"{name} must be from {EARLIEST_DAY} to {LATEST_DAY}, not {value}")
    return day


def _day(row: ZoneSighting) -> dt.date | None:
    """The day a period places the event on, or None when it has none in range."""
    try:
        day = dt.date.fromisoformat(row.date_from) if row.date_from else None
    except ValueError:
        return None
    return day if day is not None and EARLIEST_DAY <= day <= LATEST_DAY else None


def _real_events(seen: list[ZoneSighting]) -> list[ZoneSighting]:
    """One sighting per real-world event: the earliest of the reports that fusion joined."""
    kept: dict[str, ZoneSighting] = {}
    for sighting in seen:  # ordered by date, so the first report seen is the earliest
        kept.setdefault(sighting.fused_id or sighting.event_id, sighting)
    return list(kept.values())


def _period(day: dt.date, by: str) -> tuple[str, dt.date, dt.date]:
    if by == "day":
        return day.isoformat(), day, day
    year, week, weekday = day.isocalendar()
    monday = day - dt.timedelta(days=weekday - 1)
    return f"{year}-W{week:02d}", monday, monday + dt.timedelta(days=6)


def _periods(first: dt.date, last: dt.date, by: str) -> Iterator[_Tally]:
    step = dt.timedelta(days=1 if by == "day" else 7)
    start = _period(first, by)[1]
    while start <= last:
        label, begins, ends = _period(start, by)
        yield _Tally(label, begins, ends)
        start += step


def _tally(
    zone: Zone,
    found: list[tuple[ZoneSighting, dt.date]],
    by: str,
    since: dt.date | None,
    until: dt.date | None,
) -> list[_Tally]:
    days = [day for _, day in found]
    first = since or (min(days) if days else None)
    last = until or (max(days) if days else None)
    if first is None or last is None:
        return []
    tallies = {t.label: t for t in _periods(first, last, by)}
    for row, day in found:
        tally = tallies[_period(day, by)[0]]
        fatalities = row.fatalities_mode if row.fused_id else row.fatalities
        tally.per_type[row.type] += 1
        tally.fatalities += fatalities or 0
        if _violates(zone, row, day):
            tally.violations.append(
                {
                    "event_id": row.event_id,
                    "type": row.type,
                    "date": row.date or day.isoformat(),
                    "sentence": row.sentence,
                    "article_id": row.article_id,
                    "title": row.title,
                    "url": row.url,
                    "place": row.place,
                    "fatalities": fatalities,
                    "articles": row.articles or 1,
                }
            )
    return list(tallies.values())


def _violates(zone: Zone, row: ZoneSighting, day: dt.date) -> bool:
    return (
        row.type in VIOLATION_TYPES
        and (zone.start is None or day.isoformat() >= zone.start)
        and (zone.end is None or day.isoformat() <= zone.end)
    )
