"""One check: every stored rule evaluated, what is new recorded, every delivery not yet made
sent (the new alerts' and those that failed before)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ceasefire.alerts.deliver import deliver
from ceasefire.alerts.evaluate import INCIDENT_RULE, find_alerts
from ceasefire.store import Delivery, FiredAlert, Store


@dataclass
class AlertCheck:
    """What one check did."""

    fired: list[FiredAlert] = field(default_factory=list)  # new this time, their deliveries made
    failed: list[tuple[FiredAlert, Delivery]] = field(default_factory=list)  # deliveries that failed now
    redelivered: int = 0  # deliveries of earlier alerts made this time


def check_alerts(store: Store, *, now: dt.date | None = None) -> AlertCheck:
    """Evaluate every rule (a weekly rule looks at the ISO week of `now`, today by default,
    and the one before; an incident rule, once it has looked at every incident, at those
    fusion wrote since the last check), record the alerts that have not fired before,
    deliver them and every delivery that failed before."""
    rules = store.alert_rules()
    if not rules:
        return AlertCheck()
    day = now or dt.datetime.now(dt.UTC).date()
    caught_up, changed = store.begin_alert_check([rule.id for rule in rules if rule.kind == INCIDENT_RULE])
    found = [
        alert
        for rule in rules
        for alert in find_alerts(store, rule, day, changed if rule.id in caught_up else None)
    ]
    fired = store.record_alerts(found) if found else []
    store.finish_alert_check(changed)
    waiting = store.undelivered_alerts()
    failed = deliver(store, waiting)
    new = {alert.id for alert in fired}
    by_id = {alert.id: alert for alert in waiting}
    redelivered = sum(
        d.status == "delivered" for alert in waiting if alert.id not in new for d in alert.deliveries
    )
    return AlertCheck(
        fired=[by_id.get(alert.id, alert) for alert in fired], failed=failed, redelivered=redelivered
    )


def fire_alerts(store: Store, *, now: dt.date | None = None) -> list[FiredAlert]:
    """Evaluate every stored rule, record what fired, deliver it (and retry the deliveries
    that failed before); returns what fired this time, with how each delivery went."""
    return check_alerts(store, now=now).fired
