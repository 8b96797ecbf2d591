"""One act, one event: sentences written for each rule that decides what is an event of its own
and who its participants are (issue 11: events you can count)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from ceasefire.model import Actor, Event
from ceasefire.pipeline import default_pipeline
from ceasefire.registry import Analysis


def analyse(nlp: Language, text: str) -> tuple[list[Event], dict[str, Actor]]:
    analysis = default_pipeline().run(Analysis(nlp(text), None))
    return analysis.events, {a.id: a for a in analysis.actors}


def types(nlp: Language, text: str) -> list[str]:
    return [e.type for e in analyse(nlp, text)[0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the toll of an act is the act: its result participles and coordinated toll verbs
        (
            "Rebels shelled the village on Monday, killing seven civilians and wounding 12 others.",
            ["ASSAULT"],
        ),
        ("A roadside bomb killed three soldiers and wounded four others near the town.", ["ASSAULT"]),
        # a complement or a purpose clause is part of the act that governs it
        ("The two countries agreed on Tuesday to lift the embargo on fuel.", ["AGREE"]),
        ("The foreign minister telephoned his Turkish counterpart to discuss the crisis.", ["CONSULT"]),
        ("Thousands of workers began a hunger strike to protest against the new law.", ["PROTEST"]),
        # an attack told as the background of another act, by its means or its toll, is an
        # incident of its own; hostilities or protests told only in general are not
        ("The army imposed a curfew on the city following the bombing of a market.", ["COERCE", "ASSAULT"]),
        ("Police arrested five men after a shooting at a bus station.", ["COERCE", "ASSAULT"]),
        ("The rebels agreed to a truce after clashes that killed 12 soldiers.", ["AGREE", "ASSAULT"]),
        ("The president offered to resume talks following weeks of clashes in the north.", ["AGREE"]),
        ("The minister resigned after weeks of protests against the dam.", ["RETREAT"]),
        # (a mode of seizure is no means: "invasions" told in general are background too)
        ("The president offered talks to the rebels following repeated invasions of the north.", ["AGREE"]),
        ("Kenyan police imposed a curfew on the town after a large demonstration.", ["COERCE"]),
        # coordinated acts are two events
        ("Rebels attacked the checkpoint and government forces shelled the village.", ["ASSAULT", "ASSAULT"]),
        ("Egypt praised the deal and Jordan welcomed it on Monday.", ["SUPPORT", "SUPPORT"]),
        # but verbs of one subject naming acts of one (verbal or cooperative) type tell one act
        ("The minister praised the agreement and welcomed the new government in Kabul.", ["SUPPORT"]),
        ("The opposition condemned the arrests and denounced the new law.", ["ACCUSE"]),
    ],
)
def test_one_act_one_event(nlp: Language, text: str, expected: list[str]) -> None:
    assert types(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The province is home to about two million people, according to the United Nations.",
        "The uprising began in March 2011 in the southern city.",
        "Aid groups warned on Monday that food stocks were running low.",
        "The meeting's chairman is a retired judge from the capital.",
        "The rough terrain has helped the fighters hide in the hills.",
    ],
)
def test_words_that_name_no_event(nlp: Language, text: str) -> None:
    """ "according to", a month, a noun that only qualifies another noun, a generic verb."""
    assert types(nlp, text) == []


def test_left_dead_is_the_toll_of_the_raids(nlp: Language) -> None:
    events, _ = analyse(nlp, "Air raids left 15 people dead in the east of the city.")
    assert [(e.type, e.trigger, e.fatalities) for e in events] == [("ASSAULT", "raids", 15)]


def test_a_mistaken_lemma_still_finds_its_light_verb(nlp: Language) -> None:
    """The small model lemmatizes "staged" as "stag": the rally's actor is still the subject."""
    events, actors = analyse(nlp, "Angry Palestinian farmers staged rallies in the town on Friday.")
    assert [e.type for e in events] == ["PROTEST"]
    assert {actors[a].country for a in events[0].actor} == {"PSE"}


def test_a_pronoun_actor_is_the_reporting_clause_subject(nlp: Language) -> None:
    events, actors = analyse(nlp, "Egypt said on Monday it would withdraw its ambassador from Israel.")
    assert events and {actors[a].country for a in events[0].actor} == {"EGY"}


