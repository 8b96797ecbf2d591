"""ACLED typing of events, and reports of disasters, accidents, disease and ordinary crime that
are no ASSAULT (issue 11: events you can count). Sentences written for each rule."""

from __future__ import annotations

import pytest
from spacy.language import Language

from ceasefire.model import Event
from ceasefire.pipeline import default_pipeline
from ceasefire.registry import Analysis
from ceasefire.resources import table


def events(nlp: Language, text: str) -> list[Event]:
    return default_pipeline().run(Analysis(nlp(text), None)).events


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("Government troops clashed with rebel fighters outside the town on Sunday.", "Armed clash"),
        ("The army recaptured the town of Wau from the rebels on Friday.", "Government regains territory"),
        ("Rebel fighters seized the town of Kidal on Tuesday.", "Non-state actor overtakes territory"),
        ("Government forces attacked the suburb with chlorine gas on Monday.", "Chemical weapon"),
        ("An air strike killed 12 civilians in the market town.", "Air/drone strike"),
        (
            "A suicide bomber blew himself up at a checkpoint near the city, killing four policemen.",
            "Suicide bomb",
        ),
        ("Rebels shelled the city centre with mortars on Monday.", "Shelling/artillery/missile attack"),
        ("A roadside bomb killed three soldiers on the highway.", "Remote explosive/landmine/IED"),
        ("Unknown assailants attacked a bar with a grenade, wounding six people.", "Grenade"),
        ("Soldiers raped two women in the village.", "Sexual violence"),
        ("Gunmen killed five villagers near the river on Sunday.", "Attack"),
        ("Gunmen abducted 20 students from a school in the north.", "Abduction/forced disappearance"),
        ("Hundreds of teachers protested against unpaid salaries in the capital.", "Peaceful protest"),
        (
            "Police fired tear gas to disperse hundreds of protesters in the capital.",
            "Protest with intervention",
        ),
        (
            "Security forces shot dead three protesters in the capital on Friday.",
            "Excessive force against protesters",
        ),
        ("Police dispersed a rally of opposition supporters on Friday.", "Protest with intervention"),
        # the month is no march
        ("On 9 March 2018, soldiers shot dead two villagers near the border.", "Attack"),
        ("Rioters torched cars and shops in the city centre.", "Violent demonstration"),
        ("An angry mob beat a suspected witch to death in the village.", "Mob violence"),
        ("The government and the rebels signed a ceasefire agreement in the capital.", "Agreement"),
        ("Police arrested twelve opposition activists in the capital on Thursday.", "Arrests"),
        ("Two hundred militants surrendered to the army on Monday.", "Change to group/activity"),
        ("Soldiers seized a large cache of weapons and ammunition near the border.", "Disrupted weapons use"),
        ("Militants looted the market in the town on Wednesday.", "Looting/property destruction"),
        ("Government troops withdrew from the town on Saturday.", "Non-violent transfer of territory"),
        ("The army imposed a curfew on the city after the riots.", "Other"),
        (
            "Regime forces recaptured the village of Tal Hamam from rebel fighters on Tuesday.",
            "Government regains territory",
        ),
        ("Soldiers defused a roadside bomb planted near the market on Sunday.", "Disrupted weapons use"),
    ],
)
def test_acled_sub_event_types(nlp: Language, text: str, sub: str) -> None:
    typed = [(e.acled_event_type, e.acled_sub_event_type) for e in events(nlp, text)]
    assert (table("acled_types")[sub], sub) in typed


def test_every_acled_type_is_spelled_as_the_codebook_spells_it() -> None:
    codebook = {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }
    assert set(table("acled_types").values()) == codebook
    assert set(table("acled_modes").values()) <= set(table("acled_types"))
    assert set(table("acled_weapons").values()) <= set(table("acled_types"))


@pytest.mark.parametrize(
    ("text", "targeting"),
    [
        ("An air strike killed 12 civilians in the market town.", True),
        ("Rebels shelled the town with mortars, killing five residents.", True),
        ("Warplanes bombed rebel positions near the airport.", False),
        ("Government troops clashed with rebel fighters outside the town on Sunday.", False),
    ],
)
def test_civilian_targeting(nlp: Language, text: str, targeting: bool) -> None:
    found = [e for e in events(nlp, text) if e.type == "ASSAULT"]
    assert found and found[0].civilian_targeting is targeting


def test_verbal_acts_are_outside_acleds_scope(nlp: Language) -> None:
    found = events(nlp, "The foreign minister accused the neighbouring country of lying.")
    assert found and all(e.acled_sub_event_type is None and e.civilian_targeting is None for e in found)


@pytest.mark.parametrize(
    "text",
    [
        "An earthquake killed 50 people in the mountains on Monday.",
        "Floods killed 30 people in the delta region last week.",
        "A fire in a textile factory killed 12 workers.",
        "Twelve people died in a fire at a hotel on Saturday.",
        "A bus crash killed 20 passengers on the motorway.",
        "Cholera has killed 300 people in the camps this year.",
        "A man killed his neighbour in a dispute over a fence.",
        "A bus overturned on the highway near the city, killing 11 passengers.",
        "Two trains collided outside the station, killing 14 people.",
    ],
)
def test_disasters_accidents_disease_and_crime_are_no_assault(nlp: Language, text: str) -> None:
    assert [e.type for e in events(nlp, text) if e.type == "ASSAULT"] == []


@pytest.mark.parametrize(
    "text",
    [
        "An air strike killed 12 civilians in the market town.",
        # a political agent makes it an attack, whatever else is named
        "Soldiers killed a man and his son at a checkpoint.",
        "Rebels set fire to the barracks and killed four soldiers.",
    ],
)
def test_attacks_stay_assault(nlp: Language, text: str) -> None:
    assert "ASSAULT" in [e.type for e in events(nlp, text)]
