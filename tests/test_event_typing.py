"""Event typing (issue 11): the type of an act read the way the CAMEO codebook reads it, on
sentences written for each rule: a verb's object from the CAMEO verb patterns, cooperation that
did not happen, a conditional announcement, an oath's infinitive, the background of the news,
the sense of a bare "strike" and a verb of motion whose event is what people come for."""

from __future__ import annotations

import pytest
from spacy.language import Language

from ceasefire.pipeline import default_pipeline
from ceasefire.registry import Analysis


def types(nlp: Language, text: str) -> list[str]:
    return [e.type for e in default_pipeline().run(Analysis(nlp(text), None)).events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the object of a CAMEO verb pattern gives the verb its sense ("share * &EVIDENCE",
        # "seek * &ASYLUM", "dismiss * PROPOSAL")
        ("Jordan shared evidence with Interpol about the smuggling ring on Monday.", ["COOPERATE"]),
        ("Thousands of families sought refuge in Lebanon last week.", ["REQUEST"]),
        ("The rebels dismissed the government's proposal on Tuesday.", ["REJECT"]),
    ],
)
def test_verb_patterns_objects(nlp: Language, text: str, expected: list[str]) -> None:
    assert types(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cooperation that did not happen is a rejection (CAMEO's "NOT *" patterns)
        ("The two sides failed to reach an agreement on the new border.", ["REJECT"]),
        ("The foreign minister did not meet his Iranian counterpart on Friday.", ["REJECT"]),
        # an announcement on a condition the other side must meet is a threat; without one,
        # an intent
        (
            "Germany will withdraw its troops from the mission unless the government holds elections.",
            ["THREATEN"],
        ),
        ("Germany will withdraw its troops from the mission next year.", ["AGREE"]),
        # a decision is the act decided, no announced plan (CAMEO's DECIDE patterns code the act)
        ("The Supreme Court decided to allow the opposition leader to run in the election.", ["CONCEDE"]),
        ("The government decided to expel two diplomats on Monday.", ["SANCTION"]),
        ("The government plans to expel two diplomats.", ["THREATEN"]),
        # an oath's infinitive is announced, not done (the small model parses it as advcl)
        ("Ethnic militias have sworn to fight until they take the capital.", ["THREATEN"]),
    ],
)
def test_framed_acts(nlp: Language, text: str, expected: list[str]) -> None:
    assert types(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verbal act told as the background of the news is given, no event of its own
        ("The minister resigned on Tuesday after a newspaper accused him of corruption.", ["RETREAT"]),
        ("The opposition demanded new elections after the court cleared the president.", ["REQUEST"]),
        # an act of force told so is still an incident
        ("The army imposed a curfew on the city following the bombing of a market.", ["COERCE", "ASSAULT"]),
    ],
)
def test_background_acts(nlp: Language, text: str, expected: list[str]) -> None:
    assert types(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The teachers' union called off a four-day strike over unpaid wages.", ["CONCEDE"]),
        ("Miners began an indefinite strike on Monday over their pay.", ["PROTEST"]),
        ("A strike on the convoy killed four soldiers near the border.", ["ASSAULT"]),
        # where people converge is the event they come for
        ("Thousands of supporters converged on the capital for a rally against the government.", ["PROTEST"]),
    ],
)
def test_word_senses(nlp: Language, text: str, expected: list[str]) -> None:
    assert types(nlp, text) == expected


def test_the_act_answered_is_an_event_of_its_own(nlp: Language) -> None:
    """ "(sought backing for strikes) in response to a chemical attack": the attack happened."""
    found = types(
        nlp, "The president sought backing for air strikes in response to a chemical attack on the town."
    )
    assert found == ["REQUEST", "ASSAULT"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # defying a measure is a rejection (CAMEO 128), not the lifting of it; breaking a
        # truce is an attack (CAMEO 196)
        ("Hundreds of students violated the curfew in the capital on Friday.", ["REJECT"]),
        ("Opposition newspapers defied a government ban on Tuesday.", ["REJECT"]),
        ("Rebels violated the ceasefire in the north on Sunday.", ["ASSAULT"]),
        ("The army lifted the curfew in the city.", ["CONCEDE"]),
    ],
)
def test_defied_measures(nlp: Language, text: str, expected: list[str]) -> None:
    assert types(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # brushing aside a thing asked or offered is a rejection (CAMEO 12), not a disapproval
        ("The rebels dismissed an appeal from the president to lay down their arms.", ["REJECT"]),
        ("Iran rebuffed the offer of talks with Washington.", ["REJECT"]),
        ("The opposition spurned the government's call for dialogue.", ["REJECT"]),
    ],
)
def test_dismissed_overtures(nlp: Language, text: str, expected: list[str]) -> None:
    assert types(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # withdrawing envoys, inspectors or aid workers reduces relations (CAMEO 16); announced,
        # it is a threat. Withdrawing troops is a retreat.
        ("Egypt withdrew its ambassador from Israel on Monday.", ["SANCTION"]),
        ("The UN said it will withdraw its weapons inspectors from the country.", ["THREATEN"]),
        ("The army withdrew its troops from the border town.", ["RETREAT"]),
    ],
)
def test_withdrawn_envoys(nlp: Language, text: str, expected: list[str]) -> None:
    assert types(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a warning addressed to someone, or of what will come, is a threat (CAMEO 130) and the
        # act warned against did not happen; a warning about a state of things only reports
        ("Turkey warned Syria against further attacks on its border.", ["THREATEN"]),
        ("Turkey warned that it would respond to any attack.", ["THREATEN"]),
        ("Aid groups warned on Monday that food stocks were running low.", []),
    ],
)
def test_warnings(nlp: Language, text: str, expected: list[str]) -> None:
    assert types(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # breaking up a protest is repression (CAMEO 170); the protest it breaks up is its object
        ("Police dispersed the protesters with tear gas in the capital.", ["COERCE"]),
        ("Riot police dispersed a rally of opposition supporters on Sunday.", ["COERCE"]),
    ],
)
def test_dispersed_protests(nlp: Language, text: str, expected: list[str]) -> None:
    assert types(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a truce declared, or taking effect, is the act (CAMEO 0871 "declare truce, ceasefire")
        ("The group declared a unilateral ceasefire on Wednesday in the south.", ["RETREAT"]),
        ("A truce between the army and the rebels took effect at noon on Sunday.", ["RETREAT"]),
        ("A ceasefire was declared in the province at midnight.", ["RETREAT"]),
        # a truce already in force, only named, is no act: it held, it covers, it was breached
        ("Shops reopened in the centre of the town as the ceasefire held for a third day.", []),
        ("The truce covers the provinces of the south and the east.", []),
        ("Rebels said the shelling was a breach of the truce.", ["ASSAULT"]),
        ("Both armies are guilty of violating the ceasefire agreement, monitors said.", ["ASSAULT"]),
    ],
)
def test_a_truce_is_an_act_only_when_it_begins(nlp: Language, text: str, expected: list[str]) -> None:
    assert types(nlp, text) == expected
