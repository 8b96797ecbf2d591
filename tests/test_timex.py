"""The time stage on the seed, on sentences written for each phenomenon, and on FA-KES datelines."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from ceasefire.model import TimeExpression
from ceasefire.timex import find_times, parse_date
from tests.conftest import shared_path

PUBLISHED = dt.date(2017, 5, 4)  # a Thursday


def _resolved(doc: Doc, published: dt.date | None = PUBLISHED) -> dict[str, tuple[str | None, str | None]]:
    return {t.text: (t.value, t.precision) for t in find_times(doc, published)}


def _containing(times: list[TimeExpression], doc: Doc, context: str) -> TimeExpression:
    """The expression that lies inside the first occurrence of ``context``."""
    at = doc.text.index(context)
    return next(t for t in times if at <= t.start and t.end <= at + len(context))


def test_seed(seed_doc: Doc) -> None:
    times = find_times(seed_doc, PUBLISHED)
    expected = {
        "Later Wednesday, the UN": ("Later Wednesday", "2017-05-03", "day"),
        "Yesterday's bomb": ("Yesterday", "2017-05-03", "day"),
        "Kazakhstan this week": ("this week", "2017-W18", "week"),
        "border in 2015": ("2015", "2015", "year"),
        "bomb on Wednesday killed": ("Wednesday", "2017-05-03", "day"),
        "Wednesday's explosion": ("Wednesday", "2017-05-03", "day"),
        "after six years": ("six years", None, None),
    }
    for context, want in expected.items():
        t = _containing(times, seed_doc, context)
        assert (t.text, t.value, t.precision) == want, context
        assert seed_doc.text[t.start : t.end] == t.text


@pytest.mark.parametrize(
    ("sentence", "text", "value", "precision"),
    [
        ("He said on Wednesday that the talks had failed.", "Wednesday", "2017-05-03", "day"),
        ("The ministers will meet on Friday.", "Friday", "2017-05-05", "day"),
        ("The envoy is due to arrive on Monday.", "Monday", "2017-05-08", "day"),
        ("He spoke to reporters on Friday.", "Friday", "2017-04-28", "day"),
        ("The talks resumed on Thursday.", "Thursday", "2017-05-04", "day"),
        ("He spoke last Thursday.", "last Thursday", "2017-04-27", "day"),
        ("Later Wednesday, rebels withdrew.", "Later Wednesday", "2017-05-03", "day"),
        ("The town was shelled early on Tuesday.", "early on Tuesday", "2017-05-02", "day"),
        ("Wednesday's explosion killed five.", "Wednesday", "2017-05-03", "day"),
        ("Yesterday's attack killed two.", "Yesterday", "2017-05-03", "day"),
        ("The attack happened yesterday.", "yesterday", "2017-05-03", "day"),
        ("The vote takes place today.", "today", "2017-05-04", "day"),
        ("The president speaks tonight.", "tonight", "2017-05-04", "day"),
        ("Shelling began last night.", "last night", "2017-05-03", "day"),
        ("Talks are taking place this week.", "this week", "2017-W18", "week"),
        ("Fighting escalated last week.", "last week", "2017-W17", "week"),
        ("The talks will resume next week.", "next week", "2017-W19", "week"),
        ("Prices rose this month.", "this month", "2017-05", "month"),
        ("Prices fell last month.", "last month", "2017-04", "month"),
        ("Clashes erupted earlier this month.", "earlier this month", "2017-05", "month"),
        ("Last year, the army retreated.", "Last year", "2016", "year"),
        ("The warplane was shot down in 2015.", "2015", "2015", "year"),
        ("He visited Moscow in May.", "May", "2017-05", "month"),
        ("He visited Moscow in June.", "June", "2016-06", "month"),
        ("The offensive will start in June.", "June", "2017-06", "month"),
        ("The army took the city in early March.", "early March", "2017-03", "month"),
        ("Rebels attacked on May 3.", "May 3", "2017-05-03", "day"),
        ("Rebels attacked on 3 May.", "3 May", "2017-05-03", "day"),
        ("Rebels attacked on 9 May.", "9 May", "2016-05-09", "day"),
        ("The deal was signed on May 3, 2017.", "May 3, 2017", "2017-05-03", "day"),
        ("The deal from March 2016 failed.", "March 2016", "2016-03", "month"),
        ("Two days ago a bomb exploded.", "Two days ago", "2017-05-02", "day"),
        ("Three weeks ago the truce collapsed.", "Three weeks ago", "2017-W15", "week"),
        ("Protests took place at the weekend.", "the weekend", "2017-W17", "week"),
        ("It happened at the end of 2015.", "end of 2015", "2015", "year"),
    ],
)
def test_phenomena(nlp: Language, sentence: str, text: str, value: str, precision: str) -> None:
    assert _resolved(nlp(sentence)).get(text) == (value, precision)


@pytest.mark.parametrize(
    ("sentence", "text"),
    [("The war has lasted six years.", "six years"), ("They fought for two weeks.", "two weeks")],
)
def test_durations_have_no_value(nlp: Language, sentence: str, text: str) -> None:
    assert _resolved(nlp(sentence))[text] == (None, None)


def test_ages_and_modals_are_not_times(nlp: Language) -> None:
    assert find_times(nlp("A 35-year-old man said Iraq May face sanctions."), PUBLISHED) == []


def test_without_publication_date_only_absolute_dates_resolve(nlp: Language) -> None:
    doc = nlp("They fought on Wednesday and last week; they met on 5 April 2017.")
    resolved = _resolved(doc, None)
    assert resolved["Wednesday"] == (None, None)
    assert resolved["last week"] == (None, None)
    assert resolved["5 April 2017"] == ("2017-04-05", "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-05-04", dt.date(2017, 5, 4)),
        ("Wed 05 Apr 2017", dt.date(2017, 4, 5)),
        ("Tuesday 4 Apr 2017 Shelling of a rebel bastion", dt.date(2017, 4, 4)),
        ("5 April 2017", dt.date(2017, 4, 5)),
        ("April 5, 2017", dt.date(2017, 4, 5)),
        ("Sept. 12, 2016", dt.date(2016, 9, 12)),
        ("7/5/16", dt.date(2016, 7, 5)),
        ("12/31/2016", dt.date(2016, 12, 31)),
        ("Posted on April 4 2017 by a staff writer", dt.date(2017, 4, 4)),
        ("Date of publication 5 July 2016 The bomber", dt.date(2016, 7, 5)),
        ("02.10.2017 Fifteen people died", dt.date(2017, 10, 2)),
        ("Last updated at Aug 012016 BEIRUT", dt.date(2016, 8, 1)),
        ("31 February 2017", None),
        ("Peace talks are taking place on 5 April 2017", None),
        ("13/25/2016", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_fakes_datelines() -> None:
    """Share of FA-KES articles whose dateline at the start of the body parses."""
    with shared_path("corpora/fakes-syria-dev.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    pairs = [(parse_date(r["article_content"]), parse_date(r["date"])) for r in rows]
    parsed = [(dateline, column) for dateline, column in pairs if dateline is not None]
    share = len(parsed) / len(rows)
    print(f"FA-KES datelines parsed: {len(parsed)}/{len(rows)} = {share:.1%}")
    # The rest open with a headline, not a date; the corpus's own date column always parses.
    assert share >= 0.7
    assert all(column is not None for _, column in pairs)
    # A dateline is the publication day: within a month of the event it reports, mostly.
    near = [d for d, c in parsed if c is not None and abs((d - c).days) <= 31]
    assert len(near) >= 0.9 * len(parsed)
