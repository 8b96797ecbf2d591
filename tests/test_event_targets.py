"""Issue 11's targets on the dev files, scored with the project's scorer (tools/score.py) as
`score.py events` and `score.py conflict` score them: the figures docs/accuracy.md records.

FA-KES gives no publication date, and none is passed: the gold date (the CSV's `date` column)
is the answer, not an input. date_ok's target (0.85) is out of reach from the articles' text,
whose days lie within two days of the gold date for 133 of the 187 articles at most
(docs/accuracy.md, "FA-KES dates and their ceiling"): the test holds the ceiling reached.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ceasefire.model import Article, RawArticle
from ceasefire.pipeline import extract
from tests.conftest import scorer, shared_path

Gold = list[dict[str, Any]]
Predictions = dict[str, dict[str, Any]]


def _extracted(name: str) -> tuple[Gold, Predictions]:
    """The gold records of a dev file and the product's records for their inputs, by id."""
    path = shared_path(f"gold/{name}")
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    raws = [
        RawArticle(
            origin=str(g["id"]),
            id=str(g["id"]),
            title=g.get("title"),
            text=g["text"],
            published=g.get("published"),
        )
        for g in gold
    ]
    articles = list(extract(raws))
    assert all(isinstance(a, Article) for a in articles)
    return gold, {
        str(g["id"]): a.to_dict() for g, a in zip(gold, articles, strict=True) if isinstance(a, Article)
    }


@pytest.fixture(scope="module")
def fakes() -> tuple[Gold, Predictions]:
    return _extracted("conflict-fakes-dev.jsonl")


def test_plover_events_precise_recalled_and_dyadic() -> None:
    figures = scorer().score_events(*_extracted("events-plover-dev.jsonl"))
    print(figures)
    assert figures["type_p"] >= 0.70 and figures["type_r"] >= 0.75
    assert figures["dyad_f1"] >= 0.55


def test_fakes_conflict_figures(fakes: tuple[Gold, Predictions]) -> None:
    figures = scorer().score_conflict(*fakes)
    print(figures)
    assert figures["fatal_20pct"] >= 0.75
    assert figures["perpetrator_ok"] >= 0.85
    assert figures["cause_ok"] >= 0.80
    assert figures["date_ok"] >= 0.71  # the ceiling from the text (module docstring)
    assert figures["place_ok"] >= 0.83


def test_fakes_tolls_add_up_to_the_monitors(fakes: tuple[Gold, Predictions]) -> None:
    gold, predictions = fakes
    gold_total = sum(g["gold"]["nb_civilians"] + g["gold"]["nb_noncivilians"] for g in gold)
    asserted = [
        e
        for record in predictions.values()
        for e in record["events"]
        if e["type"] == "ASSAULT" and e["status"] == "asserted" and e.get("fatalities")
    ]
    total = sum(e["fatalities"] for e in asserted)
    print(f"asserted ASSAULT tolls add up to {total} (gold {gold_total})")
    assert total <= 2 * gold_total
    # Tolls of 1,000 or more: the issue wants none. The dev articles report one incident of
    # that size, the 2013 Ghouta chemical attack (1,300 and 1,400 dead in three articles), whose
    # gold toll is that figure: a single dated incident, no cumulative count. Any such toll on
    # another day, or with no day, is a cumulative count taken for an act.
    huge = [e for e in asserted if e["fatalities"] >= 1000]
    print("tolls of 1,000 or more:", [(e["trigger"], e["fatalities"], e["date"]) for e in huge])
    assert len({e["date"] for e in huge}) <= 1
    assert all(e["date"] and len(e["date"]) == len("2013-08-21") for e in huge)
