"""Event locations: for the event found on gold's marked verb, is its place gold's marked
location (any of them when several are marked), or no place when none is marked?"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ceasefire.evaluate.gold import GoldLine, analysed
from ceasefire.evaluate.match import Span, any_name, clip, gold_span, overlaps
from ceasefire.evaluate.score import Counts, Miss, Report, worst
from ceasefire.model import Article, Event, Failure, Place


def events_on(span: Span, article: Article) -> list[Event]:
    """Events whose trigger word overlaps the span."""
    return [
        e
        for e in article.events
        if e.trigger_start is not None
        and e.trigger_end is not None
        and overlaps(span, (e.trigger_start, e.trigger_end))
    ]


def place_of(event: Event, article: Article) -> Place | None:
    return next((p for p in article.places if p.id == event.place), None)


def at_location(place: Place, locations: list[dict[str, Any]], spans: list[Span | None]) -> bool:
    """The place is mentioned at a marked location, or bears the name marked there."""
    for location, span in zip(locations, spans, strict=True):
        if span is not None and any(overlaps(span, (m.start, m.end)) for m in place.mentions):
            return True
        if any_name(str(location.get("text", "")), place.name):
            return True
    return False


def marked(record: dict[str, Any]) -> dict[str, Any] | None:
    """The record with its `verb` and `locations`: as given, or read off labelled `spans` (the
    dataset's own form: the first VERB span, every LOCATION span); None for a sentence with no
    marked verb, which is not scored."""
    if "verb" in record:
        return record
    spans = [s for s in record.get("spans") or [] if isinstance(s, dict)]
    verbs = [_span(s) for s in spans if s.get("label") == "VERB"]
    if not verbs:
        return None
    return record | {"verb": verbs[0], "locations": [_span(s) for s in spans if s.get("label") == "LOCATION"]}


def _span(item: dict[str, Any]) -> dict[str, Any]:
    return {"start": item["start"], "end": item["end"], "text": item["text"]}


def evaluate(lines: list[GoldLine], keep: int = 10) -> Report:
    lines = [replace(line, record=record) for line in lines if (record := marked(line.record)) is not None]
    report = Report("evloc", len(lines))
    on_verb, all_lines = Counts(), Counts()
    covered = right = none_marked = 0
    misses: list[Miss] = []
    for line, article in zip(lines, analysed(lines), strict=True):
        locations: list[dict[str, Any]] = line.record.get("locations") or []
        none_marked += not locations
        if isinstance(article, Failure):
            report.failed.append(f"{article.origin}: {article.reason}")
            all_lines.fn += bool(locations)
            continue
        verb = gold_span(line.record.get("verb") or {}, line.text, article.text)
        spans = [gold_span(location, line.text, article.text) for location in locations]
        expected = " | ".join(str(loc.get("text")) for loc in locations) or "no location"
        candidates = events_on(verb, article) if verb else []
        if not candidates:
            all_lines.fn += bool(locations)
            misses.append(Miss(line.number, "no event on the verb", expected, "", clip(article.text, 200), 1))
            continue
        covered += 1
        places = [place_of(e, article) for e in candidates]
        # Of several events on one verb, the one whose place is right speaks for the line.
        found = next((p for p in places if p is not None and at_location(p, locations, spans)), places[0])
        ok = at_location(found, locations, spans) if found else not locations
        right += ok
        for counts in (on_verb, all_lines):
            counts.tp += bool(found) and ok
            counts.fp += bool(found) and not ok
            counts.fn += bool(locations) and not ok
        if not ok:
            shown = f"{found.name} ({found.lat}, {found.lon})" if found else "no place"
            if found is None:
                problem = "no place"
            else:
                problem = "wrong place" if locations else "a place where none is marked"
            misses.append(Miss(line.number, problem, expected, shown, clip(article.text, 200), 2))
    report.scores = {"location, events on the verb": on_verb, "location, all lines": all_lines}
    report.figures = {
        "events_on_verb": covered,
        "coverage": round(covered / len(lines), 4) if lines else 0.0,
        "accuracy": round(right / covered, 4) if covered else 0.0,
        "none_marked": none_marked,
    }
    report.missed = len(misses)
    report.misses = worst(misses, keep)
    return report
