"""Alerts: rules per zone that fire once per new incident or per period, delivered to
stdout, a file or a webhook (docs/alerts.md)."""

from ceasefire.alerts.check import AlertCheck, check_alerts, fire_alerts
from ceasefire.alerts.deliver import as_line
from ceasefire.alerts.records import alert_record, rule_record
from ceasefire.alerts.rules import KINDS, SETTINGS, RuleError, add_rule, describe, destinations, new_rule
from ceasefire.store import AlertRule, Delivery, FiredAlert

__all__ = [
    "KINDS",
    "SETTINGS",
    "AlertCheck",
    "AlertRule",
    "Delivery",
    "FiredAlert",
    "RuleError",
    "add_rule",
    "alert_record",
    "as_line",
    "check_alerts",
    "describe",
    "destinations",
    "fire_alerts",
    "new_rule",
    "rule_record",
]
