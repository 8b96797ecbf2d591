"""The listings read their indexes (SQLite's EXPLAIN QUERY PLAN), and what the faster forms
return is what the listing gave before: the near filter's rows and distances, the actors'
merged counts, a paged zone report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ceasefire.model import distance_km
from ceasefire.store import Filters, Near, Store, open_store, point_feature, query
from ceasefire.store.db import writing
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


@pytest.mark.parametrize(
    ("work", "index"),
    [
        (lambda s: s.incidents(Filters(), 50, 0), "ix_incident_spans_listing"),
        (lambda s: s.actors(Filters(), 50, 0), "ix_actor_names_listing"),
        (lambda s: s.articles(Filters(), 50, 0), "ix_articles_listing"),
        # the articles in order, each one's quotes looked up: not every quote sorted
        (lambda s: s.quotes(Filters(), 50, 0), "SCAN articles USING INDEX ix_articles_listing"),
        (lambda s: s.incidents(Filters(type=["ASSAULT"]), 50, 0), "ix_incident_spans_type_listing"),
        (lambda s: s.incidents(Filters(country="SYR"), 50, 0), "ix_incident_spans_country_listing"),
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


@pytest.mark.parametrize("crowded", [1, 10**9], ids=["crowded box", "sparse box"])
def test_near_gives_every_event_inside_the_circle_with_its_distance_in_listing_order(
    store: Store, crowded: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a crowded box is read in the listing's order with the lat index put aside, a sparse one
    # from the box's index and sorted: both give the listing's rows inside the circle
    monkeypatch.setattr(query, "CROWDED", crowded)
    every = store.events(Filters(located=True), None, 0)
    inside = [
        (row["id"], round(km, 3))
        for row in every
        if (km := distance_km(ALEPPO.lat, ALEPPO.lon, row["lat"], row["lon"])) <= ALEPPO.km
    ]
    found = store.events(Filters(near=ALEPPO), None, 0)
    assert len(inside) > 2 and len(inside) < len(every)
    assert [(row["id"], row["distance_km"]) for row in found] == inside
    probe, listing = store.query_plans(lambda: store.events(Filters(near=ALEPPO), 50, 0))[:2]
    assert any("ix_events_lat_lon" in line for line in probe), probe
    read_from = "ix_events_listing" if crowded == 1 else "ix_events_lat_lon (lat>? AND lat<?)"
    assert any(read_from in line for line in listing), listing


@pytest.mark.parametrize("crowded", [1, 10**9], ids=["crowded box", "sparse box"])
def test_near_incidents_are_those_inside_the_circle_in_listing_order(
    store: Store, crowded: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(query, "CROWDED", crowded)
    every = store.incidents(Filters(located=True), None, 0)
    inside = [
        row["id"] for row in every if distance_km(ALEPPO.lat, ALEPPO.lon, row["lat"], row["lon"]) <= ALEPPO.km
    ]
    assert len(inside) > 2 and len(inside) < len(every)
    assert [row["id"] for row in store.incidents(Filters(near=ALEPPO), None, 0)] == inside


@pytest.mark.parametrize(
    ("work", "seek"),
    [
        (
            lambda s: s.events(Filters(until="2017-05-01"), 50, 0),
            "ix_events_listing (<expr>=? AND date_from<?)",
        ),
        (
            lambda s: s.events(Filters(type=["ASSAULT"], until="2017-05-01"), 50, 0),
            "ix_events_type_listing (type=? AND <expr>=? AND date_from<?)",
        ),
        (
            lambda s: s.incidents(Filters(until="2017-05-01"), 50, 0),
            "ix_incident_spans_listing (undated=? AND date_from<?)",
        ),
    ],
)
def test_a_period_seeks_its_last_day_in_the_listing_index(store: Store, work: object, seek: str) -> None:
    plan = _plan(store, lambda: work(store))  # type: ignore[operator]
    assert any(seek in line for line in plan), plan
    assert not any("TEMP B-TREE FOR ORDER BY" in line for line in plan), plan


def test_a_period_lists_what_filtering_every_record_gives(store: Store) -> None:
    every = store.events(Filters(), None, 0)
    span = {row[0]: row[1:] for row in _rows(store, "SELECT id, date_from, date_to FROM events")}
    since, until = "2016-01-01", sorted(span[row["id"]][0] for row in every)[len(every) // 2]
    expected = [row["id"] for row in every if span[row["id"]][0] <= until and span[row["id"]][1] >= since]
    found = [row["id"] for row in store.events(Filters(since=since, until=until), None, 0)]
    assert 0 < len(found) < len(every) and found == expected


def test_a_zone_period_is_one_range_of_the_zone_days_index(store: Store) -> None:
    plans = store.query_plans(lambda: store.zone_sightings(["idlib"], ("day",), "2017-01-01", "2017-12-31"))
    assert any(
        "ix_event_zones_zone_day (zone_id=? AND date_from>? AND date_from<?)" in p for p in plans[0]
    ), plans
    plans = store.query_plans(lambda: store.zone_undated(["idlib"], "0001-01-01", "9999-12-31"))
    assert all(
        any("ix_event_zones_zone_day (zone_id=? AND date_from" in p for p in plan) for plan in plans[:3]
    )


def test_the_sightings_of_some_incidents_are_read_from_their_members(store: Store) -> None:
    incident_id = store.incidents(limit=1)[0]["id"]
    plan = _plan(
        store,
        lambda: store.zone_sightings(
            ["idlib"], ("day",), "2017-01-01", "2017-12-31", incident_ids=[incident_id]
        ),
    )
    assert any("event_sources" in step and "(fused_id=?)" in step for step in plan), plan
    assert not any("ix_event_zones_zone_day" in step for step in plan), plan


def test_the_incident_count_stops_where_it_is_told(store: Store) -> None:
    every = store.count_incidents(Filters())
    assert every > 3
    assert store.count_incidents(Filters(), at_most=3) == 3
    assert store.count_incidents(Filters(), at_most=every + 5) == every


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


def test_opening_a_store_from_before_step_10_copies_the_listing_keys(tmp_path: Path) -> None:
    build_example_store(tmp_path / "old.db", first_examples(tmp_path))
    with open_store(str(tmp_path / "old.db"), create=False) as built:
        links = _rows(built, "SELECT event_id, zone_id, date_from FROM event_zones")
        spans = _rows(built, "SELECT fused_id, type, country FROM incident_spans")
        days = _rows(
            built,
            "SELECT z.event_id, z.zone_id, e.date_from FROM event_zones z JOIN events e ON e.id = z.event_id",
        )
        own = _rows(
            built,
            "SELECT s.fused_id, f.type, f.country FROM incident_spans s "
            "JOIN fused_events f ON f.id = s.fused_id",
        )
        assert links and links == days and spans and spans == own
        with writing(built.engine) as conn:  # back to version 9's shape
            for index in (
                "ix_event_zones_zone_day",
                "ix_incident_spans_type_listing",
                "ix_incident_spans_country_listing",
                "ix_fused_events_lat_lon",
            ):
                conn.exec_driver_sql(f"DROP INDEX {index}")
            conn.exec_driver_sql("ALTER TABLE event_zones DROP COLUMN date_from")
            conn.exec_driver_sql("ALTER TABLE incident_spans DROP COLUMN type")
            conn.exec_driver_sql("ALTER TABLE incident_spans DROP COLUMN country")
            conn.exec_driver_sql("DELETE FROM schema_version WHERE version = 10")
    with open_store(str(tmp_path / "old.db"), create=False) as store:
        assert _rows(store, "SELECT event_id, zone_id, date_from FROM event_zones") == links
        assert _rows(store, "SELECT fused_id, type, country FROM incident_spans") == spans
        plan = _plan(store, lambda: store.incidents(Filters(type=["ASSAULT"]), 50, 0))
        assert any("ix_incident_spans_type_listing" in line for line in plan), plan


def _rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    with store.engine.connect() as conn:
        return sorted(tuple(row) for row in conn.exec_driver_sql(sql))


def test_the_events_geojson_is_the_listing_of_every_located_event(store: Store, tmp_path: Path) -> None:
    # the database builds each feature: its properties are what the listing gives, every status
    every = store.events(Filters(include_duplicates=True, status=None), None, 0)
    located = sorted((row for row in every if row["lat"] is not None), key=lambda row: row["id"])
    report = store.export("geojson", tmp_path / "events.geojson")
    collection = json.loads((tmp_path / "events.geojson").read_text(encoding="utf-8"))
    assert collection["features"] == [point_feature(row) for row in located]
    assert (report.rows["events"], report.skipped) == (len(located), len(every) - len(located))
    assert {row["status"] for row in located} > {"asserted"}
    assert {type(row["civilian_targeting"]) for row in located} == {bool, type(None)}


def test_the_band_queue_is_read_from_the_queue_not_from_every_article(store: Store) -> None:
    (plan,) = store.query_plans(store.unbanded)
    assert not any(line.startswith("SCAN articles") for line in plan), plan


def test_a_summary_past_its_sample_reads_no_table_whole(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = store.summary()
    assert not small["estimated"] and small["counts"] == store.counts()  # counted exactly
    monkeypatch.setattr(query, "SUMMARY_SAMPLE", 3)
    large = store.summary()
    assert large["estimated"]
    events = large["counts"]["events"]
    assert events >= store.counts()["events"]  # an upper bound, read from the highest row id
    scaled = [n for _, n in large["events_per_status"]]
    # each status: 1 to 3 of the 3 sampled, scaled to the whole and rounded
    assert scaled and all(any(abs(n - k * events / 3) <= 0.5 for k in (1, 2, 3)) for n in scaled), scaled
    assert sum(scaled) <= events + 1
    plans = store.query_plans(store.summary)
    few = {table for table, n in store.counts().items() if n <= 3}  # counted exactly: 3 rows at most
    read_whole = [
        line
        for plan in plans
        for line in plan
        # a subquery is one of the latest three rows; a listing index is read for them, in order
        if line.startswith("SCAN")
        and not line.startswith("SCAN anon_")
        and "_listing" not in line
        and line.split()[1] not in few
    ]
    assert not read_whole, plans
