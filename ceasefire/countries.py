"""The ``countries`` component: the countries an article names, in order of first mention."""

from __future__ import annotations

from ceasefire.model import Actor, Place
from ceasefire.registry import Analysis, component
from ceasefire.resources import words


def countries_named(actors: list[Actor], places: list[Place]) -> list[str]:
    """ISO codes of every country the article names, in order of first mention."""
    nonstate = words("nonstate_codes")  # UNO, IGO, NGO, ...: not countries
    firsts: dict[str, int] = {}
    named = [(a.country, a.mentions) for a in actors] + [(p.country, p.mentions) for p in places]
    for country, mentions in named:
        if country and mentions and country not in nonstate:
            start = min(m.start for m in mentions)
            firsts[country] = min(start, firsts.get(country, start))
    return sorted(firsts, key=lambda code: firsts[code])


@component("countries", requires=("actors", "places"), assigns=("countries",), lexicons=("nonstate_codes",))
def countries_component(analysis: Analysis) -> None:
    """The ISO codes of every country the actors and places name, in order of first mention."""
    analysis.countries = countries_named(analysis.actors, analysis.places)
