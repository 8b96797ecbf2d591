"""Events: of the places a sentence names, the one where the act happened.

A province or country that holds another place of the sentence only frames it; a place the act
happened near ("20 km west of X", "near the town of X") is a reference point, taken only when
the sentence says nothing closer.
"""

from __future__ import annotations

from spacy.language import Language

from tests.test_events import Found


def _places(found: Found, type_: str) -> list[str | None]:
    return [(p.name if (p := found.place(e)) else None) for e in found.of_type(type_)]


def test_a_province_holding_a_town_of_the_sentence_only_frames_it(nlp: Language) -> None:
    found = Found(nlp, "In Idlib province, four people were killed when a rocket struck a bus near Saraqib.")
    assert _places(found, "ASSAULT")[:1] == ["Saraqib"], _places(found, "ASSAULT")


def test_a_country_holding_a_province_of_the_sentence_only_frames_it(nlp: Language) -> None:
    found = Found(
        nlp,
        "Three bombs were detonated by insurgents late on Thursday in several villages "
        "of Thailand's southernmost Yala Province.",
    )
    assert _places(found, "ASSAULT") == ["Yala"], _places(found, "ASSAULT")


def test_a_place_west_of_which_the_act_happened_is_a_reference_point(nlp: Language) -> None:
    found = Found(
        nlp, "A driver delivering food to troops in Ramadi, west of Baghdad, was shot dead on Monday."
    )
    assert _places(found, "ASSAULT") == ["Ramadi"], _places(found, "ASSAULT")


def test_a_town_near_which_the_act_happened_is_a_reference_point(nlp: Language) -> None:
    found = Found(
        nlp,
        "A car bomb exploded at a busy market in the town of Tal Afar, near the Sinjar town, "
        "60 km west of Mosul, killing six people.",
    )
    assert _places(found, "ASSAULT")[:1] == ["Tal Afar"], _places(found, "ASSAULT")


def test_a_reference_point_is_the_place_when_nothing_closer_is_said(nlp: Language) -> None:
    found = Found(nlp, "Two soldiers were shot and wounded on a road 30 km north of Kirkuk on Sunday.")
    places = _places(found, "ASSAULT")
    assert places and set(places) == {"Kirkuk"}, places


def test_a_place_naming_a_building_the_act_hit_is_its_place(nlp: Language) -> None:
    found = Found(nlp, "A suicide bomber destroyed a crowded Kabul hotel on Sunday.")
    assert _places(found, "ASSAULT")[:1] == ["Kabul"], _places(found, "ASSAULT")


def test_the_country_of_a_victim_is_the_place_when_the_sentence_names_no_other(nlp: Language) -> None:
    found = Found(nlp, "Peru's deputy interior minister was shot and wounded on Tuesday night.")
    assert _places(found, "ASSAULT")[:1] == ["Peru"], _places(found, "ASSAULT")


def test_the_country_of_a_victim_yields_to_a_place_the_sentence_names(nlp: Language) -> None:
    found = Found(nlp, "Peru's ambassador was shot dead in Caracas on Tuesday.")
    assert _places(found, "ASSAULT")[:1] == ["Caracas"], _places(found, "ASSAULT")


def test_a_sea_is_the_scene_of_an_act_at_sea(nlp: Language) -> None:
    found = Found(nlp, "Navy boats seized two fishing vessels in the Persian Gulf on Monday.")
    assert _places(found, "COERCE") + _places(found, "ASSAULT") == ["Persian Gulf"], found.events


def test_the_smaller_of_a_part_and_its_town_is_the_place(nlp: Language) -> None:
    for text in (
        "Five people were killed in the Douma suburb of Damascus on Sunday.",
        "Five people were killed in the Damascus suburb of Douma on Sunday.",
    ):
        found = Found(nlp, text)
        assert _places(found, "ASSAULT") == ["Douma"], (text, _places(found, "ASSAULT"))


def test_the_owner_of_a_part_holds_it(nlp: Language) -> None:
    found = Found(
        nlp, "Shells hit a market in Baghdad's eastern enclave of Sadr City on Monday, killing five."
    )
    assert _places(found, "ASSAULT")[:1] == ["Sadr City"], _places(found, "ASSAULT")
    found = Found(nlp, "Militants captured hills in Indian Kashmir's Kargil area.")
    assert _places(found, "COERCE") == ["Kargil"], _places(found, "COERCE")


def test_a_town_in_a_named_area_is_the_place_not_the_area(nlp: Language) -> None:
    # the Eastern Ghouta is a farmland area of many towns (a hand-added place with no GeoNames
    # id): a town of it named in the sentence is where the raids hit
    text = "Air raids hit Arbin in the Eastern Ghouta on Friday, killing four civilians in Syria."
    found = Found(nlp, text)
    assert _places(found, "ASSAULT") == ["Arbin"], _places(found, "ASSAULT")


def test_a_named_area_where_the_act_happened_stays_its_place(nlp: Language) -> None:
    # the area holds no town here: the clash was in it, near Damascus
    text = "Troops clashed with rebels in Eastern Ghouta near Damascus, killing nine fighters in Syria."
    assert _places(Found(nlp, text), "ASSAULT") == ["Eastern Ghouta"]
