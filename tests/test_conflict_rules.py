"""Conflict reports: tolls, background, modes and datelines, on sentences written for each rule."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from ceasefire.clean import clean
from ceasefire.events.casualties import casualties
from ceasefire.model import RawArticle
from tests.test_events import Found


@pytest.mark.parametrize(
    ("text", "dead", "hurt"),
    [
        # commas stripped: a number followed by its own word is that word's
        ("Rockets hit the old town 4 people killed 31 others injured.", 4, 31),
        ("At least 9 people were killed 17 were wounded in the blast.", 9, 17),
        ("A mortar killed at least six people and wounded 14 in Jobar.", 6, 14),
        # the words between a count and its verb
        ("At least 12 civilians mostly women and children were killed in the raid.", 12, None),
        # a count that opens a part stands for the whole
        ("At least 27 people including 9 children were killed on Monday.", 27, None),
        ("Eleven villagers among them four women were killed.", 11, None),
        # coordinated counts add up
        ("Officials said 12 soldiers and 15 insurgents were killed near the dam.", 27, None),
        # the toll is the total
        ("Two more died overnight bringing the death toll to 31.", 31, None),
        ("The death toll from the market bombing in the northern town has reached 54.", 54, None),
        ("At least 18 people have lost their lives in the shelling.", 18, None),
        ("Rescuers said 40 bodies were pulled from the rubble.", 40, None),
        # a number that counts something else
        ("The siege which has lasted three years has killed more than 900000 people.", None, None),
        ("Get the app 215 The army units killed 12 gunmen.", 12, None),
    ],
)
def test_tolls(text: str, dead: int | None, hurt: int | None) -> None:
    fatal, injured = casualties(text)
    assert (fatal.value if fatal else None) == dead
    assert (injured.value if injured else None) == hurt


@pytest.mark.parametrize(
    "text",
    [
        "A war that has killed more than 250,000 people drags on in the north.",
        "More than 3,000 civilians have been killed in the province since 2013.",
        "Air raids killed 1,200 civilians in the last two months, the group said.",
        "The conflict has killed 40,000 people.",
        "Rebels have besieged the garrison since 2012.",
        "Bombings in March killed 140 people in the capital.",
    ],
)
def test_background_tolls_are_not_news(nlp: Language, text: str) -> None:
    found = Found(nlp, text, dt.date(2016, 5, 2))
    assaults = found.of_type("ASSAULT")
    assert assaults, text
    assert all(e.status == "background" for e in assaults), [(e.trigger, e.status) for e in assaults]
    # a cumulative toll is no act's count
    assert all(e.status != "asserted" or (e.fatalities or 0) < 1000 for e in found.events)


def test_a_toll_in_a_clause_about_the_war_is_not_the_acts(nlp: Language) -> None:
    found = Found(nlp, "The raid hit a bakery in a war that has killed more than 300,000 people.")
    assert all(e.fatalities is None for e in found.of_type("ASSAULT") if e.status == "asserted")


def test_news_tolls_stay_asserted(nlp: Language) -> None:
    strike = Found(nlp, "Air strikes killed 14 civilians in Idlib on Tuesday.", dt.date(2016, 5, 4)).one(
        "ASSAULT"
    )
    assert (strike.status, strike.fatalities) == ("asserted", 14)


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Fourteen people were killed in air strikes on the market.", "aerial"),
        ("Helicopters dropped barrel bombs on the town, killing nine.", "aerial"),
        ("Nine civilians were killed by rebel rocket fire on the western districts.", "heavy-weapons"),
        ("A car bomb killed seven people at the checkpoint.", "explosives"),
        ("A suicide bomber killed 12 people at the wedding hall.", "suicide-attack"),
        ("Two men were killed by snipers in the old quarter.", "firearms"),
        ("Militants fired shells containing toxic gas at the village, the monitor said.", "unconventional"),
        ("A drone strike killed three fighters near the border.", "drone"),
    ],
)
def test_assault_modes_from_the_words(nlp: Language, text: str, mode: str) -> None:
    modes = {e.mode for e in Found(nlp, text).of_type("ASSAULT")}
    assert mode in modes, modes


def test_a_means_of_another_time_lends_no_mode(nlp: Language) -> None:
    found = Found(nlp, "Clashes erupted in the east a week after a car bomb in the capital.")
    assert all(e.mode != "explosives" for e in found.events if e.trigger == "Clashes")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "Blast kills five in market Monitor AFP Sunday 3 Mar 2019 A bomb killed five people on Sunday.",
            "2019-03-03",
        ),
        ("Last updated at Mar 042019 BEIRUT A bomb killed five people in the market.", "2019-03-04"),
        ("7-02-2018 Rebels shelled the town on Wednesday killing four.", "2018-02-07"),
        ("Fighting flares 11.04.2019 Rebels shelled the town on Thursday.", "2019-04-11"),
    ],
)
def test_dateline_near_the_top_is_the_publication_date(text: str, day: str) -> None:
    assert clean(RawArticle(origin="t", text=text)).published == day


def test_a_dateline_later_in_the_text_is_no_publication_date() -> None:
    text = (
        "A bomb killed five people in the market. " * 10 + "Earlier on 3 Mar 2019 another blast hit the town."
    )
    assert clean(RawArticle(origin="t", text=text)).published is None


def test_a_body_that_is_only_its_headline_keeps_it() -> None:
    headline = "40 killed in strikes on the river town"
    cleaned = clean(RawArticle(origin="t", text=f"3 March 2019 {headline}", title=headline))
    assert (cleaned.text, cleaned.published) == (headline, "2019-03-03")


def test_weekdays_resolve_against_a_dateline_near_the_top(nlp: Language) -> None:
    cleaned = clean(
        RawArticle(
            origin="t", text="Blast kills five Monitor AFP Sunday 3 Mar 2019\n\nA bomb killed five on Friday."
        )
    )
    assert cleaned.published is not None
    found = Found(
        nlp, "A bomb killed five people in the market on Friday.", dt.date.fromisoformat(cleaned.published)
    )
    assert found.one("ASSAULT").date == "2019-03-01"


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # an act coordinated with a background toll, of the same subject, is background too
        ("The war has killed thousands of people and forced millions to flee since 2011.", "forced"),
        # acts told as many, in a perfect or a copula: the history of a place, not an incident
        ("The town has been the scene of several attacks, some claimed by the militants.", "attacks"),
        ("Rebels have carried out numerous attacks on army posts in the area.", "attacks"),
    ],
)
def test_acts_told_as_history_are_background(nlp: Language, text: str, trigger: str) -> None:
    found = Found(nlp, text, dt.date(2016, 5, 2))
    acts = [e for e in found.events if e.trigger == trigger]
    assert acts and all(e.status == "background" for e in acts), [(e.trigger, e.status) for e in found.events]


def test_several_attacks_on_a_day_stay_news(nlp: Language) -> None:
    found = Found(
        nlp, "Several air strikes hit the town on Monday, killing four people.", dt.date(2016, 5, 2)
    )
    assert [e.status for e in found.of_type("ASSAULT")] == ["asserted"]


@pytest.mark.parametrize(
    "text",
    [
        # due or set to happen
        "Peace negotiations are due to begin in Geneva on November 28.",
        "The two leaders are set to hold talks in Sochi on Monday.",
        # a goal ("towards talks"): where things should go, not what happened
        "Diplomats see the deal as a chance of steering the warring sides towards talks.",
        "The move is a step toward negotiations between the government and the opposition.",
    ],
)
def test_talks_still_to_come_are_planned(nlp: Language, text: str) -> None:
    found = Found(nlp, text, dt.date(2016, 5, 2))
    talks = [e for e in found.events if e.type == "CONSULT"]
    assert talks and all(e.status == "planned" for e in talks), [(e.trigger, e.status) for e in found.events]
