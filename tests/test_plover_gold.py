"""The pipeline over the 322 coded sentences of the PLOVER gold standard (gold/plover-gsr-cameo.json).

Prints event-type accuracy and actor-country accuracy. The gold uses PLOVER 0.5 names; its
README maps them to the current ones.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ceasefire.evaluate.match import country_found, overlaps, plover_type
from ceasefire.model import Article, RawArticle
from ceasefire.pipeline import extract
from tests.conftest import shared_path

Gold = dict[str, Any]


@pytest.fixture(scope="module")
def coded() -> list[tuple[Gold, Article]]:
    records = json.loads(shared_path("gold/plover-gsr-cameo.json").read_text(encoding="utf-8"))
    gold = [r for r in records if r["event"] != "DOCUMENT" and r.get("text")]
    raws = [RawArticle(origin=r["id"], text=r["text"], published=r.get("date")) for r in gold]
    articles = [a for a in extract(raws) if isinstance(a, Article)]
    assert len(articles) == len(gold)
    return list(zip(gold, articles, strict=True))


def test_event_type_accuracy(coded: list[tuple[Gold, Article]]) -> None:
    any_hit = top_hit = 0
    for gold, article in coded:
        expected = plover_type(gold["event"])
        types = [e.type for e in article.events]
        any_hit += expected in types
        best = max(article.events, key=lambda e: e.confidence, default=None)
        top_hit += best is not None and best.type == expected
    n = len(coded)
    print(
        f"PLOVER event type: some event of the gold type {any_hit / n:.3f}, "
        f"top-confidence event {top_hit / n:.3f} (n={n})"
    )
    assert any_hit / n >= 0.78


def gold_actors(gold: Gold, role: str) -> list[dict[str, str]]:
    return [
        actor
        for actor in (gold.get(role) or [])
        if isinstance(actor, dict) and actor.get("code") and actor.get("actorText")
    ]


def test_actor_country_accuracy(coded: list[tuple[Gold, Article]]) -> None:
    """For each gold actor: does the actor found at its words carry its country?

    Stricter than "some actor in the sentence has the country": the mention must overlap the
    gold actor's own text. UN, IGO, EU and NGO codes count as one non-state group.
    """
    scores = {}
    for role in ("source", "target"):
        right = total = 0
        for gold, article in coded:
            for actor in gold_actors(gold, role):
                head = actor["actorText"].split("...")[0].strip()
                start = article.text.find(head)
                if start < 0:
                    continue
                end = start + len(head)
                total += 1
                code = actor["code"][:3]
                found = {
                    a.country
                    for a in article.actors
                    for m in a.mentions
                    if overlaps((m.start, m.end), (start, end))
                }
                right += country_found(code, found)
        scores[role] = (right, total)
        print(f"PLOVER actor country, {role}s: {right / total:.3f} (n={total})")
    right = sum(r for r, _ in scores.values())
    total = sum(t for _, t in scores.values())
    print(f"PLOVER actor country, all: {right / total:.3f} (n={total})")
    assert right / total >= 0.80
