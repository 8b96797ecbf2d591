"""Events: a gold event is found when a found event's sentence overlaps gold's sentence; its
type must be exact (or one of gold's "A|B"), and each detail gold gives is checked."""

from __future__ import annotations

from typing import Any

from ceasefire.evaluate.gold import GoldLine
from ceasefire.evaluate.items import score_items
from ceasefire.evaluate.match import (
    DEFAULT_KM,
    align,
    any_name,
    clip,
    gold_span,
    options,
    overlaps,
    sentence_at,
)
from ceasefire.evaluate.places import right_place
from ceasefire.evaluate.score import Judgement, Report
from ceasefire.model import Article, Event


def _countries_ok(wanted: list[str], actor_ids: list[str], article: Article) -> bool:
    """Each country gold lists (an entry may be "A|B") is among the event's actors."""
    countries = {a.country for a in article.actors if a.id in actor_ids}
    return all(options(entry) & countries for entry in wanted)


def _place_ok(gold: dict[str, Any], event: Event, article: Article, km: float) -> bool:
    place = next((p for p in article.places if p.id == event.place), None)
    if place is None:
        return False
    by_point = right_place(gold, place, km)
    return by_point if by_point is not None else any_name(str(gold.get("place") or ""), place.name)


def check(gold: dict[str, Any], event: Event, article: Article, km: float = DEFAULT_KM) -> dict[str, bool]:
    """Each detail gold gives (absent, null and empty lists say nothing), right or wrong."""
    fields: dict[str, bool] = {}
    if gold.get("mode"):
        fields["mode"] = event.mode in options(gold["mode"])
    for role, ids in (("actor_countries", event.actor), ("recipient_countries", event.recipient)):
        if gold.get(role):
            fields[role] = _countries_ok(gold[role], ids, article)
    if any(gold.get(k) is not None for k in ("place", "lat", "geonames_id")):
        fields["place"] = _place_ok(gold, event, article, km)
    if gold.get("date"):
        fields["date"] = event.date in options(gold["date"])
    if gold.get("fatalities") is not None:
        fields["fatalities"] = event.fatalities == int(gold["fatalities"])
    return fields


def describe(event: Event, article: Article) -> str:
    names = {a.id: a.country or a.name for a in article.actors}
    place = next((p.name for p in article.places if p.id == event.place), None)
    actors = ",".join(names.get(i, "?") for i in event.actor)
    recipients = ",".join(names.get(i, "?") for i in event.recipient)
    return clip(
        f"{event.type} {event.mode or ''} '{event.trigger}' {actors}→{recipients} "
        f"at {place} on {event.date} killed {event.fatalities}"
    )


def expectation(gold: dict[str, Any]) -> str:
    shown = {k: v for k, v in gold.items() if v not in (None, [], "") and k not in {"start", "end"}}
    return clip(" ".join(f"{k}={v}" for k, v in shown.items()), 160)


def judge(line: GoldLine, article: Article, km: float = DEFAULT_KM) -> tuple[list[Judgement], list[str]]:
    golds: list[dict[str, Any]] = line.record.get("events") or []
    spans = [gold_span(gold, line.text, article.text, field="sentence_contains") for gold in golds]
    events = article.events

    def judgement(g: int, f: int | None) -> Judgement:
        gold, span = golds[g], spans[g]
        label = str(gold.get("type") or "")
        sentence = sentence_at(article.text, span) if span else clip(str(gold.get("sentence_contains", "")))
        if f is None:
            return Judgement(line.number, label, None, {}, expectation(gold), "", sentence)
        event = events[f]
        return Judgement(
            line.number,
            label,
            event.type,
            check(gold, event, article, km),
            expectation(gold),
            describe(event, article),
            sentence,
        )

    def located(g: int, f: int) -> bool:
        span = spans[g]
        return span is not None and overlaps(span, (events[f].start, events[f].end))

    pairs = align(len(golds), len(events), located, lambda g, f: judgement(g, f).goodness)
    used = {f for f in pairs if f is not None}
    spurious = [event.type for f, event in enumerate(events) if f not in used]
    return [judgement(g, f) for g, f in enumerate(pairs)], spurious


def evaluate(lines: list[GoldLine], keep: int = 10, km: float = DEFAULT_KM) -> Report:
    return score_items(
        "events", lines, lambda line, article: judge(line, article, km), typed=True, confusion=True, keep=keep
    )
