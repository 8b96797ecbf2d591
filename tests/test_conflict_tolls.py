"""Death tolls of conflict reports, phenomenon by phenomenon, on sentences written for each rule."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from ceasefire.events.casualties import casualties
from tests.test_events import Found


def _values(text: str) -> tuple[int | None, int | None]:
    dead, hurt = casualties(text)
    return (dead.value if dead else None), (hurt.value if hurt else None)


@pytest.mark.parametrize(
    ("text", "dead", "hurt"),
    [
        # the day of a date is no count
        ("The previous raid on the bakery on March 14 killed at least nine people.", 9, None),
        ("On 3 June two nurses were killed by a sniper.", 2, None),
        ("On October 21st 15 people were killed and 40 were injured in the blast.", 15, 40),
    ],
)
def test_the_day_of_a_date_is_no_toll(text: str, dead: int | None, hurt: int | None) -> None:
    assert _values(text) == (dead, hurt)


@pytest.mark.parametrize(
    ("text", "dead", "hurt"),
    [
        # the count of the weapons, not of the dead: the verb has its own count
        ("Over a dozen shells on the market killed at least five people.", 5, None),
        ("Three rockets on the camp killed 11 residents.", 11, None),
        # no commas: the count after the first verb is its own, the second verb has its own
        ("A car bomb killed 17 people injured 60 on Friday.", 17, 60),
    ],
)
def test_a_verb_with_its_own_count_takes_it(text: str, dead: int | None, hurt: int | None) -> None:
    assert _values(text) == (dead, hurt)


@pytest.mark.parametrize(
    "text",
    [
        "URGENT 12 Killed and Injured in Rocket Attack on Market",
        "Dozens dead and wounded in the raid on the town.",
    ],
)
def test_killed_and_injured_is_no_death_toll(text: str) -> None:
    assert _values(text)[0] is None


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("A bomb planted in the mosque went off killing the imam of the mosque.", 1),
        ("A girl was killed and four people were wounded when a shell hit the school.", 1),
        ("A shepherd and an old woman were killed by a landmine near the village.", 2),
        ("The explosion claimed the life of a farmer on Monday.", 1),
    ],
)
def test_one_named_victim_is_a_toll_of_one(text: str, dead: int) -> None:
    assert _values(text)[0] == dead


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("The chemical attack claimed the lives of some 40 people in the town.", 40),
        ("The rockets fell on the square leading to the death of six.", 6),
        ("The assault ended with the deaths of 14 soldiers at the checkpoint.", 14),
    ],
)
def test_lives_claimed_and_deaths_of_are_tolls(text: str, dead: int) -> None:
    assert _values(text)[0] == dead


@pytest.mark.parametrize(
    ("text", "dead", "hurt"),
    [
        # coordinated victims after the verb add up
        ("The strike killed 14 civilians and 6 fighters near the bridge.", 20, None),
        ("Shells hit the village killing three women and two children.", 5, None),
        # but not a count of another word
        ("The strike killed 14 civilians and 6 were wounded.", 14, 6),
        # a part that follows the whole, with words between, does not replace it
        ("Nine civilians including a boy and two women were killed and 9 others were injured.", 9, 9),
        # quoted names between a count and its verb
        ('At least 33 members of the "Black Banner" group were killed.', 33, None),
    ],
)
def test_counts_split_over_the_victims(text: str, dead: int | None, hurt: int | None) -> None:
    assert _values(text) == (dead, hurt)


def test_deaths_verified_since_a_time_are_a_sum(nlp: Language) -> None:
    found = Found(
        nlp,
        "The car bomb hit the market. The group said it could confirm the deaths of 4100 people since 2012.",
    )
    assert all(e.fatalities is None for e in found.events if e.status == "asserted")


def test_an_execution_is_an_act_with_its_toll(nlp: Language) -> None:
    found = Found(nlp, "Gunmen executed four captured soldiers near the village on Monday.")
    assert found.one("ASSAULT").fatalities == 4


def test_a_toll_of_days_of_strikes_is_a_sum(nlp: Language) -> None:
    text = "Ten days of shelling on the valley have left more than 90 people dead, the group said."
    found = Found(nlp, text, dt.date(2016, 5, 2))
    assert all(e.status == "background" or e.fatalities is None for e in found.events)


def test_a_background_count_is_no_part_of_the_next(nlp: Language) -> None:
    text = "Ten days of shelling on the valley have left more than 90 people dead and another 200 wounded."
    found = Found(nlp, text, dt.date(2016, 5, 2))
    assert all(e.injured in (None, 200) for e in found.events)


def test_a_toll_told_before_its_act_is_the_next_attacks(nlp: Language) -> None:
    text = (
        "At least 40 bodies were found in the village on Sunday. Most of them had been shot by the militia."
    )
    found = Found(nlp, text, dt.date(2016, 5, 2))
    assert found.one("ASSAULT").fatalities == 40


def test_eliminating_fighters_is_killing_them(nlp: Language) -> None:
    found = Found(nlp, "The army eliminated 30 militants near the airport on Sunday.")
    assert found.one("ASSAULT").fatalities == 30
    assert not Found(nlp, "The ministry plans to eliminate import tariffs next year.").of_type("ASSAULT")
