"""Issue 12's GeoVirus figures (gold/geo-geovirus-dev.jsonl), scored with the project's scorer
(tools/score.py): recognition recall meets the target; the resolution figures are held at what
docs/accuracy.md records (the targets, acc161 >= 0.85 and acc161_e2e >= 0.78, are not met)."""

from __future__ import annotations

import json

from ceasefire.model import Article, RawArticle
from ceasefire.pipeline import extract
from tests.conftest import scorer, shared_path


def test_geovirus_dev_places() -> None:
    path = shared_path("gold/geo-geovirus-dev.jsonl")
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    raws = [RawArticle(origin=g["id"], text=g["text"]) for g in gold]
    articles = [a for a in extract(raws) if isinstance(a, Article)]
    assert len(articles) == len(gold)
    preds = {str(g["id"]): a.to_dict() for g, a in zip(gold, articles, strict=True)}
    figures = scorer().score_geo(gold, preds)
    print(figures)
    assert figures["r"] >= 0.935 and figures["p"] >= 0.945
    assert figures["acc161"] >= 0.785 and figures["acc161_e2e"] >= 0.74
