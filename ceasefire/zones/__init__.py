"""Declared zones (ceasefires, de-escalation zones): the events inside them, period by period."""

from ceasefire.zones.geojson import parse_zones
from ceasefire.zones.registry import add_zones, assign_events, assign_new_events
from ceasefire.zones.report import VIOLATION_TYPES, undated_events, zone_report

__all__ = [
    "VIOLATION_TYPES",
    "add_zones",
    "assign_events",
    "assign_new_events",
    "parse_zones",
    "undated_events",
    "zone_report",
]
