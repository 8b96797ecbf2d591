"""Issue 13's targets on PolNeAR's dev split (gold/quotes-polnear-dev.jsonl), scored with the
project's scorer (tools/score.py): the figures docs/accuracy.md records."""

from __future__ import annotations

import json

from ceasefire.model import Article, RawArticle
from ceasefire.pipeline import extract
from tests.conftest import scorer, shared_path


def test_polnear_dev_quotes() -> None:
    path = shared_path("gold/quotes-polnear-dev.jsonl")
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    raws = [RawArticle(origin=g["id"], text=g["text"], published=g.get("published")) for g in gold]
    articles = [a for a in extract(raws) if isinstance(a, Article)]
    assert len(articles) == len(gold)
    preds = {str(g["id"]): a.to_dict() for g, a in zip(gold, articles, strict=True)}
    figures = scorer().score_quotes(gold, preds)
    print(figures)
    assert figures["direct_f1"] >= 0.88
    assert figures["speaker_acc"] >= 0.90
    assert figures["all_r"] >= 0.65 and figures["all_p"] >= 0.80
