"""Places: a gold toponym is found when a resolved place has its name (or a mention at its span);
it is right when it lies within the tolerance of gold's coordinates or has gold's GeoNames id."""

from __future__ import annotations

from typing import Any

from ceasefire.evaluate.gold import GoldLine
from ceasefire.evaluate.items import score_items
from ceasefire.evaluate.match import (
    DEFAULT_KM,
    Span,
    align,
    any_name,
    clip,
    gold_span,
    locate,
    near_enough,
    overlaps,
    sentence_at,
)
from ceasefire.evaluate.score import Judgement, Report
from ceasefire.model import Article, Place


def right_place(gold: dict[str, Any], place: Place, km: float) -> bool | None:
    """Gold's coordinates or GeoNames id against the place found; None when gold gives neither."""
    if gold.get("geonames_id") is not None and place.geonames_id == gold["geonames_id"]:
        return True
    if gold.get("lat") is not None and gold.get("lon") is not None:
        return near_enough(float(gold["lat"]), float(gold["lon"]), place.lat, place.lon, km)
    return False if gold.get("geonames_id") is not None else None


def _at(place: Place, name: str, span: Span | None) -> bool:
    if span is not None:
        return any(overlaps(span, (m.start, m.end)) for m in place.mentions)
    return any_name(name, place.name) or any(any_name(name, m.text) for m in place.mentions)


def judge(line: GoldLine, article: Article, km: float = DEFAULT_KM) -> tuple[list[Judgement], list[str]]:
    golds: list[dict[str, Any]] = line.record.get("places") or []
    spans = [gold_span(gold, line.text, article.text, field=None) for gold in golds]
    places = article.places

    def judgement(g: int, f: int | None) -> Judgement:
        gold = golds[g]
        name = str(gold.get("name", ""))
        expected = f"{name} ({gold.get('lat')}, {gold.get('lon')})"
        where = spans[g] or locate(article.text, name.split("|")[0])
        sentence = sentence_at(article.text, where) if where else ""
        if f is None:
            return Judgement(line.number, "", None, {}, expected, "", sentence)
        place = places[f]
        ok = right_place(gold, place, km)
        fields = {} if ok is None else {"coordinates": ok}
        found = f"{place.name} ({place.lat}, {place.lon}) geonames {place.geonames_id}"
        return Judgement(line.number, "", "place", fields, expected, clip(found), sentence)

    def located(g: int, f: int) -> bool:
        return _at(places[f], str(golds[g].get("name", "")), spans[g])

    pairs = align(len(golds), len(places), located, lambda g, f: judgement(g, f).goodness)
    used = {f for f in pairs if f is not None}
    spurious = ["place" for f in range(len(places)) if f not in used]
    return [judgement(g, f) for g, f in enumerate(pairs)], spurious


def evaluate(lines: list[GoldLine], keep: int = 10, km: float = DEFAULT_KM) -> Report:
    return score_items(
        "places", lines, lambda line, article: judge(line, article, km), typed=False, keep=keep
    )
