"""The ``actors`` component."""

from __future__ import annotations

from ceasefire.actors.find import find_actors
from ceasefire.actors.phrase import code_phrase
from ceasefire.registry import Analysis, component


@component(
    "actors",
    requires=("doc", "places"),
    assigns=("actors", "coder"),
    lexicons=(
        "actor_locatives",
        "agentive_prepositions",
        "arabic_articles",
        "armed_unit_words",
        "body_role_endings",
        "cameo_sectors",
        "domestic_sectors",
        "gendered_words",
        "given_names",
        "origin_prepositions",
        "person_role_endings",
        "person_titles",
        "place_nouns",
    ),
)
def actors_component(analysis: Analysis) -> None:
    """Every actor the article names, coded to a country and sector (ids a1, a2, ...); and the
    coder that later components use for role phrases this stage left uncoded."""
    analysis.actors = find_actors(analysis.doc, analysis.places)
    analysis.coder = code_phrase
