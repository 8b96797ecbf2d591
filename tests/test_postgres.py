"""The store on a real PostgreSQL server: the store suite's core behaviours, full-text search
through its GIN index, and several writers at once (racing inserts, concurrent first opens,
two ingests of overlapping inputs). Skips, saying why, when CEASEFIRE_TEST_PG names no server.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ceasefire.ingest import ingest
from ceasefire.read import parse_column_map, read_paths
from ceasefire.store import Filters, SaveResult, Store, open_store, schema
from ceasefire.store.db import writing
from ceasefire.store.migrations import MIGRATIONS
from ceasefire.store.write import save_article
from tests.pg import fresh_schema, server_url
from tests.statuses import fill
from tests.storedump import VOLATILE, dump_engine, dump_store
from tests.test_scale import FAKES_MAP, fakes_csv

# The store suite's tests that hold on any database run here again, against this module's
# `store` fixture (pytest resolves a test's fixtures in the module that collects it).
from tests.test_store import (  # noqa: F401
    astana_article,
    geneva_article,
    idlib_article,
    no_place_article,
    test_acled_fields_round_trip_in_their_columns_and_are_listed,
    test_actor_filter,
    test_country_filter,
    test_duplicates_are_left_out_unless_asked,
    test_failures_are_recorded_once_and_cleared_by_success,
    test_fused_events_round_trip_and_drop_with_their_source,
    test_has_article_and_keys,
    test_load_article_round_trips,
    test_near_filter_is_exact_not_just_a_box,
    test_only_asserted_events_are_listed_and_counted_by_default,
    test_saving_twice_adds_nothing,
    test_since_until_use_the_event_period,
    test_summary,
    test_text_filter_uses_full_text_search,
    test_the_acled_migration_moves_earlier_values_out_of_extra,
    test_the_status_filter_shows_the_others,
    test_type_filter,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def pg_url() -> Iterator[str]:
    with fresh_schema(server_url()) as url:
        yield url


@pytest.fixture
def store(pg_url: str) -> Iterator[Store]:
    with open_store(pg_url) as opened:
        opened.save_articles([idlib_article(), astana_article(), geneva_article(), no_place_article()])
        yield opened


@pytest.fixture
def status_store(pg_url: str) -> Iterator[Store]:
    with open_store(pg_url) as opened:
        fill(opened)
        yield opened


@pytest.fixture
def store_url(pg_url: str) -> str:
    return pg_url


def test_the_store_is_postgresql_at_the_latest_version(store: Store) -> None:
    assert store.engine.dialect.name == "postgresql" and store.version == MIGRATIONS[-1].version


def test_replacing_an_article_replaces_what_text_search_finds(store: Store) -> None:
    body = "Rebels protested in Idlib on Friday."
    new = dataclasses.replace(idlib_article(), text=body, quotes=[], events=[], actors=[], places=[])
    assert store.save_articles([new]) == [SaveResult.replaced]
    assert store.articles(Filters(text="Wednesday")) == []
    assert [r["id"] for r in store.articles(Filters(text="protests Friday"))] == ["idlib"]
    assert store.quotes(Filters(text="truce")) == []
    assert store.load_article("idlib") == new


def test_text_search_uses_the_gin_index(store: Store) -> None:
    from ceasefire.store.textsearch import matches

    plan_of = schema.articles.select().where(matches("articles_fts", "zones"))
    with store.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")  # four rows: force the planner's hand
        compiled = plan_of.compile(conn, compile_kwargs={"literal_binds": True})
        plan = "\n".join(conn.exec_driver_sql(f"EXPLAIN {compiled}").scalars())
    assert "ix_articles_tsv" in plan


def test_a_write_that_loses_a_race_for_a_key_ends_unchanged(store: Store) -> None:
    late = dataclasses.replace(astana_article(), id="late", url="https://example.org/late")
    results: list[SaveResult] = []
    with writing(store.engine) as conn:
        assert save_article(conn, late) == SaveResult.inserted  # not committed yet
        rival = threading.Thread(target=lambda: results.extend(store.save_articles([late])))
        rival.start()
        # Commit only once the rival waits on our uncommitted key: its insert then fails
        # with a unique violation, and its retry must see our row.
        deadline = time.monotonic() + 10
        while not _someone_waits_for_a_lock(store) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _someone_waits_for_a_lock(store)
    rival.join(timeout=10)
    assert results == [SaveResult.unchanged]
    assert store.counts()["articles"] == 5


def _someone_waits_for_a_lock(store: Store) -> bool:
    with store.engine.connect() as conn:
        return bool(conn.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted")))


def test_processes_opening_a_fresh_store_at_once_migrate_it_once(pg_url: str) -> None:
    opener = [
        sys.executable,
        "-c",
        "import sys; from ceasefire.store import open_store; print(open_store(sys.argv[1]).version)",
        pg_url,
    ]
    procs = [subprocess.Popen(opener, cwd=ROOT, stdout=subprocess.PIPE, text=True) for _ in range(4)]
    versions = [int(p.communicate(timeout=60)[0]) for p in procs]
    assert versions == [MIGRATIONS[-1].version] * 4
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        applied = conn.exec_driver_sql("SELECT version FROM schema_version ORDER BY version").scalars()
        assert list(applied) == [m.version for m in MIGRATIONS]
    engine.dispose()


def _report(stderr: str) -> dict[str, int]:
    """The counts of an ingest's last line: "... 20 new, 0 replaced, 10 unchanged, ..."."""
    return {word: int(n) for n, word in re.findall(r"(\d+) (new|replaced|unchanged|failed)", stderr)}


