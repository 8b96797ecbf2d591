"""Divisions, towns and their levels: which entry a name means, by what the article names
around it (issue 12, "resolution in context"). Sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from ceasefire.geo import find_places, get_gazetteer
from ceasefire.model import Place, distance_km


def place_named(places: list[Place], name: str) -> Place:
    found = [p for p in places if any(m.text == name for m in p.mentions)]
    assert len(found) == 1, (name, places)
    return found[0]


def test_a_state_among_towns_of_other_states_is_the_state(nlp: Language) -> None:
    # A small town called California lies in Pennsylvania, near Pittsburgh: the towns named
    # around it are no reason to take it for the state.
    text = (
        "Heavy rain flooded streets in Pittsburgh and Cleveland on Monday. "
        "Officials in California said the storm would reach the coast by Friday."
    )
    california = place_named(find_places(nlp(text)), "California")
    assert (california.feature, california.country) == ("admin1", "USA"), california


@pytest.mark.parametrize("name", ["Oregon", "Delaware", "Wyoming", "Kansas", "Indiana"])
def test_a_list_of_states_is_a_list_of_states(nlp: Language, name: str) -> None:
    text = "Cases of the illness were confirmed in Oregon, Delaware, Wyoming, Kansas and Indiana."
    place = place_named(find_places(nlp(text)), name)
    assert (place.feature, place.country) == ("admin1", "USA"), place


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("The parade was held in Rochester, New York, on Sunday.", "New York", "USA"),
        ("Researchers at a lab in Athens, Georgia, found the strain.", "Georgia", "USA"),
        ("The plant in London, Ontario, will close next year.", "Ontario", "CAN"),
    ],
)
def test_the_name_after_a_towns_comma_is_its_division(
    nlp: Language, text: str, name: str, country: str
) -> None:
    place = place_named(find_places(nlp(text)), name)
    assert (place.feature, place.country) == ("admin1", country), place


def test_a_division_named_after_its_city_is_still_the_city(nlp: Language) -> None:
    places = find_places(nlp("Rebels shelled Idlib and Hama, and jets struck villages in Aleppo province."))
    for name in ("Idlib", "Hama"):
        assert place_named(places, name).feature == "city", places
    assert place_named(places, "Aleppo").feature == "admin1", places


def test_a_capital_is_the_town_its_name_means(nlp: Language) -> None:
    # Washington state has ten times the capital's people, but news means the capital.
    text = "Officials in Washington and Ottawa discussed the border on Tuesday."
    washington = place_named(find_places(nlp(text)), "Washington")
    assert (washington.feature, washington.admin1) == ("city", "Washington, D.C."), washington


def test_a_division_is_placed_in_the_middle_of_its_own_towns() -> None:
    # GeoNames files a few towns under a division they are not in (a "Hebei" town in Gansu):
    # the division's point is the middle of its towns without them.
    hebei = next(c for c in get_gazetteer().lookup("Hebei") if c.feature == "admin1")
    assert distance_km(hebei.lat, hebei.lon, 39.0, 116.0) < 150, hebei


@pytest.mark.parametrize(
    ("text", "name", "feature"),
    [
        ("Samples were sent to the U.S. Food and Drug Administration for testing.", "U.S.", "country"),
        ("A spokesman for the California Department of Public Health said so.", "California", "admin1"),
    ],
)
def test_the_state_that_opens_a_bodys_name_is_a_place(
    nlp: Language, text: str, name: str, feature: str
) -> None:
    place = place_named(find_places(nlp(text)), name)
    assert (place.feature, place.country) == (feature, "USA"), place


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The New York Times reported the recall on Monday.", "New York"),
        ("China Daily quoted the minister.", "China"),
    ],
)
def test_a_paper_named_after_a_place_names_no_place(nlp: Language, text: str, name: str) -> None:
    assert not [p for p in find_places(nlp(text)) if any(m.text == name for m in p.mentions)]


@pytest.mark.parametrize(
    ("text", "name", "feature", "country"),
    [
        # a town called China lies in Japan: the comma only separates two countries
        ("Officials in Brazil, China, Japan and Kenya reported new cases.", "China", "country", "CHN"),
        # towns called Oklahoma and Washington lie in the states named after them in the list
        ("Bees died in Georgia, Oklahoma, Pennsylvania and Ohio this spring.", "Oklahoma", "admin1", "USA"),
        (
            "Cases came from Utah, Virginia, Washington, West Virginia and Maine.",
            "Washington",
            "admin1",
            "USA",
        ),
    ],
)
def test_a_comma_between_two_countries_or_two_states_lists_them(
    nlp: Language, text: str, name: str, feature: str, country: str
) -> None:
    place = place_named(find_places(nlp(text)), name)
    assert (place.feature, place.country) == (feature, country), place


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # "New York" is only another name of New York City, the state's own name
        ("Farms across New York and Vermont lost their hives.", "New York"),
        ("Health officials in New York said the vaccine would reach clinics in May.", "New York"),
    ],
)
def test_a_state_is_not_taken_for_a_city_that_borrows_its_name(nlp: Language, text: str, name: str) -> None:
    place = place_named(find_places(nlp(text)), name)
    assert (place.feature, place.country) == ("admin1", "USA"), place


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("Rebels shelled a government-held district of Aleppo on Monday.", "city"),
        ("Jets struck the Sheikh Maqsoud district of Aleppo on Monday.", "city"),
        ("Jets struck villages in the province of Aleppo on Monday.", "admin1"),
        ("Clashes spread across the countryside of Aleppo on Monday.", "admin1"),
    ],
)
def test_a_district_of_a_city_is_a_part_of_the_city(nlp: Language, text: str, feature: str) -> None:
    """ "a district of Aleppo", "the X district of Aleppo": a quarter of the city, so the city;
    "the province of Aleppo" is the division."""
    assert place_named(find_places(nlp(text)), "Aleppo").feature == feature


def test_a_region_of_several_countries_is_the_region_not_a_town_of_the_article(nlp: Language) -> None:
    # a hamlet called Middle East lies in the United States, which the sentence names
    text = "The top commander of US forces in the Middle East warned against new strikes."
    region = place_named(find_places(nlp(text)), "Middle East")
    assert (region.country, region.feature) == (None, "country"), region


def test_a_division_named_without_its_article_beats_a_hamlets_other_name(nlp: Language) -> None:
    # "Anbar" is Al Anbar without its article, and an alternate name of a village in Turkey
    place = place_named(
        find_places(nlp("Fighting in Anbar province killed 12 people, Iraqi officials said.")), "Anbar"
    )
    assert (place.country, place.feature) == ("IRQ", "admin1"), place
