"""Events: a place that stands for a state or a party's seat is not where an event happened."""

from __future__ import annotations

from spacy.language import Language

from tests.test_events import Found


def _assault_places(found: Found) -> list[str | None]:
    return [(p.name if (p := found.place(e)) else None) for e in found.of_type("ASSAULT")]


def test_seat_and_sponsor_are_not_the_scene(nlp: Language) -> None:
    found = Found(
        nlp,
        "Air strikes killed twelve civilians on Monday, a monitor based in the UK said. "
        "US-led strikes killed five fighters on Tuesday.",
    )
    places = _assault_places(found)
    assert places and not {"United Kingdom", "United States"} & set(places), places


def test_a_capital_that_speaks_is_not_the_scene(nlp: Language) -> None:
    found = Found(nlp, "Moscow has denied any role. Five people were killed in an air raid on Sunday.")
    places = _assault_places(found)
    assert places and "Moscow" not in places, places


def test_a_continent_or_sea_is_not_the_scene(nlp: Language) -> None:
    found = Found(nlp, "Gunmen killed two guards in the Black Sea city of Bartin in Turkey on Friday.")
    places = _assault_places(found)
    assert places and "Black Sea" not in places, places