def test_two_concurrent_ingests_end_as_one_clean_run(tmp_path: Path) -> None:
    # Articles 0-13 and 7-20 at once: the seven in both are inserted by one, "unchanged" for
    # the other, and the store ends as one ingest of 0-20 leaves it (fusion included).
    server = server_url()
    first, second = fakes_csv(tmp_path / "a.csv", 0, 14), fakes_csv(tmp_path / "b.csv", 7, 21)
    with fresh_schema(server) as shared, fresh_schema(server) as clean:
        command = [sys.executable, "-m", "ceasefire", "ingest", "--db", shared, "--map", FAKES_MAP]
        procs = [
            subprocess.Popen([*command, str(path)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
            for path in (first, second)
        ]
        reports = [_report(p.communicate(timeout=300)[1]) for p in procs]
        assert [p.returncode for p in procs] == [0, 0]
        assert sum(r["new"] for r in reports) == 21 and sum(r["unchanged"] for r in reports) == 7
        with open_store(clean) as store:
            ingest(
                read_paths([str(fakes_csv(tmp_path / "all.csv", 0, 21))], parse_column_map(FAKES_MAP)), store
            )
            expected = dump_engine(store.engine)
        with open_store(shared) as store:
            found = dump_engine(store.engine)
    assert expected["fused_events"] and len(expected["articles"]) == 21
    # Each article's origin names the file of whichever ingest stored it first: the one
    # column that differs from the clean run by design.
    origin = [c.name for c in schema.articles.columns if c.name not in VOLATILE].index("origin")
    for dump in (found, expected):
        dump["articles"] = [row[:origin] + row[origin + 1 :] for row in dump["articles"]]
    assert found == expected


def test_postgresql_stores_what_sqlite_stores(tmp_path: Path, pg_url: str) -> None:
    # The same rows, down to the JSON text and the floats: one schema, two databases.
    articles = fakes_csv(tmp_path / "syria.csv", 0, 12)
    for db in (str(tmp_path / "lite.db"), pg_url):
        with open_store(db) as store:
            ingest(read_paths([str(articles)], parse_column_map(FAKES_MAP)), store)
    with open_store(pg_url) as store:
        on_postgresql = dump_engine(store.engine)
    on_sqlite = dump_store(tmp_path / "lite.db")
    assert on_sqlite["events"] and on_sqlite["fused_events"] and on_postgresql == on_sqlite


def test_the_databases_build_the_same_events_geojson_and_zone_report(pg_url: str, tmp_path: Path) -> None:
    """The export's features are built by each database's JSON functions, and a zone report
    reads each database's zone-day index: both give what SQLite gives."""
    import json

    from ceasefire.zones import add_zones, assign_events, zone_report
    from tests.conftest import EXAMPLES

    found = {}
    for name, url in (("postgresql", pg_url), ("sqlite", str(tmp_path / "same.db"))):
        with open_store(url) as store:
            add_zones(store, json.loads((EXAMPLES / "zones.geojson").read_text(encoding="utf-8")))
            store.save_articles([idlib_article(), astana_article(), geneva_article(), no_place_article()])
            assign_events(store)
            report = store.export("geojson", tmp_path / f"{name}.geojson")
            collection = json.loads((tmp_path / f"{name}.geojson").read_text(encoding="utf-8"))
            found[name] = (collection, report.rows, report.skipped, zone_report(store, "idlib"))
    assert found["postgresql"] == found["sqlite"]
    features = found["sqlite"][0]["features"]
    assert any(f["properties"]["actors"] for f in features) and any(
        f["properties"]["zones"] for f in features
    )
