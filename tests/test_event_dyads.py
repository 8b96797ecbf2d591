"""Who did what to whom: sentences written for each rule that finds an event's actor and
recipient (issue 11, item 4)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from ceasefire.model import Actor, Event
from ceasefire.pipeline import default_pipeline
from ceasefire.registry import Analysis


def analyse(nlp: Language, text: str) -> tuple[list[Event], dict[str, Actor]]:
    analysis = default_pipeline().run(Analysis(nlp(text), None))
    return analysis.events, {a.id: a for a in analysis.actors}


def dyads(nlp: Language, text: str) -> list[tuple[str, set[str | None], set[str | None]]]:
    """(type, actor countries, recipient countries) of each event, in text order."""
    events, actors = analyse(nlp, text)
    return [
        (e.type, {actors[a].country for a in e.actor}, {actors[a].country for a in e.recipient})
        for e in events
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a reporting verb used as a light verb: who declares the ceasefire keeps it
        ("Ethiopia declared a unilateral ceasefire in the north on Monday.", ("RETREAT", "ETH")),
        # light verbs that renew, undertake or issue a nominal act
        ("Chile renewed negotiations with Bolivia on Monday.", ("CONSULT", "CHL")),
        ("Ghana issued an ultimatum to Togo on Friday.", ("THREATEN", "GHA")),
        # through the undertaking the act names ("a mediation effort") or its amount ("dollars of aid")
        ("Sweden gave Kenya two million dollars of aid on Monday.", ("AID", "SWE")),
        # who organises a strike or a rally holds it
        ("Kenyan opposition parties organized a general strike on Monday.", ("PROTEST", "KEN")),
    ],
)
def test_the_subject_of_a_light_verb_acts(nlp: Language, text: str, expected: tuple[str, str]) -> None:
    type_, country = expected
    assert [(t, country in a) for t, a, _ in dyads(nlp, text)] == [(type_, True)]


def test_the_parties_a_mediator_goes_between_are_recipients(nlp: Language) -> None:
    assert dyads(nlp, "Qatar launched a mediation effort between Sudan and Chad on Sunday.") == [
        ("CONSULT", {"QAT"}, {"SDN", "TCD"})
    ]


def test_talks_between_two_sides_name_them_as_actors(nlp: Language) -> None:
    (type_, actor, _), *_ = dyads(nlp, "Talks between Sudan and Chad resumed on Sunday.")
    assert (type_, actor) == ("CONSULT", {"SDN", "TCD"})


def test_each_coordinated_recipient_is_coded(nlp: Language) -> None:
    """A conjunct the actor stage left uncoded is coded on its own, not lost beside a named one."""
    assert dyads(nlp, "Egypt criticised the Arab League and an Israeli peace movement on Monday.") == [
        ("ACCUSE", {"EGY"}, {"IGO", "ISR"})
    ]


def test_the_subject_of_a_threats_condition_is_its_recipient(nlp: Language) -> None:
    """Also when the condition hangs on the threatened act, not on "threatened"."""
    assert dyads(nlp, "Iran threatened to launch a new offensive unless Iraq accepted the terms.") == [
        ("THREATEN", {"IRN"}, {"IRQ"})
    ]


def test_the_condition_lends_the_threat_no_actor(nlp: Language) -> None:
    assert dyads(
        nlp, "Thousands threatened to block the highway unless Israel rescinded its annexation order."
    ) == [("THREATEN", set(), {"ISR"})]


def test_the_subject_of_a_demands_clause_is_its_recipient(nlp: Language) -> None:
    """ "repeated its demand that Kenya release ...": one REQUEST, made of Kenya."""
    found = dyads(nlp, "The Red Cross repeated its demand today that Kenya release the jailed nurses.")
    assert [(t, r) for t, _, r in found] == [("REQUEST", {"KEN"})]


def test_a_mediation_between_two_sides_is_aimed_at_them(nlp: Language) -> None:
    assert dyads(nlp, "Qatar began mediation between Sudan and Chad on Sunday.") == [
        ("CONSULT", {"QAT"}, {"SDN", "TCD"})
    ]


def test_a_lodged_protest_is_an_accusation(nlp: Language) -> None:
    """CAMEO's LODGE * PROTEST (110): a diplomatic protest, not a demonstration."""
    assert dyads(nlp, "Hungary lodged a formal protest with Slovakia on Thursday.") == [
        ("ACCUSE", {"HUN"}, {"SVK"})
    ]


def test_who_risks_prison_threatens_nobody(nlp: Language) -> None:
    assert dyads(nlp, "The reporters risked long prison terms by crossing the border.") == []


def test_a_decreed_measure_is_aimed_at_the_state_of_its_place(nlp: Language) -> None:
    """A curfew or blockade imposed somewhere names its recipient state by its place, as a
    lifted one does; an attack's place stays only where it happened."""
    found = dyads(
        nlp, "Turkish authorities imposed a curfew in the town of Azaz in northern Syria on Friday."
    )
    assert found == [("COERCE", {"TUR"}, {"SYR"})]
    assert dyads(nlp, "Turkish jets bombed the town of Azaz in northern Syria on Friday.")[0][2] == set()


@pytest.mark.parametrize(
    "text",
    [
        "Angry Kenyan farmers blocked the main highway for hours on Monday.",
        "Kenyan teachers began a hunger strike outside Parliament on Monday.",
    ],
)
def test_a_protest_aimed_at_nobody_named_is_aimed_at_the_protesters_state(nlp: Language, text: str) -> None:
    assert [(t, a, "KEN" in r) for t, a, r in dyads(nlp, text)] == [("PROTEST", {"KEN"}, True)]


