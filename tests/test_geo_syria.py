"""Syrian towns in Syria: resolution in context among homonyms abroad (issue 12)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from ceasefire.geo import find_places
from ceasefire.model import Place, distance_km

# Each town in a sentence of its own, in an article about Syria: (sentence, name, GeoNames point).
SYRIAN_TOWNS = [
    ("Barrel bombs fell on Madaya overnight, a monitor said.", "Madaya", (33.690, 36.104)),
    ("Workers at a cement plant in Adra were trapped by the fighting.", "Adra", (33.604, 36.516)),
    ("Rebels said they still held Madira after two days of raids.", "Madira", (33.556, 36.391)),
    ("A market in Ariha in Idlib province was hit at noon.", "Ariha", (35.814, 36.610)),
    ("Government jets bombed Douma again on Sunday.", "Douma", (33.572, 36.403)),
    ("Artillery shelled Harasta through the night.", "Harasta", (33.559, 36.365)),
    ("Doctors in Khan Sheikhoun treated dozens of people.", "Khan Sheikhoun", (35.442, 36.651)),
    ("A hospital in Maarat al-Numan was put out of service.", "Maarat al-Numan", (35.648, 36.677)),
    ("Aid trucks have not reached Eastern Ghouta for weeks.", "Eastern Ghouta", (33.545, 36.425)),
    ("Former inmates described the prison at Sednaya.", "Sednaya", (33.695, 36.371)),
    ("Coalition strikes hit Al-Shafah on the Euphrates.", "Al-Shafah", (34.620, 40.900)),
]
OPENING = "Syria's war ground on this week, with fighting across the country. "


def place_named(places: list[Place], name: str) -> Place:
    found = [p for p in places if any(m.text == name for m in p.mentions)]
    assert len(found) == 1, (name, places)
    return found[0]


@pytest.mark.parametrize(("sentence", "name", "point"), SYRIAN_TOWNS, ids=[t[1] for t in SYRIAN_TOWNS])
def test_syrian_town_resolves_in_syria(
    nlp: Language, sentence: str, name: str, point: tuple[float, float]
) -> None:
    place = place_named(find_places(nlp(OPENING + sentence)), name)
    assert place.country == "SYR", place
    assert place.lat is not None and place.lon is not None, place
    assert distance_km(place.lat, place.lon, *point) < 15, place
    assert place.resolved_by and place.precision in ("town", "admin2", "site"), place


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Mortar rounds fell on Daraa on Monday.", "Daraa"),  # the province is named after its city
        ("Jets struck the southern city of Hama.", "Hama"),
        ("Thousands protested in Kiev on Saturday.", "Kiev"),  # a city of millions, its province smaller
    ],
)
def test_a_city_beats_the_division_named_after_it(nlp: Language, sentence: str, name: str) -> None:
    place = place_named(find_places(nlp(OPENING + sentence)), name)
    assert (place.feature, place.precision) == ("city", "town"), place


def test_province_and_state_are_the_divisions(nlp: Language) -> None:
    places = find_places(
        nlp(OPENING + "Jets struck villages in Idlib province. In Texas, the governor declared a disaster.")
    )
    idlib = place_named(places, "Idlib")
    assert (idlib.feature, idlib.precision, idlib.country) == ("admin1", "admin1", "SYR"), idlib
    texas = place_named(places, "Texas")
    assert (texas.feature, texas.precision, texas.country) == ("admin1", "admin1", "USA"), texas
    # The state's point lies inside it, far from its largest city (Houston, 29.76 -95.36).
    assert texas.lat is not None and texas.lon is not None
    assert distance_km(texas.lat, texas.lon, 29.76, -95.36) > 150, texas


def test_demonym_before_a_kind_of_place_names_its_country(nlp: Language) -> None:
    places = find_places(nlp("Fighters entered the Syrian town of Madaya at dawn."))
    madaya = place_named(places, "Madaya")
    assert (madaya.country, madaya.resolved_by) == ("SYR", "qualifier"), madaya


@pytest.mark.parametrize("spelling", ["Deir ez-Zor", "Deir Ezzor", "Deir Az-Zour", "Deir al-Zour"])
def test_spellings_of_deir_ez_zor(nlp: Language, spelling: str) -> None:
    places = find_places(nlp(f"{OPENING}Militants attacked an airbase near {spelling} on Monday."))
    place = place_named(places, spelling)
    assert place.country == "SYR" and place.lat is not None, place
    assert distance_km(place.lat, place.lon, 35.336, 40.141) < 15, place  # type: ignore[arg-type]


def test_a_part_of_a_town_is_not_a_namesake_town_abroad(nlp: Language) -> None:
    places = find_places(
        nlp(OPENING + "Mortars fell on the Sana neighborhood of Aleppo and the Castello Road.")
    )
    for name in ("Sana", "Castello"):
        part = place_named(places, name)
        assert part.country == "SYR" and part.geonames_id is None, part
    # A town the article's country has keeps its entry, whatever the text calls it.
    batna = place_named(
        find_places(nlp(OPENING + "A video from the Kafr Batna neighborhood spread.")), "Kafr Batna"
    )
    assert batna.geonames_id is not None and batna.country == "SYR", batna


def test_small_namesake_abroad_gives_way_to_the_articles_village(nlp: Language) -> None:
    text = "Jets struck Idlib and Aleppo on Monday. Six raids hit the village of Hass, killing four."
    hass = place_named(find_places(nlp(text)), "Hass")
    assert hass.country == "SYR" and hass.geonames_id is None, hass


def test_unlisted_village_takes_the_articles_country_not_a_base(nlp: Language) -> None:
    text = (
        "Shelling hit Homs and Hama again. "
        "Two men died in the village of Bustan Zaatari, the UK-based monitor said."
    )
    village = place_named(find_places(nlp(text)), "Bustan Zaatari")
    assert village.country == "SYR", village


def test_compass_word_before_a_country(nlp: Language) -> None:
    place = place_named(find_places(nlp("A car bomb killed nine people in Northern Syria.")), "Syria")
    assert place.country == "SYR" and place.feature == "country", place


def test_continents_and_seas_are_places_of_no_country(nlp: Language) -> None:
    places = find_places(nlp("The virus spread from Africa to Europe, and ships crossed the Mediterranean."))
    for name in ("Africa", "Europe", "Mediterranean"):
        place = place_named(places, name)
        assert place.country is None and place.precision in ("continent", "region"), place


def test_a_typed_name_met_only_loosely_is_kept_unlisted(nlp: Language) -> None:
    places = find_places(nlp("A bomb hit a patrol in the south Baghdad neighbourhood of Zafaraniya."))
    place = place_named(places, "Zafaraniya")
    assert place.geonames_id is None and place.country == "IRQ", place


def test_a_divisions_own_name_beats_a_town_that_borrows_it(nlp: Language) -> None:
    places = find_places(
        nlp("Fire crews from Colorado, Idaho and West Virginia flew to Oregon, and more came from Alaska.")
    )
    for name in ("Idaho", "Alaska"):
        assert place_named(places, name).feature == "admin1", places
