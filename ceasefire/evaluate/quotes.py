"""Quotes: the gold quote's words overlap a found quote; its kind and speaker are checked."""

from __future__ import annotations

from typing import Any

from ceasefire.evaluate.gold import GoldLine
from ceasefire.evaluate.items import score_items
from ceasefire.evaluate.match import align, any_name, clip, gold_span, overlaps, sentence_at
from ceasefire.evaluate.score import Judgement, Report
from ceasefire.model import Article, Quote


def speaker_names(quote: Quote, article: Article) -> list[str]:
    """Every name the found speaker goes by: its actors' names and the words that name it."""
    actors = {actor.id: actor for actor in article.actors}
    ids = quote.speakers or ([quote.speaker] if quote.speaker else [])
    names = [actors[i].name for i in ids if i in actors]
    if quote.speaker_mention is not None:
        names.append(quote.speaker_mention.text)
    return names


def _fields(gold: dict[str, Any], quote: Quote, article: Article) -> dict[str, bool]:
    if not gold.get("speaker"):
        return {}
    return {"speaker": any(any_name(gold["speaker"], name) for name in speaker_names(quote, article))}


def judge(line: GoldLine, article: Article) -> tuple[list[Judgement], list[str]]:
    golds: list[dict[str, Any]] = line.record.get("quotes") or []
    spans = [gold_span(gold, line.text, article.text) for gold in golds]
    quotes = article.quotes

    def located(g: int, f: int) -> bool:
        span = spans[g]
        return span is not None and overlaps(span, (quotes[f].start, quotes[f].end))

    def judgement(g: int, f: int | None) -> Judgement:
        gold = golds[g]
        span = spans[g]
        expected = f"{gold.get('kind', '')} {clip(str(gold.get('text', '')), 60)!r} — {gold.get('speaker')}"
        sentence = sentence_at(article.text, span) if span else clip(str(gold.get("text", "")), 200)
        if f is None:
            return Judgement(line.number, str(gold.get("kind") or ""), None, {}, expected, "", sentence)
        quote = quotes[f]
        found = f"{quote.kind} {clip(quote.text, 60)!r} — {', '.join(speaker_names(quote, article)) or '?'}"
        return Judgement(
            line.number,
            str(gold.get("kind") or ""),
            quote.kind,
            _fields(gold, quote, article),
            expected,
            found,
            sentence,
        )

    pairs = align(len(golds), len(quotes), located, lambda g, f: judgement(g, f).goodness)
    used = {f for f in pairs if f is not None}
    spurious: list[str] = [quote.kind for f, quote in enumerate(quotes) if f not in used]
    return [judgement(g, f) for g, f in enumerate(pairs)], spurious


def evaluate(lines: list[GoldLine], keep: int = 10) -> Report:
    return score_items("quotes", lines, judge, typed=True, keep=keep)
