"""`ceasefire extract --published 2017-05-04` on the seed article, scored against gold/seed.json.

Each test prints its section's score; the thresholds are those of the foundation issue.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from ceasefire.cli import app
from ceasefire.evaluate.match import DEFAULT_KM, near_enough, options, same_name
from ceasefire.model import distance_km
from tests.conftest import shared_path

Record = dict[str, Any]


@pytest.fixture(scope="module")
def record() -> Record:
    path = shared_path("seed/deescalation-zones.txt")
    result = CliRunner().invoke(app, ["extract", str(path), "--published", "2017-05-04"])
    assert result.exit_code == 0, result.output
    data: Record = json.loads(result.stdout)
    return data


def actor_by_id(record: Record) -> dict[str, Record]:
    return {actor["id"]: actor for actor in record["actors"]}


def test_removed_and_kept(record: Record, seed_gold: Record) -> None:
    for junk in seed_gold["removed"]:
        assert junk not in record["text"], f"junk left in text: {junk!r}"
        assert any(junk in removal["text"] for removal in record["removed"]), junk
    for sentence in seed_gold["kept"]:
        assert sentence in record["text"], f"real sentence lost: {sentence!r}"


def test_actors(record: Record, seed_gold: Record) -> None:
    right = 0
    for gold in seed_gold["actors"]:
        found = [a for a in record["actors"] if same_name(gold["name"], a["name"])]
        ok = any(
            a["country"] in options(gold["country"]) and a["sector"] in options(gold["sector"]) for a in found
        )
        right += ok
        coded = [(a["name"], a["country"], a["sector"]) for a in found]
        print(f"actor {'✓' if ok else '✗'} {gold['name']}: {coded}")
    print(f"actors: {right}/{len(seed_gold['actors'])}")
    assert right >= 5


def test_places(record: Record, seed_gold: Record) -> None:
    right = 0
    for gold in seed_gold["places"]:
        distances = [
            distance_km(gold["lat"], gold["lon"], p["lat"], p["lon"])
            for p in record["places"]
            if same_name(gold["name"], p["name"]) and p["lat"] is not None
        ]
        ok = bool(distances) and min(distances) <= DEFAULT_KM
        right += ok
        print(f"place {'✓' if ok else '✗'} {gold['name']}: {[round(d) for d in distances]} km")
    print(f"places: {right}/{len(seed_gold['places'])}")
    assert right == len(seed_gold["places"])


def test_countries(record: Record, seed_gold: Record) -> None:
    missing = set(seed_gold["countries"]) - set(record["countries"])
    print(f"countries: {record['countries']}")
    assert not missing


def test_quotes(record: Record, seed_gold: Record) -> None:
    actors = actor_by_id(record)
    right = 0
    for gold in seed_gold["quotes"]:
        quotes = [q for q in record["quotes"] if gold["text_contains"] in q["text"]]
        speakers = [actors[q["speaker"]]["name"] for q in quotes if q["speaker"] in actors]
        ok = any(same_name(gold["speaker"], name) for name in speakers)
        right += ok
        kinds = [q["kind"] for q in quotes]
        print(f"quote {'✓' if ok else '✗'} {gold['text_contains'][:40]!r}: {speakers} {kinds}")
    print(f"quotes: {right}/{len(seed_gold['quotes'])}")
    assert right >= 7


def event_matches(gold: Record, event: Record, record: Record) -> bool:
    """Right type in the right sentence, and place, date, actor and recipient countries and
    fatalities where gold has them."""
    sentence = record["text"][event["start"] : event["end"]]
    if gold["sentence_contains"] not in sentence or event["type"] not in options(gold["type"]):
        return False
    places = {p["id"]: p for p in record["places"]}
    place = places.get(event["place"] or "")
    if gold["lat"] is not None:
        if place is None or place["lat"] is None:
            return False
        if not near_enough(gold["lat"], gold["lon"], place["lat"], place["lon"]):
            return False
    elif gold["place"] is not None and (
        place is None or not any(same_name(name, place["name"]) for name in options(gold["place"]))
    ):
        return False
    if gold["date"] is not None and event["date"] != gold["date"]:
        return False
    if not (
        same_countries(gold["actor_countries"], event["actor"], record)
        and same_countries(gold["recipient_countries"], event["recipient"], record)
    ):
        return False
    return gold["fatalities"] is None or event["fatalities"] == gold["fatalities"]


def same_countries(gold: list[str], ids: list[str], record: Record) -> bool:
    """Every gold country ("UNO|IGO": either) is among the countries of the event's actors."""
    found = {actor_by_id(record)[a]["country"] for a in ids}
    return all(options(country) & found for country in gold)


def test_events(record: Record, seed_gold: Record) -> None:
    actors = actor_by_id(record)
    right = 0
    for gold in seed_gold["events"]:
        in_sentence = [
            e for e in record["events"] if gold["sentence_contains"] in record["text"][e["start"] : e["end"]]
        ]
        ok = any(event_matches(gold, e, record) for e in in_sentence)
        right += ok
        found = [
            (
                e["type"],
                e["place"],
                e["date"],
                e["fatalities"],
                [actors[a]["country"] for a in e["actor"]],
                [actors[a]["country"] for a in e["recipient"]],
            )
            for e in in_sentence
        ]
        print(f"event {'✓' if ok else '✗'} {gold['type']} {gold['sentence_contains'][:35]!r}: {found}")
    print(f"events: {right}/{len(seed_gold['events'])}")
    assert right >= len(seed_gold["events"]) - 1
