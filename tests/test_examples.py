"""The bundled sample is a demo worth opening: ingested with the example zones as `make run`
does, it gives every zone violations, incidents told by several articles, town-level places
and a "this week against last" that changes.

The articles of ceasefire/examples/sample.jsonl are invented (their `source` says so): wire
copy about the four Astana zones over ten weeks from May 2017, with several incidents told by
two to four articles with slightly different tolls. The thresholds below are what the demo
needs, well under what the sample holds, so that better extraction does not break them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ceasefire.ingest import IngestReport, ingest
from ceasefire.read import read_paths
from ceasefire.store import Store, open_store
from ceasefire.zones import add_zones, zone_report

EXAMPLES = Path(__file__).resolve().parents[1] / "ceasefire" / "examples"
SAMPLE = EXAMPLES / "sample.jsonl"
INVENTED = "ceasefire examples (invented for the examples; not real reporting)"
ZONE_IDS = {"idlib", "north-homs", "eastern-ghouta", "south"}


def records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, IngestReport]]:
    """The sample ingested into a fresh store, then the example zones added: `make run`'s order."""
    db = tmp_path_factory.mktemp("examples") / "sample.db"
    with open_store(str(db)) as store:
        report = ingest(read_paths([str(SAMPLE)]), store)
        add_zones(store, json.loads((EXAMPLES / "zones.geojson").read_text(encoding="utf-8")))
        yield store, report


@pytest.fixture(scope="module")
def weekly(ingested: tuple[Store, IngestReport]) -> dict[str, list[dict[str, Any]]]:
    """Each zone's weeks over the whole sample (the same weeks for every zone)."""
    store, _ = ingested
    days = sorted(r["published"] for r in records())
    report = zone_report(store, by="week", since=days[0], until=days[-1])
    return {entry["zone"]["id"]: entry["periods"] for entry in report}


def test_every_record_is_marked_invented_and_well_formed() -> None:
    rows = records()
    assert len(rows) >= 90
    assert [r["id"] for r in rows] == [f"example-{n}" for n in range(1, len(rows) + 1)]
    for row in rows:
        number = row["id"].removeprefix("example-")
        assert row["source"] == INVENTED
        assert row["url"] == f"https://example.invalid/{number}"
        assert row["title"].strip() and row["text"].strip()
        assert dt.date.fromisoformat(row["published"])
    # ten weeks or more of news, some of it with scraping junk for the cleaner to remove
    days = [dt.date.fromisoformat(r["published"]) for r in rows]
    assert (max(days) - min(days)).days >= 63
    assert sum(bool(re.search(r"^(Read more:|Share )", r["text"], re.M)) for r in rows) >= 5


def test_the_sample_is_stored_without_failure(ingested: tuple[Store, IngestReport]) -> None:
    store, report = ingested
    assert report.failures == []
    assert report.inserted >= 90 and report.duplicates == 0
    assert store.counts()["articles"] == report.inserted


def test_every_zone_has_violations(weekly: dict[str, list[dict[str, Any]]]) -> None:
    assert set(weekly) == ZONE_IDS
    for zone, periods in weekly.items():
        assert len(periods) >= 10, zone
        assert sum(len(p["violations"]) for p in periods) >= 5, zone


def test_several_incidents_are_told_by_several_articles(ingested: tuple[Store, IngestReport]) -> None:
    store, _ = ingested
    told = [f for f in store.load_fused() if len(set(f.articles)) >= 2]
    assert len(told) >= 8
    # the tolls the articles disagree on are kept as a range
    assert any(f.fatalities_min != f.fatalities_max for f in told)


def test_this_week_against_last_changes_in_several_zones(weekly: dict[str, list[dict[str, Any]]]) -> None:
    changed = [
        zone
        for zone, periods in weekly.items()
        if len(periods[-1]["violations"]) != len(periods[-2]["violations"])
    ]
    assert len(changed) >= 2, changed
    # and the weeks are not flat: some zone has a week with more violations than another by 2
    assert any(
        max(len(p["violations"]) for p in periods) - min(len(p["violations"]) for p in periods) >= 2
        for periods in weekly.values()
    )


def test_most_attacks_in_a_zone_are_placed_at_a_town(ingested: tuple[Store, IngestReport]) -> None:
    store, _ = ingested
    features: Counter[tuple[str, str]] = Counter()
    for row in store.events(limit=None):
        if row["type"] != "ASSAULT" or not row["zones"]:
            continue
        article = store.load_article(row["article_id"])
        feature = {p.id: p.feature for p in article.places}
        # the store's event ids are the article's, prefixed with the article id
        place = {f"{article.id}:{e.id}": e.place for e in article.events}[row["id"]]
        for zone in row["zones"]:
            features[zone, "town" if place and feature[place] == "city" else "coarser"] += 1
    for zone in ZONE_IDS:
        assert features[zone, "town"] > features[zone, "coarser"], (zone, features)
