"""The places stage: gazetteer lookups, recognition and context resolution on real text."""

from __future__ import annotations

import csv
import json
import time
from typing import Any

import pytest
from spacy.language import Language

from ceasefire.geo import Gazetteer, find_places, get_gazetteer
from ceasefire.model import Place, distance_km
from ceasefire.text import name_key
from tests.conftest import assert_mentions_in_text_order, shared_path


def places_of(nlp: Language, text: str) -> list[Place]:
    return find_places(nlp(text))


def only(places: list[Place], name: str) -> Place:
    found = [p for p in places if any(m.text == name for m in p.mentions)]
    assert len(found) == 1, (name, places)
    return found[0]


def test_seed_gold_places_within_50_km(
    nlp: Language, seed_clean_text: str, seed_gold: dict[str, Any]
) -> None:
    text = seed_clean_text
    places = places_of(nlp, text)
    for gold in seed_gold["places"]:
        place = only(places, gold["name"])
        assert place.lat is not None and place.lon is not None
        assert distance_km(place.lat, place.lon, gold["lat"], gold["lon"]) < 50, place
        assert place.feature == "city"
    assert_mentions_in_text_order(places, text, "p")


def test_seed_countries_are_country_features(nlp: Language, seed_clean_text: str) -> None:
    places = places_of(nlp, seed_clean_text)
    countries = {p.country for p in places if p.feature == "country"}
    assert {"KAZ", "SYR", "RUS", "TUR"} <= countries
    syria = only(places, "Syria")
    assert syria.name == "Syria" and len(syria.mentions) == 3
    # Demonyms and "the Turkish border" are not places.
    assert not any(m.text in ("Syrian", "Turkish", "Russian", "Turks") for p in places for m in p.mentions)


def test_raw_seed_finds_idlib_that_ner_calls_org(nlp: Language, seed_doc: Any) -> None:
    idlib = only(find_places(seed_doc), "Idlib")
    assert (idlib.country, idlib.admin1, idlib.feature) == ("SYR", "Idlib", "city")


def test_gazetteer_loads_fast() -> None:
    started = time.perf_counter()
    gazetteer = Gazetteer()
    gazetteer.lookup("Aleppo")
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "name",
    [
        "Idlib",
        "Aleppo",
        "Deir ez-Zor",
        "Deir ezzor",
        "Hasakeh",
        "Al-Hasakah",
        "Lattakia",
        "Latakia",
        "Tartous",
        "Daraa",
        "Raqqa",
        "Al-Raqqa",
        "Homs",
        "Hama",
        "Damascus",
    ],
)
def test_syrian_spelling_variants_resolve_in_syria(name: str) -> None:
    assert any(c.country == "SYR" for c in get_gazetteer().lookup(name))


def test_folding_meets_geonames_marks() -> None:
    assert name_key("I‘zāz") == name_key("Izaz") == name_key("I'zaz") == "izaz"
    assert name_key("Erdoğan") == "erdogan"
    azaz = get_gazetteer().lookup("Azaz")
    assert [(c.geonames_id, round(c.lat, 2), round(c.lon, 2)) for c in azaz] == [(172082, 36.59, 37.05)]
    astana = [c for c in get_gazetteer().lookup("Astana") if c.country == "KAZ"]
    assert astana and distance_km(astana[0].lat, astana[0].lon, 51.1801, 71.446) < 5


def test_country_and_demonym_lookups() -> None:
    gazetteer = get_gazetteer()
    syria = gazetteer.country("SYR")
    assert syria is not None and syria.feature == "country" and syria.name == "Syria"
    assert gazetteer.demonym("Syrians") == "SYR"
    assert gazetteer.demonym("Turkish") == "TUR"
    assert gazetteer.lookup("Syrian") == []


def test_demonym_is_not_a_place(nlp: Language) -> None:
    assert places_of(nlp, "The Syrian army advanced near the Turkish border on Monday.") == []


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Clashes erupted in Tripoli and Benghazi on Monday.", "LBY"),
        ("Fighting spread from Homs to Tripoli and Beirut.", "LBN"),
        ("Militias fought for the airport of Tripoli as the Libyan government fled.", "LBY"),
    ],
)
def test_homonym_resolved_by_context(nlp: Language, text: str, country: str) -> None:
    assert only(places_of(nlp, text), "Tripoli").country == country


def test_qualified_homonym(nlp: Language) -> None:
    texas = only(places_of(nlp, "He grew up in Paris, Texas, before the war."), "Paris")
    assert (texas.country, texas.admin1) == ("USA", "Texas")
    france = only(places_of(nlp, "Protesters gathered in Paris on Saturday."), "Paris")
    assert france.country == "FRA"


def test_province_selects_the_governorate(nlp: Language) -> None:
    places = places_of(nlp, "Jets struck Idlib province, then the city of Idlib itself.")
    assert sorted(p.feature for p in places) == ["admin1", "city"]


def test_distance_km() -> None:
    assert distance_km(36.5866, 37.0463, 36.5866, 37.0463) == 0
    assert 40 < distance_km(36.5866, 37.0463, 36.2012, 37.1612) < 50  # Azaz to Aleppo


def test_fakes_syria_locations_resolve_in_syria() -> None:
    path = shared_path("corpora/fakes-syria-dev.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    gazetteer = get_gazetteer()
    resolved = sum(any(c.country == "SYR" for c in gazetteer.lookup(r["location"])) for r in rows)
    share = resolved / len(rows)
    print(f"fakes-syria-dev: {resolved}/{len(rows)} gold locations resolve in Syria ({share:.3f})")
    assert share >= 0.95


def test_event_location_spans_recognised(nlp: Language) -> None:
    path = shared_path("gold/event-location-dev.jsonl")
    with path.open(encoding="utf-8") as handle:
        items = [json.loads(line) for _, line in zip(range(500), handle, strict=False)]
    gold = found = 0
    for item, doc in zip(items, nlp.pipe(i["text"] for i in items), strict=True):
        mentions = [m for p in find_places(doc) for m in p.mentions]
        for span in item["spans"]:
            if span["label"] == "LOCATION":
                gold += 1
                found += any(m.start < span["end"] and span["start"] < m.end for m in mentions)
    share = found / gold
    print(f"event-location-dev (500 lines): {found}/{gold} LOCATION spans recognised ({share:.3f})")
    assert share >= 0.55


def test_place_type_words_and_lost_apostrophes(nlp: Language) -> None:
    # a type word after a resolved name is no place of its own
    names = {
        m.text for p in places_of(nlp, "Troops held the base in Quang Tri Province.") for m in p.mentions
    }
    assert "Province" not in names
    # "Syrias Idlib": the owner's possessive without its apostrophe
    idlib = only(places_of(nlp, "Jets struck a market in Syrias Idlib province."), "Idlib")
    assert idlib.country == "SYR"
