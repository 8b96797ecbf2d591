"""Toponym recognition: names that are gazetteer places somewhere but that the article uses
for something else (a pathogen, a person), and names that are places however they are used."""

from __future__ import annotations

import pytest
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


def test_a_name_listed_among_places_is_a_place_whatever_the_tagger_calls_it(nlp: Language) -> None:
    # the tagger calls Malawi, Togo, Niger and Giza persons here
    cases = [
        ("Cholera cases were also reported in Zambia, Malawi and Tanzania last week.", "Malawi", "MWI"),
        ("Floods hit the neighbouring countries of Benin, Togo, Niger, and Senegal.", "Niger", "NER"),
        ("Floods hit the neighbouring countries of Benin, Togo, Niger, and Senegal.", "Togo", "TGO"),
        ("Dead birds were found in three areas of Egypt: Cairo, Giza and Luxor.", "Giza", "EGY"),
    ]
    for text, name, country in cases:
        places = [p for p in find_places(nlp(text)) if any(m.text == name for m in p.mentions)]
        assert [p.country for p in places] == [country], (name, places)


def test_a_person_named_beside_places_is_still_a_person(nlp: Language) -> None:
    text = "Doctors from Kenya and Uganda met Paul Chad and Tom Jordan in Nairobi."
    assert mention_texts(nlp, text) == ["Kenya", "Uganda", "Nairobi"]


def test_a_word_that_is_only_another_name_of_a_town_needs_the_tagger(nlp: Language) -> None:
    # GeoNames gives Columbus, Ohio the other name "Franklin", Erwin, North Carolina "Duke"
    # and McIntyre, Georgia "Commissioner": a school, a university and a title here
    texts = [
        "Parents and teachers of Franklin met on Thursday to talk about the cases in Santa Ana, "
        "California. Franklin has 800 pupils.",
        "Researchers at Duke said the trial in North Carolina would start in June.",
        "The Commissioner of Health in Ohio said the Commissioner would speak on Monday.",
    ]
    assert [mention_texts(nlp, text) for text in texts] == [
        ["Santa Ana", "California"],
        ["North Carolina"],
        ["Ohio"],
    ]


def test_a_name_before_a_division_word_is_the_division(nlp: Language) -> None:
    # the tagger calls Punjab a nationality (an adjective) and Masvingo a product here
    cases = [
        (
            "Officials rushed to evacuate people from parts of the Punjab province of Pakistan.",
            "Punjab",
            "PAK",
        ),
        (
            "The provinces of Masvingo province has also reported cases of cholera in Zimbabwe.",
            "Masvingo",
            "ZWE",
        ),
    ]
    for text, name, country in cases:
        places = [p for p in find_places(nlp(text)) if any(m.text == name for m in p.mentions)]
        assert [(p.feature, p.country) for p in places] == [("admin1", country)], (name, places)


def test_a_name_the_tagger_calls_a_person_is_a_place_before_its_countrys_comma(nlp: Language) -> None:
    for text, name in [
        ("Tay Ninh, Vietnam, reported ten new cases on Monday.", "Tay Ninh"),
        ("Officials said Binh Duong, Vietnam, had run out of beds.", "Binh Duong"),
    ]:
        places = [p for p in find_places(nlp(text)) if any(m.text == name for m in p.mentions)]
        assert [p.country for p in places] == ["VNM"], (name, places)


@pytest.mark.parametrize(
    ("text", "abbreviation", "division"),
    [
        ("Flooding closed roads in Tampa, Fla., on Sunday.", "Fla.", "Florida"),
        ("The plant in Fresno, Calif., will reopen next week.", "Calif.", "California"),
        ("A nurse in Worcester, Mass., was the first case.", "Mass.", "Massachusetts"),
        ("Hospitals in Albany, N.Y., were told to expect more patients.", "N.Y.", "New York"),
        ("A farm near Regina, Sask., lost its herd.", "Sask", "Saskatchewan"),
        ("A plant in Laval, Que., closed.", "Que", "Quebec"),
    ],
)
def test_a_state_or_province_abbreviation_is_the_division(
    nlp: Language, text: str, abbreviation: str, division: str
) -> None:
    # (the tokenizer keeps "Fla." whole but splits "Sask." before its period)
    places = [p for p in find_places(nlp(text)) if any(m.text == abbreviation for m in p.mentions)]
    assert [(p.feature, p.name) for p in places] == [("admin1", division)], places


def test_a_word_spelled_like_an_abbreviation_is_no_division(nlp: Language) -> None:
    text = "Miss Jones, a teacher from Dayton, Ohio, said the family attended Mass. Then they left."
    assert mention_texts(nlp, text) == ["Dayton", "Ohio"]


def test_a_small_town_only_the_scan_found_needs_a_neighbour_not_just_its_country(nlp: Language) -> None:
    # Thomas, Oklahoma lies 1,100 km from Chicago: the article's country alone does not make
    # the toy's name the town
    text = (
        "Stores in Chicago, Illinois, pulled the toys. The maker of Thomas the Tank Engine said "
        "new Thomas trains would be safe."
    )
    assert mention_texts(nlp, text) == ["Chicago", "Illinois"]


def test_another_name_of_a_town_is_the_town_where_the_text_says_it_is_a_place(nlp: Language) -> None:
    # GeoNames files Palmyra as another name of Tadmur
    text = "Syrian troops entered the ancient city of Palmyra on Sunday."
    places = [p for p in find_places(nlp(text)) if any(m.text == "Palmyra" for m in p.mentions)]
    assert [p.country for p in places] == ["SYR"], places


def test_a_word_of_a_places_own_name_is_a_spelling_of_it(nlp: Language) -> None:
    text = "Rebels captured regime positions on the outskirts of eastern Ghouta in rural Damascus."
    places = [p for p in find_places(nlp(text)) if any(m.text == "Ghouta" for m in p.mentions)]
    assert [p.name for p in places] == ["Eastern Ghouta"], places


def test_the_un_is_no_town(nlp: Language) -> None:
    # "UN" is the folded name of two towns in India; in news it is the United Nations
    places = find_places(nlp("The envoy spoke at UN headquarters in New York on Monday."))
    assert [p.name for p in places] == ["New York"], places
