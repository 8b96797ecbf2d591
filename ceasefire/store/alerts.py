"""Alert rules, the alerts they fired, their deliveries and the reports alerted on.

What a rule means is ceasefire.alerts' to decide; this module stores rules, records what
fired (once: the check is repeated inside the write transaction, so two processes checking
at once record an alert once) and keeps each delivery's status until it is delivered.

Each function takes an open connection and never commits: the Store's methods are the
transactions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from sqlalchemy import Connection, and_, delete, exists, func, insert, select, update

from ceasefire.store.db import chunks
from ceasefire.store.schema import (
    alert_caught_up,
    alert_deliveries,
    alert_events,
    alert_queue,
    alert_rules,
    event_sources,
    fired_alerts,
)
from ceasefire.store.write import now_iso

AlertKind = Literal["assault-fatal", "weekly-rise"]
Channel = Literal["stdout", "file", "webhook"]
DeliveryStatus = Literal["pending", "delivered", "failed"]


@dataclass(frozen=True)
class AlertRule:
    """When to alert and where to send it. `zone_id` None: every zone."""

    id: int
    kind: AlertKind
    zone_id: str | None
    min_fatalities: int | None = None
    factor: float | None = None
    min_count: int | None = None
    stdout: bool = False
    file: str | None = None
    webhook: str | None = None
    created_at: str = ""

    @property
    def channels(self) -> list[tuple[Channel, str | None]]:
        """(channel, target) of each place the rule's alerts go to."""
        found: list[tuple[Channel, str | None]] = []
        if self.stdout:
            found.append(("stdout", None))
        if self.file:
            found.append(("file", self.file))
        if self.webhook:
            found.append(("webhook", self.webhook))
        return found


@dataclass
class Delivery:
    """One channel of a fired alert, and how sending it went."""

    channel: Channel
    target: str | None
    status: DeliveryStatus = "pending"
    attempts: int = 0
    error: str | None = None


@dataclass
class FiredAlert:
    """An alert as recorded: `payload` is the JSON every channel receives (with `id` added)."""

    id: int
    rule_id: int | None
    kind: AlertKind
    zone_id: str | None
    period: str | None
    event_id: str | None
    incident_id: str | None
    fired_at: str
    payload: dict[str, Any]
    deliveries: list[Delivery] = field(default_factory=list)

    @property
    def message(self) -> dict[str, Any]:
        """What is sent: the payload with the alert's id first."""
        return {"id": self.id, **self.payload}


@dataclass(frozen=True)
class NewAlert:
    """An alert a check found: `members` are the reports it alerts on (an incident's, inside
    the zone), `period` the ISO week of an alert per period."""

    rule: AlertRule
    zone_id: str | None
    payload: dict[str, Any]
    members: tuple[str, ...] = ()
    period: str | None = None
    event_id: str | None = None
    incident_id: str | None = None


def add_rule(conn: Connection, rule: AlertRule) -> AlertRule:
    """Store a rule (its `id` is ignored); returns it with its id and time."""
    added = replace(rule, created_at=now_iso())
    values = {name: getattr(added, name) for name in (c.name for c in alert_rules.c) if name != "id"}
    found = conn.execute(insert(alert_rules).values(**values).returning(alert_rules.c.id)).scalar_one()
    return replace(added, id=int(found))


def rules(conn: Connection, ids: Sequence[int] | None = None) -> list[AlertRule]:
    """The stored rules (those of `ids` when given), by id."""
    query = select(alert_rules).order_by(alert_rules.c.id)
    if ids is not None:
        query = query.where(alert_rules.c.id.in_(list(ids)))
    return [AlertRule(**row) for row in conn.execute(query).mappings()]


def remove_rule(conn: Connection, rule_id: int) -> bool:
    """Remove a rule and its alerted reports; what it fired stays, without its rule, and is
    no longer delivered."""
    return conn.execute(delete(alert_rules).where(alert_rules.c.id == rule_id)).rowcount > 0


def caught_up(conn: Connection) -> set[int]:
    """The rules that have looked at every incident once: their next check reads the queue."""
    return set(conn.scalars(select(alert_caught_up.c.rule_id)))


