"""The listings read their indexes (SQLite's EXPLAIN QUERY PLAN), and what the faster forms
return is what the listing gave before: the near filter's rows and distances, the actors'
merged counts, a paged zone report."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.model import distance_km
from ceasefire.store import Filters, Near, Store, open_store
from ceasefire.zones import zone_report
from tests.conftest import build_example_store, first_examples

ALEPPO = Near(36.2, 37.16, 200)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("plans")
    build_example_store(folder / "plans.db", first_examples(folder))
    return open_store(str(folder / "plans.db"), create=False)


def _plan(store: Store, work: object) -> list[str]:
    plans = store.query_plans(work)  # type: ignore[arg-type]
    return plans[0]


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        (Filters(), "ix_events_listing"),
        (Filters(type=["ASSAULT"]), "ix_events_type_listing"),
        (Filters(country="SYR"), "ix_events_country_listing"),
        (Filters(actor="army"), "ix_events_listing"),
        (Filters(status=("negated",)), "ix_events_listing"),
    ],
)
def test_an_events_page_is_read_from_a_listing_index(store: Store, filters: Filters, index: str) -> None:
    plan = _plan(store, lambda: store.events(filters, 50, 0))
    assert any(f"USING INDEX {index}" in line for line in plan), plan
    assert not any("TEMP B-TREE" in line for line in plan), plan
    assert not any(line in ("SCAN events", "SCAN articles") for line in plan), plan


def test_near_reads_the_box_from_its_index(store: Store) -> None:
    plan = _plan(store, lambda: store.events(Filters(near=ALEPPO), 50, 0))
    assert any("ix_events_lat_lon" in line for line in plan), plan


@pytest.mark.parametrize(
    ("work", "index"),
    [
        (lambda s: s.incidents(Filters(), 50, 0), "ix_incident_spans_listing"),
        (lambda s: s.actors(Filters(), 50, 0), "ix_actor_names_listing"),
        (lambda s: s.articles(Filters(), 50, 0), "ix_articles_listing"),
    ],
)
def test_other_pages_are_read_from_their_index(store: Store, work: object, index: str) -> None:
    plan = _plan(store, lambda: work(store))  # type: ignore[operator]
    assert any(index in line for line in plan), plan
    assert not any("TEMP B-TREE FOR ORDER BY" in line for line in plan), plan


def test_health_counts_no_table(store: Store) -> None:
    assert store.article_estimate() == store.counts()["articles"]
    plan = _plan(store, store.article_estimate)
    assert not any(line.startswith("SCAN") for line in plan), plan


def test_near_gives_every_event_inside_the_circle_with_its_distance_nearest_first(store: Store) -> None:
    every = store.events(Filters(located=True), None, 0)
    inside = {
        row["id"]: round(km, 3)
        for row in every
        if (km := distance_km(ALEPPO.lat, ALEPPO.lon, row["lat"], row["lon"])) <= ALEPPO.km
    }
    found = store.events(Filters(near=ALEPPO), None, 0)
    assert inside and {row["id"]: row["distance_km"] for row in found} == inside
    assert [row["distance_km"] for row in found] == sorted(inside.values())


def test_the_merged_actors_count_what_the_mentions_give(store: Store) -> None:
    kept = ("name", "kind", "country", "sector", "code", "articles", "mentions", "first_seen", "last_seen")
    merged = store.actors(Filters(), None, 0)
    # a date filter that holds for every article takes the aggregating path
    counted = store.actors(Filters(since="1900-01-01"), None, 0)
    assert sorted(tuple(r[k] for k in kept) for r in merged) == sorted(
        tuple(r[k] for k in kept) for r in counted
    )
    assert [r["mentions"] for r in merged] == sorted((r["mentions"] for r in merged), reverse=True)


def test_a_zone_report_lists_one_page_of_violations_and_counts_them_all(store: Store) -> None:
    (whole,) = zone_report(store, "idlib")
    listed = [v["event_id"] for p in whole["periods"] for v in p["violations"]]
    assert len(listed) >= 2 and whole["violations_total"] == len(listed) and not whole["truncated"]
    (page,) = zone_report(store, "idlib", violations_limit=1, violations_offset=1)
    assert [v["event_id"] for p in page["periods"] for v in p["violations"]] == listed[1:2]
    assert page["truncated"] and page["violations_total"] == len(listed)
    assert [p["violations_total"] for p in page["periods"]] == [
        p["violations_total"] for p in whole["periods"]
    ]


def test_a_new_store_is_at_the_listing_version(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "new.db")) as fresh:
        assert fresh.version >= 6
