"""Fired alerts and rules as plain JSON records: what `ceasefire alerts` and /api/alerts list.

Over the API a target is shown without what may be a secret: a webhook's URL often carries
its token in the path (Slack's, Discord's), and a file's path says where the server keeps it.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from ceasefire.alerts.rules import describe
from ceasefire.store import AlertRule, Delivery, FiredAlert


def _shown(channel: str, target: str | None, reveal: bool) -> str | None:
    if reveal or target is None:
        return target
    if channel == "webhook":
        parts = urlsplit(target)
        return f"{parts.scheme}://{parts.hostname}/…"
    return os.path.basename(target)


def _delivery(delivery: Delivery, reveal: bool) -> dict[str, Any]:
    return {
        "channel": delivery.channel,
        "target": _shown(delivery.channel, delivery.target, reveal),
        "status": delivery.status,
        "attempts": delivery.attempts,
        "error": delivery.error if reveal or delivery.error is None else delivery.error.split(" (")[0],
    }


def alert_record(alert: FiredAlert, *, reveal_targets: bool = True) -> dict[str, Any]:
    """A fired alert: what was sent (`payload`, its `message` in words), the incident it
    alerted on as it is now (`incident_id`), and how each delivery went."""
    return {
        "id": alert.id,
        "rule_id": alert.rule_id,
        "kind": alert.kind,
        "zone_id": alert.zone_id,
        "period": alert.period,
        "incident_id": alert.incident_id,
        "event_id": alert.event_id,
        "fired_at": alert.fired_at,
        "message": str(alert.payload.get("message", alert.kind)),
        "payload": alert.payload,
        "deliveries": [_delivery(d, reveal_targets) for d in alert.deliveries],
    }


def rule_record(rule: AlertRule, *, reveal_targets: bool = True) -> dict[str, Any]:
    """A rule: its kind, zone and settings, what it fires on in words, where its alerts go."""
    return {
        "id": rule.id,
        "kind": rule.kind,
        "zone_id": rule.zone_id,
        "min_fatalities": rule.min_fatalities,
        "factor": rule.factor,
        "min_count": rule.min_count,
        "description": describe(rule),
        "channels": [
            {"channel": channel, "target": _shown(channel, target, reveal_targets)}
            for channel, target in rule.channels
        ],
        "created_at": rule.created_at,
    }
