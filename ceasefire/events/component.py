"""The ``events`` component."""

from __future__ import annotations

from ceasefire.events.extract import find_events
from ceasefire.registry import Analysis, component


@component(
    "events",
    requires=("doc", "published", "places", "actors", "coder", "times", "quotes"),
    assigns=("events", "actors"),
)
def events_component(analysis: Analysis) -> None:
    """PLOVER events (ids e1, e2, ...) with actor, recipient, place, date and casualties; a role
    phrase the actors stage left uncoded ("a Syrian airfield") adds an actor of its own."""
    analysis.events, added = find_events(
        analysis.doc,
        analysis.actors,
        analysis.places,
        analysis.times,
        analysis.quotes,
        analysis.coder,
        analysis.published,
    )
    analysis.actors = analysis.actors + added