def test_an_act_told_after_another_is_not_its_actors(nlp: Language) -> None:
    """ "imposed a curfew after an attack": the authorities did not attack (a demonstration
    told so is no event of its own at all: test_event_acts)."""
    found = dyads(nlp, "Kenyan police imposed a curfew on the town after an attack on the market.")
    assert [t for t, _, _ in found] == ["COERCE", "ASSAULT"]
    assert "KEN" not in found[1][1]


def test_a_coordinated_verb_shares_the_passive_subject_not_the_agent(nlp: Language) -> None:
    """ "was indicted by the court and will resign": who resigns is the one indicted."""
    events, actors = analyse(nlp, "The Kenyan minister was indicted by a Dutch court and will resign.")
    resign = [e for e in events if e.trigger == "resign"]
    assert resign and "NLD" not in {actors[a].country for a in resign[0].actor}


def test_a_threatened_attack_is_no_incident_of_the_toll_beside_it(nlp: Language) -> None:
    found = dyads(
        nlp, "Iran threatened to shell Iraqi towns in revenge for a raid in which 40 people were killed."
    )
    assert [t for t, _, _ in found].count("THREATEN") == 1


def test_the_wounded_are_no_attack(nlp: Language) -> None:
    assert dyads(nlp, "Helicopters evacuated the wounded from the town on Friday.") == []


def test_a_group_throughout_a_country_is_of_it(nlp: Language) -> None:
    found = dyads(nlp, "Thousands of students throughout Kenya staged demonstrations on Monday.")
    assert [(t, a) for t, a, _ in found] == [("PROTEST", {"KEN"})]


def test_who_issues_a_statement_demanding_is_the_one_who_demands(nlp: Language) -> None:
    found = dyads(nlp, "The Kurdish party issued a statement demanding that Turkey free its jailed leader.")
    assert [(t, "TUR" in r) for t, _, r in found] == [("REQUEST", True)]
    found = dyads(nlp, "Egypt issued a statement urging Israel to halt the raids.")
    assert [(t, a) for t, a, _ in found] == [("REQUEST", {"EGY"})]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials said Ghana is committed to opening its border with Togo.", "GHA"),
        ("Serb forces were engaged in fierce fighting near the border.", "SRB"),
    ],
)
def test_the_subject_of_a_stance_participle_acts(nlp: Language, text: str, expected: str) -> None:
    """ "is committed to", "were engaged in": an adjectival passive, its subject acts."""
    found = dyads(nlp, text)
    assert found and expected in found[0][1] and expected not in found[0][2]


def test_a_complaint_over_an_attack_accuses_its_actor(nlp: Language) -> None:
    found = dyads(nlp, "Jordan complained to the Security Council over two Syrian air raids last week.")
    accuse = [r for t, _, r in found if t == "ACCUSE"]
    assert accuse and "SYR" in accuse[0]


def test_opposing_an_offer_of_cooperation_rejects_it(nlp: Language) -> None:
    """CAMEO's OPPOSE * TALKS / PEACE PLAN (12x): to oppose an act of cooperation is to reject it."""
    assert dyads(nlp, "Turkey is opposed to Russian mediation in the dispute.") == [
        ("REJECT", {"TUR"}, {"RUS"})
    ]


def test_who_rejects_an_act_rejects_whoever_acts_in_it(nlp: Language) -> None:
    """The act's own actor, in its modifier ("Egyptian mediation"), is the one rejected, also
    beside the others its phrase names."""
    found = dyads(nlp, "Ethiopia rejected Egyptian mediation in its border dispute with Sudan.")
    assert [(t, "EGY" in r) for t, _, r in found] == [("REJECT", True)]


def test_troops_on_alert_in_a_territory_are_aimed_at_its_state(nlp: Language) -> None:
    found = dyads(nlp, "Turkish troops remained on high alert in northern Iraq on Sunday.")
    assert found == [("MOBILIZE", {"TUR"}, {"IRQ"})]


def test_what_is_confiscated_from_a_group_is_taken_from_it(nlp: Language) -> None:
    found = dyads(nlp, "Kenyan police seized weapons and explosives from Somali militants on Monday.")
    assert found == [("COERCE", {"KEN"}, {"SOM"})]


def test_the_purpose_of_an_act_on_a_verb_is_part_of_it(nlp: Language) -> None:
    """ "remained on alert to prevent ...": what the alert is for is no act of its own."""
    assert [
        t for t, _, _ in dyads(nlp, "Turkish troops remained on alert to prevent attacks on the border.")
    ] == ["MOBILIZE"]


def test_whom_an_act_was_done_to_is_not_its_actor(nlp: Language) -> None:
    """ "was arrested for collaborating with ...": the one arrested collaborated; he did not
    arrest himself."""
    found = dyads(nlp, "A Kenyan missionary was arrested in Uganda for collaborating with the rebels.")
    assert [(t, "KEN" in a, "KEN" in r) for t, a, r in found] == [("COERCE", False, True)]


@pytest.mark.parametrize(
    "text",
    [
        "Russian air strikes killed 12 civilians in Idlib on Monday.",
        "Russia's air strikes killed 12 civilians in Idlib on Monday.",
    ],
)
def test_civilians_are_of_where_they_are_not_of_their_attacker(nlp: Language, text: str) -> None:
    assert dyads(nlp, text) == [("ASSAULT", {"RUS"}, {"SYR"})]