def begin_check(conn: Connection, rule_ids: Sequence[int]) -> tuple[set[int], list[str]]:
    """The rules of `rule_ids` caught up before this check and the incidents queued for it;
    the others count as caught up from now (what fusion writes from now on is queued, so
    none is missed between their reading every incident and the next check)."""
    before = caught_up(conn)
    known = set(conn.scalars(select(alert_rules.c.id).where(alert_rules.c.id.in_(list(rule_ids)))))
    if known - before:
        conn.execute(insert(alert_caught_up), [{"rule_id": rule_id} for rule_id in sorted(known - before)])
    queued = list(conn.scalars(select(alert_queue.c.fused_id).order_by(alert_queue.c.fused_id)))
    return before & known, queued


def queue_incidents(conn: Connection, fused_ids: Sequence[str]) -> None:
    """Queue incidents just written for the next check, when a rule will read the queue
    (a rule not caught up reads every incident anyway)."""
    if fused_ids and conn.scalar(select(exists().select_from(alert_caught_up))):
        conn.execute(insert(alert_queue), [{"fused_id": fused_id} for fused_id in dict.fromkeys(fused_ids)])


def finish_check(conn: Connection, read: Sequence[str]) -> None:
    """The queued incidents a check read leave the queue (those written meanwhile stay)."""
    for chunk in chunks(read):
        conn.execute(delete(alert_queue).where(alert_queue.c.fused_id.in_(chunk)))


def fall_behind(conn: Connection) -> None:
    """Every rule reads every incident at its next check (the zones changed)."""
    conn.execute(delete(alert_caught_up))
    conn.execute(delete(alert_queue))


def alerted(conn: Connection, rule_id: int, event_ids: Sequence[str]) -> set[str]:
    """Those of `event_ids` that the rule has alerted on."""
    found: set[str] = set()
    ids = list(dict.fromkeys(event_ids))
    for start in range(0, len(ids), 500):  # bound the bound parameters of one statement
        found.update(
            conn.scalars(
                select(alert_events.c.event_id).where(
                    alert_events.c.rule_id == rule_id, alert_events.c.event_id.in_(ids[start : start + 500])
                )
            )
        )
    return found


def mark_alerted(conn: Connection, rule_id: int, event_ids: Sequence[str]) -> int:
    """Count the reports as alerted on by the rule, without firing; returns how many were new."""
    new = [e for e in dict.fromkeys(event_ids) if e not in alerted(conn, rule_id, event_ids)]
    if new:
        conn.execute(insert(alert_events), [{"rule_id": rule_id, "event_id": e} for e in new])
    return len(new)


def _fired_before(conn: Connection, found: NewAlert) -> bool:
    if found.period is not None:
        return bool(
            conn.scalar(
                select(
                    exists().where(
                        fired_alerts.c.rule_id == found.rule.id,
                        fired_alerts.c.zone_id == found.zone_id,
                        fired_alerts.c.period == found.period,
                    )
                )
            )
        )
    return bool(alerted(conn, found.rule.id, found.members))


#: The fields of a FiredAlert that are columns of fired_alerts (its id is the table's own).
_RECORDED = ("rule_id", "kind", "zone_id", "period", "event_id", "incident_id", "fired_at", "payload")


def record(conn: Connection, found: Sequence[NewAlert]) -> list[FiredAlert]:
    """Record the alerts that have not fired before (none of its reports alerted on by its
    rule; for a period, none for its rule, zone and period), each with a pending delivery per
    channel of its rule, in order; returns those recorded."""
    recorded = []
    for new in found:
        if _fired_before(conn, new):
            continue
        fired_at = now_iso()
        fired = FiredAlert(
            id=0,  # given by the insert
            rule_id=new.rule.id,
            kind=new.rule.kind,
            zone_id=new.zone_id,
            period=new.period,
            event_id=new.event_id,
            incident_id=new.incident_id,
            fired_at=fired_at,
            payload={**new.payload, "fired_at": fired_at},
            deliveries=[Delivery(channel, target) for channel, target in new.rule.channels],
        )
        row = {name: getattr(fired, name) for name in _RECORDED}
        fired.id = int(
            conn.execute(insert(fired_alerts).values(**row).returning(fired_alerts.c.id)).scalar_one()
        )
        if new.members:
            conn.execute(insert(alert_events), [{"rule_id": new.rule.id, "event_id": e} for e in new.members])
        if fired.deliveries:
            conn.execute(
                insert(alert_deliveries),
                [
                    {
                        "alert_id": fired.id,
                        "channel": d.channel,
                        "target": d.target,
                        "status": d.status,
                        "attempts": 0,
                        "updated_at": fired_at,
                    }
                    for d in fired.deliveries
                ],
            )
        recorded.append(fired)
    return recorded


