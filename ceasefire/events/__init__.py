"""The events stage: who did what to whom, where and when, as PLOVER event records."""

from ceasefire.events.component import events_component
from ceasefire.events.extract import find_events

__all__ = ["events_component", "find_events"]
