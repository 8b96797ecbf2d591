"""Dating from the text: datelines in the forms scraped pages give them, and which sentence an
undated event may borrow its date from. Sentences written for each rule."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from ceasefire.clean import clean
from ceasefire.model import RawArticle
from tests.test_events import Found

#: A Friday.
FRIDAY = dt.date(2019, 9, 20)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the year glued to the next word, as share widgets leave it
        ("Get short URL 20.07.2019Get short URL 0 55 Rebels shelled the town.", "2019-07-20"),
        # ordinal days
        ("Posted July 20th, 2019 Rebels shelled the town on Saturday.", "2019-07-20"),
        ("Updated: Friday, September 20th 2019 Rebels shelled the town.", "2019-09-20"),
        ("20th September 2019 Rebels shelled the town.", "2019-09-20"),
        # an agency dateline in capitals
        ("BEIRUT, 20 SEP 2019 (Reuters) - Rebels shelled the town.", "2019-09-20"),
        # a day-first date with slashes: only one reading is a day
        ("Published 20/09/2019 Rebels shelled the town.", "2019-09-20"),
    ],
)
def test_datelines_in_scraped_forms(text: str, day: str) -> None:
    assert clean(RawArticle(origin="t", text=text)).published == day


def test_a_later_sentence_that_opens_with_its_own_time_lends_it_to_no_earlier_act(nlp: Language) -> None:
    # "On Saturday, ..." sets the time of what follows it, not of the act told before it
    text = (
        "Jets struck a clinic in the valley, killing nine. Rescuers dug through the rubble. "
        "On Saturday, a raid on another one wounded five."
    )
    found = Found(nlp, text, FRIDAY)
    assert {e.trigger: e.date for e in found.events}["struck"] != "2019-09-14"


def test_a_lead_that_opens_with_its_time_dates_the_headline(nlp: Language) -> None:
    found = Found(
        nlp, "Jets bombed a clinic in the valley. On Tuesday, jets struck the clinic, killing nine.", FRIDAY
    )
    assert {e.trigger: e.date for e in found.events}["bombed"] == "2019-09-17"


def test_a_later_sentence_that_tells_the_time_of_the_same_act_lends_it(nlp: Language) -> None:
    found = Found(nlp, "A car bomb killed six people in the market. The blast hit it on Tuesday.", FRIDAY)
    assert {e.trigger: e.date for e in found.events}["killed"] == "2019-09-17"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the measure moves the date of the act it is told against: Tuesday less three days
        ("Jets struck a clinic on Tuesday, three days after a car bomb killed six people.", "2019-09-14"),
        # ... also when that act's date is lent from the sentence before
        (
            "Jets struck a clinic on Tuesday. The raid came a week after a car bomb killed six people.",
            "2019-09-10",
        ),
        # hours after: the same day
        ("Jets struck a clinic on Tuesday, hours after a car bomb killed six people.", "2019-09-17"),
        # a measure not in days gives no day
        ("Jets struck a clinic on Tuesday, months after a car bomb killed six people.", None),
        # the sequel's own time is the act's
        (
            "Jets struck a clinic on Tuesday, three days after a car bomb killed six on 12 September.",
            "2019-09-12",
        ),
    ],
)
def test_an_act_a_measured_time_before_the_dated_one(nlp: Language, text: str, day: str | None) -> None:
    found = Found(nlp, text, FRIDAY)
    assert {e.trigger: e.date for e in found.events}["killed"] == day


def test_an_embedded_post_resolves_its_relative_times_against_its_own_date(nlp: Language) -> None:
    # a scraped page keeps an embedded post's text and its byline: name, handle, date
    text = (
        "Jets pounded the valley. Six people were killed when an air strike hit the market last night. "
        "pic.twitter.com/abc123 — Valley Aid (@ValleyAid) March 4, 2019 The raids went on."
    )
    found = Found(nlp, text, dt.date(2019, 3, 10))
    dates = {e.trigger: e.date for e in found.events}
    assert dates["killed"] == "2019-03-03"
    # the post's times date nothing outside it
    assert dates["raids"] not in ("2019-03-03", "2019-03-04")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # a date the story tells ("on 3 March 2012") is no dateline
        ("Rebels shelled the town on Sunday. The siege began on 3 March 2012 when the army came.", None),
        (
            "Shelling resumed. Talks have stalled since 2 May 2018, officials said. AFP 3 Jun 2019 The army",
            "2019-06-03",
        ),
        # a dateline's own lead may end in a preposition
        ("Posted on 3 June 2019 by Staff Writer Rebels shelled the town on Sunday.", "2019-06-03"),
        ("Last updated at Jun 032019 BEIRUT Rebels shelled the town.", "2019-06-03"),
    ],
)
def test_a_date_the_story_tells_is_no_dateline(text: str, day: str | None) -> None:
    assert clean(RawArticle(origin="t", text=text)).published == day


def test_a_weekday_possessive_that_lost_its_apostrophe_dates_its_noun(nlp: Language) -> None:
    # scraped text drops apostrophes: "Tuesdays attack" is Tuesday's attack
    found = Found(nlp, "Rescuers searched the rubble after Tuesdays attack on the market.", FRIDAY)
    assert {e.trigger: e.date for e in found.events}["attack"] == "2019-09-17"
    # a plural weekday is a habit, no day
    found = Found(nlp, "Jets strike the market on Tuesdays and Fridays.", FRIDAY)
    assert all(e.date is None for e in found.events)


@pytest.mark.parametrize(
    "text",
    [
        "A man walks past rubble March 2 2019 (AP Photo/Jane Doe) AFP Monday 4 Mar 2019 Rebels shelled.",
        # an agency's photo credit: the agency in capitals, a slash, the photographer
        "A man walks past rubble March 2 2019. REUTERS/Jane Doe AFP Monday 4 Mar 2019 Rebels shelled.",
    ],
)
def test_a_photo_captions_date_is_no_dateline(text: str) -> None:
    assert clean(RawArticle(origin="t", text=text)).published == "2019-03-04"
