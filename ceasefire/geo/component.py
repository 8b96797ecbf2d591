"""The ``places`` component."""

from __future__ import annotations

from ceasefire.geo.places import find_places
from ceasefire.registry import Analysis, component


@component(
    "places",
    requires=("doc",),
    assigns=("places",),
    lexicons=(
        "admin_words",
        "arabic_articles",
        "compass_words",
        "facility_words",
        "geo_not_places",
        "name_particles",
        "pathogen_words",
        "place_locatives",
        "place_nouns",
        "place_types",
        "state_body_words",
        "town_parts",
    ),
)
def places_component(analysis: Analysis) -> None:
    """Every toponym of the article, resolved to one gazetteer place (ids p1, p2, ...)."""
    analysis.places = find_places(analysis.doc)