def test_the_recipient_of_a_demand_is_the_subject_it_is_made_of(nlp: Language) -> None:
    events, actors = analyse(nlp, "Turkey demanded that Greece release the detained fishermen.")
    assert [e.type for e in events] == ["REQUEST"]
    assert {actors[a].country for a in events[0].actor} == {"TUR"}
    assert {actors[a].country for a in events[0].recipient} == {"GRC"}


def countries(actors: dict[str, Actor], ids: list[str]) -> set[str | None]:
    return {actors[a].country for a in ids}


def test_a_measure_aimed_at_a_state_names_it_by_its_place(nlp: Language) -> None:
    events, actors = analyse(nlp, "Syria said it was willing to withdraw its troops from Lebanon.")
    assert [e.type for e in events] == ["AGREE"]
    assert countries(actors, events[0].actor) == {"SYR"}
    assert countries(actors, events[0].recipient) == {"LBN"}  # not "its troops"


def test_the_subject_of_a_predicate_adjective_is_the_actor(nlp: Language) -> None:
    events, actors = analyse(nlp, "Morocco is ready to host a meeting between the two sides.")
    assert events and countries(actors, events[0].actor) == {"MAR"}


def test_a_nominal_event_on_a_verb_takes_the_verb_subject(nlp: Language) -> None:
    events, actors = analyse(nlp, "Iranian negotiators returned to Geneva on Monday for talks.")
    assert [e.type for e in events] == ["CONSULT"]
    assert countries(actors, events[0].actor) == {"IRN"}


def test_an_attack_with_a_toll_is_an_incident_even_when_condemned(nlp: Language) -> None:
    events, _ = analyse(nlp, "The opposition condemned the air strike that killed 43 people in the town.")
    assert sorted((e.type, e.fatalities) for e in events) == [("ACCUSE", None), ("ASSAULT", 43)]


def test_fighting_beside_the_news_is_an_incident_of_its_own(nlp: Language) -> None:
    assert types(nlp, "The army shelled the town as clashes spread to the north.") == ["ASSAULT", "ASSAULT"]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # the means of an act names who carried it out
        ("More than 60 soldiers were killed in US-led strikes on Saturday.", "USA"),
        ("Twelve civilians were killed in heavy Russian air strikes on the town.", "RUS"),
        # the group that claims an attack is its actor
        ("The Islamic State group claimed responsibility for the bombing of the market.", "IMG"),
    ],
)
def test_who_carried_out_an_attack(nlp: Language, text: str, country: str) -> None:
    events, actors = analyse(nlp, text)
    assault = [e for e in events if e.type == "ASSAULT"]
    assert assault and country in countries(actors, assault[0].actor)


def test_the_medium_that_reports_an_attack_is_no_participant(nlp: Language) -> None:
    events, _ = analyse(nlp, "The explosion in the market was reported by Syrian state media.")
    assert [e.type for e in events] == ["ASSAULT"]
    assert events[0].actor == [] and events[0].recipient == []


def test_a_toll_told_on_its_own_is_the_previous_attacks(nlp: Language) -> None:
    events, _ = analyse(
        nlp, "A car bomb exploded near the market on Sunday. Police put the death toll at 16."
    )
    assert [(e.type, e.fatalities) for e in events] == [("ASSAULT", 16)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # grants, loans and suspensions named by a noun, on a light verb that gives the roles
        ("Japan will give Kenya a grant of 20 million dollars for new roads.", ("AGREE", "JPN", "KEN")),
        ("The European Union gave Mali a loan of 50 million euros on Monday.", ("AID", "EUR", "MLI")),
        ("Italy announced a suspension of flights to Libya on Wednesday.", ("SANCTION", "ITA", "LBY")),
    ],
)
def test_nominal_acts(nlp: Language, text: str, expected: tuple[str, str, str]) -> None:
    events, actors = analyse(nlp, text)
    assert [
        (e.type, *(next(iter({actors[a].country for a in role}), None) for role in (e.actor, e.recipient)))
        for e in events
    ] == [expected]