def _alerts(conn: Connection, rows: Sequence[Any]) -> list[FiredAlert]:
    """FiredAlerts of fired_alerts rows, with their deliveries."""
    found: defaultdict[int, list[Delivery]] = defaultdict(list)
    ids = [row.id for row in rows]
    for d in conn.execute(
        select(alert_deliveries)
        .where(alert_deliveries.c.alert_id.in_(ids))
        .order_by(alert_deliveries.c.alert_id, alert_deliveries.c.channel)
    ):
        found[d.alert_id].append(Delivery(d.channel, d.target, d.status, d.attempts, d.error))
    return [
        FiredAlert(
            id=row.id,
            rule_id=row.rule_id,
            kind=row.kind,
            zone_id=row.zone_id,
            period=row.period,
            event_id=row.event_id,
            incident_id=row.incident_id,
            fired_at=row.fired_at,
            payload=row.payload,
            deliveries=found[row.id],
        )
        for row in rows
    ]


def undelivered(conn: Connection) -> list[FiredAlert]:
    """The alerts of rules still stored with a delivery not yet made (pending, or failed
    before), oldest first, each with only those deliveries."""
    waiting = and_(alert_deliveries.c.alert_id == fired_alerts.c.id, alert_deliveries.c.status != "delivered")
    rows = conn.execute(
        select(fired_alerts)
        .where(fired_alerts.c.rule_id.is_not(None), exists().where(waiting))
        .order_by(fired_alerts.c.id)
    ).all()
    alerts = _alerts(conn, rows)
    for alert in alerts:
        alert.deliveries = [d for d in alert.deliveries if d.status != "delivered"]
    return alerts


def save_delivery(conn: Connection, alert_id: int, delivery: Delivery) -> None:
    conn.execute(
        update(alert_deliveries)
        .where(alert_deliveries.c.alert_id == alert_id, alert_deliveries.c.channel == delivery.channel)
        .values(
            status=delivery.status, attempts=delivery.attempts, error=delivery.error, updated_at=now_iso()
        )
    )


def _listing_conditions(rule_id: int | None, zone_id: str | None) -> list[Any]:
    conds = []
    if rule_id is not None:
        conds.append(fired_alerts.c.rule_id == rule_id)
    if zone_id is not None:
        conds.append(fired_alerts.c.zone_id == zone_id)
    return conds


def fired(
    conn: Connection, limit: int | None, offset: int, rule_id: int | None = None, zone_id: str | None = None
) -> list[FiredAlert]:
    """Fired alerts, newest first, each with its deliveries and the incident it alerted on as
    it is now: its report's incident (an incident's id changes when a report joins it; None
    when the report is in none now). The payload keeps the incident as it was."""
    current = (
        select(event_sources.c.fused_id)
        .where(event_sources.c.event_id == fired_alerts.c.event_id)
        .scalar_subquery()
    )
    query = (
        select(*(c for c in fired_alerts.c if c.name != "incident_id"), current.label("incident_id"))
        .where(*_listing_conditions(rule_id, zone_id))
        .order_by(fired_alerts.c.fired_at.desc(), fired_alerts.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return _alerts(conn, conn.execute(query).all())


def count_fired(conn: Connection, rule_id: int | None = None, zone_id: str | None = None) -> int:
    query = select(func.count()).select_from(fired_alerts).where(*_listing_conditions(rule_id, zone_id))
    return int(conn.scalar(query) or 0)
