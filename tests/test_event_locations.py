"""Where events happened, scored on the first 1,500 sentences of gold/event-location-dev.jsonl.

Each sentence marks an event verb and the span of that event's location, if the sentence gives
one. Of the events found on the marked verb, the share placed right: a place whose mention
overlaps the marked location, or no place when none is marked.
"""

from __future__ import annotations

import json
from typing import Any

from ceasefire.evaluate.match import Span, overlaps
from ceasefire.model import Article, Event, RawArticle
from ceasefire.pipeline import extract
from tests.conftest import shared_path

SENTENCES = 1500


def placed_right(article: Article, event: Event, locations: list[Span]) -> bool:
    if not locations:
        return event.place is None
    place = next((p for p in article.places if p.id == event.place), None)
    if place is None:
        return False
    return any(overlaps((m.start, m.end), loc) for m in place.mentions for loc in locations)


def _spans(record: dict[str, Any], label: str) -> list[Span]:
    return [(s["start"], s["end"]) for s in record["spans"] if s["label"] == label]


def test_event_locations() -> None:
    path = shared_path("gold/event-location-dev.jsonl")
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for _, line in zip(range(SENTENCES), handle, strict=False)]
    raws = [RawArticle(origin=f"{path}:{n}", text=r["text"]) for n, r in enumerate(records)]
    scores = {True: [0, 0], False: [0, 0]}  # location marked -> [right, events on the verb]
    for record, article in zip(records, extract(raws), strict=True):
        if not isinstance(article, Article) or article.text != record["text"]:
            continue  # cleaning changed the text (or refused it): the offsets no longer fit
        verbs, locations = _spans(record, "VERB"), _spans(record, "LOCATION")
        for event in article.events:
            if event.trigger_start is None or event.trigger_end is None:
                continue
            if any(overlaps((event.trigger_start, event.trigger_end), v) for v in verbs):
                score = scores[bool(locations)]
                score[0] += placed_right(article, event, locations)
                score[1] += 1
    right = sum(s[0] for s in scores.values())
    total = sum(s[1] for s in scores.values())
    marked, unmarked = scores[True], scores[False]
    print(
        f"event locations: {right / total:.3f} (n={total}); with a marked location "
        f"{marked[0] / marked[1]:.3f} (n={marked[1]}), without {unmarked[0] / unmarked[1]:.3f} "
        f"(n={unmarked[1]})"
    )
    assert right / total >= 0.75
