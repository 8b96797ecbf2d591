"""Toponym recognition: names that are gazetteer places somewhere but that the article uses
for something else (a pathogen, a person), and names that are places however they are used."""

from __future__ import annotations

from spacy.language import Language

from ceasefire.geo import find_places


def mention_texts(nlp: Language, text: str) -> list[str]:
    return [m.text for p in find_places(nlp(text)) for m in p.mentions]


def test_a_pathogen_named_after_a_place_is_no_mention_of_it(nlp: Language) -> None:
    text = (
        "Health workers in Luanda confirmed two more cases of the Marburg virus on Tuesday. "
        "Marburg spreads through contact with the body fluids of the sick, doctors said."
    )
    assert mention_texts(nlp, text) == ["Luanda"]


def test_the_pathogens_namesake_is_still_a_place_where_the_text_locates_it(nlp: Language) -> None:
    text = (
        "Vets found the Reston strain in pigs on two farms. The strain was first seen in "
        "monkeys shipped to a laboratory in Reston, Virginia, decades ago."
    )
    assert mention_texts(nlp, text) == ["Reston", "Virginia"]


def test_a_persons_surname_is_no_town_of_that_name(nlp: Language) -> None:
    text = (
        "Singer Jane Lennox, back from a tour of the United States, spoke at a clinic in Durban. "
        '"We need the drugs now," said Lennox in her speech. Lennox has given money to '
        "clinics in the United States before."
    )
    assert "Lennox" not in mention_texts(nlp, text)


def test_a_town_named_like_a_person_stays_a_town_where_the_text_locates_it(nlp: Language) -> None:
    text = "Actor Matt Lennox grew up in Lennox, California, near Los Angeles."
    assert "Lennox" in mention_texts(nlp, text)
