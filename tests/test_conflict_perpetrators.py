"""Who carried out an attack, where the verb's own subject names no one: sentences written for each rule."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_events import Found


def _actors(found: Found) -> list[tuple[str, set[str]]]:
    """Per ASSAULT event: its trigger, and its actors' countries and names."""
    by_id = {a.id: a for a in found.actors}
    return [
        (e.trigger, {x for a in e.actor for x in (by_id[a].country or "", by_id[a].name)})
        for e in found.of_type("ASSAULT")
    ]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # the means of the act was laid or fired by someone: "mines planted by X killed"
        ("Land mines planted by the Islamic State group have killed nine farmers near the village.", "IMG"),
        ("Four children were killed by rockets fired by Turkish troops across the border.", "TUR"),
    ],
)
def test_the_agent_of_the_means_carried_it_out(nlp: Language, text: str, country: str) -> None:
    found = Found(nlp, text)
    assert any(any(country in x for x in names) for _, names in _actors(found)), _actors(found)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Twelve soldiers were killed in heavy clashes with Islamic State fighters near the dam.", "IMG"),
        ("Nine rebels were killed on Sunday during fighting with Russian troops in the hills.", "RUS"),
        (
            "At least 18 jihadists were killed in overnight clashes with Kurdish fighters near the town.",
            "Kurdish",
        ),
    ],
)
def test_victims_of_clashes_were_killed_by_the_other_side(nlp: Language, text: str, country: str) -> None:
    found = Found(nlp, text)
    assert any(any(country in x for x in names) for _, names in _actors(found)), _actors(found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a modifier of the attack's noun names who carried it out, even in lower case and with no country
        ("Six civilians were killed in a regime air strike on the market.", "regime"),
        ("Three farmers were killed in a rebel rocket attack on the village.", "rebel"),
    ],
)
def test_a_lower_case_modifier_of_the_attack_is_its_actor(nlp: Language, text: str, name: str) -> None:
    found = Found(nlp, text)
    assert any(any(name in x for x in names) for _, names in _actors(found)), _actors(found)


def test_its_fighters_are_the_groups(nlp: Language) -> None:
    text = "The Islamic State group said in a statement that one of its fighters had fired on the crowd."
    found = Found(nlp, text)
    assert any(any("IMG" in x for x in names) for _, names in _actors(found)), _actors(found)
