"""`ceasefire ingest`: idempotent, crash-safe, deduplicating, fusing; bad input recorded."""

from __future__ import annotations

import csv
import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli import app
from ceasefire.ingest import IngestReport, ingest
from ceasefire.read import parse_column_map, read_paths
from ceasefire.store import Store, open_store
from tests.conftest import shared_path
from tests.storedump import dump_store

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
csv.field_size_limit(64 * 1024 * 1024)


def rows_of(relative: str) -> list[dict[str, str]]:
    with shared_path(relative).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def duplicate_links(store: Store) -> dict[str, str | None]:
    with store.engine.connect() as conn:
        return dict(conn.exec_driver_sql("SELECT id, duplicate_of FROM articles").fetchall())


@pytest.fixture(scope="module")
def fakenews(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, IngestReport, IngestReport]:
    db = tmp_path_factory.mktemp("fakenews") / "store.db"
    path = str(shared_path("corpora/fakenewscorpus-sample.csv"))
    with open_store(str(db)) as store:
        first = ingest(read_paths([path]), store)
        second = ingest(read_paths([path]), store)
    return db, first, second


def test_identical_bodies_are_linked_to_the_first(fakenews: tuple[Path, IngestReport, IngestReport]) -> None:
    db, first, _ = fakenews
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for row in rows_of("corpora/fakenewscorpus-sample.csv"):
        groups[row["content"]].append(row["id"])
    same = [ids for ids in groups.values() if len(ids) > 1]
    pairs = sum(len(ids) * (len(ids) - 1) // 2 for ids in same)
    with open_store(str(db)) as store:
        links = duplicate_links(store)
    found = sum(
        1
        for ids in same
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if (links[b] or b) == (links[a] or a)
    )
    print(f"identical-body pairs: {found}/{pairs}; near-duplicates linked: {first.duplicates}")
    assert pairs == 39 and found == pairs
    # No false pair: every link joins two articles of one identical-body group.
    group_of = {i: n for n, ids in enumerate(same) for i in ids}
    for article, original in links.items():
        if original is not None:
            assert group_of.get(article) is not None and group_of.get(article) == group_of.get(original)


def test_second_ingest_adds_nothing(fakenews: tuple[Path, IngestReport, IngestReport]) -> None:
    _, first, second = fakenews
    assert first.inserted == 250 and not first.failures
    assert second.inserted == second.replaced == second.duplicates == 0
    assert second.unchanged == 250


def edited_copies(text: str) -> dict[str, str]:
    """Near-duplicates as aggregators make them."""
    sentences = text.split(". ")
    middle = len(sentences) // 2
    return {
        "paragraph cut": ". ".join(sentences[: int(len(sentences) * 0.85)]) + ".",
        "boilerplate changed": "Share Tweet Email\n\n" + text + "\n\nMore news: Other story of the day",
        "sentence reworded": ". ".join(
            [*sentences[:middle], "Officials gave no further details on the matter", *sentences[middle + 1 :]]
        ),
    }


def test_near_duplicates_made_from_other_articles(tmp_path: Path) -> None:
    rows = [r for r in rows_of("corpora/fakes-syria-dev.csv") if len(r["article_content"].split()) > 250][:6]
    records = []
    for n, row in enumerate(rows):
        records.append({"id": f"orig-{n}", "text": row["article_content"], "published": "2016-01-01"})
        for kind, text in edited_copies(row["article_content"]).items():
            records.append({"id": f"copy-{n}-{kind}", "text": text, "published": "2016-01-01"})
    dump = tmp_path / "copies.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    with open_store(str(tmp_path / "store.db")) as store:
        report = ingest(read_paths([str(dump)]), store)
        links = duplicate_links(store)
    assert report.duplicates == 3 * len(rows)
    for article, original in links.items():
        expected = None if article.startswith("orig-") else f"orig-{article.split('-')[1]}"
        assert original == expected, article
    # --no-dedupe: every copy is an article of its own.
    with open_store(str(tmp_path / "all.db")) as store:
        report = ingest(read_paths([str(dump)]), store, threshold=None)
        assert report.duplicates == 0 and report.inserted == len(records)
        assert not any(duplicate_links(store).values())


def _ingest_process(db: Path, inputs: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ceasefire",
            "ingest",
            *inputs,
            "--db",
            str(db),
            "--map",
            "text=article_content,published=date",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killed_ingest_run_again_equals_a_clean_run(tmp_path: Path) -> None:
    sample = tmp_path / "syria.csv"
    rows = rows_of("corpora/fakes-syria-dev.csv")[:48]
    with sample.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    inputs = [str(sample), str(shared_path("seed/deescalation-zones.txt"))]
    reference = tmp_path / "clean.db"
    started = time.perf_counter()
    assert _ingest_process(reference, inputs).wait(timeout=300) == 0
    clean_seconds = time.perf_counter() - started
    expected = dump_store(reference)
    assert len(expected["articles"]) == 49 and expected["fused_events"]

    chance = random.Random(20170504)
    db = tmp_path / "killed.db"
    for _ in range(4):
        process = _ingest_process(db, inputs)
        time.sleep(chance.uniform(0.3, clean_seconds))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert _ingest_process(db, inputs).wait(timeout=300) == 0
    assert dump_store(db) == expected


def test_the_seeds_two_azaz_reports_fuse(tmp_path: Path) -> None:
    seed = shared_path("seed/deescalation-zones.txt")
    with open_store(str(tmp_path / "seed.db")) as store:
        ingest(read_paths([str(seed)]), store, published="2017-05-04")
        fused = store.load_fused()
    azaz = [f for f in fused if any("Yesterday's bomb attack" in s for s in f.sentences)]
    assert len(azaz) == 1
    (event,) = azaz
    print(f"Azaz: {event.type} {event.date} {event.place} {event.fatalities_mode} dead: {event.sentences}")
    assert any("killed at least five people" in s for s in event.sentences)
    assert event.type == "ASSAULT" and event.date == "2017-05-03" and event.fatalities_mode == 5
    assert not any("2015" in s for s in event.sentences)


def test_syria_articles_of_one_incident_fuse(tmp_path: Path) -> None:
    path = shared_path("corpora/fakes-syria-dev.csv")
    with open_store(str(tmp_path / "syria.db")) as store:
        ingest(read_paths([str(path)], parse_column_map("text=article_content,published=date")), store)
        fused = store.load_fused()
    incidents: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows_of("corpora/fakes-syria-dev.csv"):
        incidents[(row["date"], row["location"])].add(row["unit_id"])
    shared = {key: ids for key, ids in incidents.items() if len(ids) > 1}
    fused_across = [
        key
        for key, ids in shared.items()
        if any(len(ids & set(f.articles)) > 1 and f.type == "ASSAULT" for f in fused)
    ]
    print(f"incidents in several articles: {len(shared)}; fused across articles: {len(fused_across)}")
    assert len(fused_across) >= 3


def test_bad_files_are_recorded_and_good_ones_stored(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    seed = shared_path("seed/deescalation-zones.txt")
    first = runner.invoke(app, ["ingest", str(seed), "--db", str(db), "--published", "2017-05-04"])
    assert first.exit_code == 0
    before = dump_store(db)["articles"]

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (inbox / "broken.html").write_text("<html><body><div><p>", encoding="utf-8")
    (inbox / "huge.txt").write_bytes(b"Rebels shelled the town. " * (50 * 1024 * 1024 // 25))
    (inbox / "latin1.txt").write_bytes(
        "Talks in Astana\n\nThe café near the Turkish border was shelled on Monday, killing two people, "
        "the governor of Kilis said.".encode("latin-1")
    )
    result = runner.invoke(app, ["ingest", str(inbox), "--db", str(db)])
    assert result.exit_code == 1
    with sqlite3.connect(db) as conn:
        failures = dict(conn.execute("SELECT origin, reason FROM failures").fetchall())
        titles = {t for (t,) in conn.execute("SELECT title FROM articles")}
    print(json.dumps(failures, indent=1))
    assert set(failures) == {str(inbox / n) for n in ("empty.txt", "binary.txt", "broken.html", "huge.txt")}
    assert "too large" in failures[str(inbox / "huge.txt")]
    assert "binary" in failures[str(inbox / "binary.txt")]
    assert "Talks in Astana" in titles
    assert set(before) <= set(dump_store(db)["articles"])  # nothing stored before is lost


def test_two_workers_store_what_one_stores(tmp_path: Path) -> None:
    path = str(shared_path("corpora/fakes-syria-dev.csv"))
    mapping = parse_column_map("text=article_content")
    dumps = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        with open_store(str(db)) as store:
            report = ingest(read_paths([path], mapping), store, workers=workers, batch_size=8)
        assert report.read == 187 and report.inserted + report.unchanged == 187
        dumps.append(dump_store(db))
    assert dumps[0] == dumps[1]


def test_queries_and_export_from_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "seed.db")
    seed = shared_path("seed/deescalation-zones.txt")
    runner.invoke(app, ["ingest", str(seed), "--db", db, "--published", "2017-05-04"])
    near_azaz = runner.invoke(
        app, ["events", "--db", db, "--type", "assault", "--near", "36.59,37.05,10", "--format", "geojson"]
    )
    collection = json.loads(near_azaz.stdout)
    assert collection["type"] == "FeatureCollection" and collection["features"]
    for feature in collection["features"]:
        assert feature["properties"]["type"] == "ASSAULT"
        lon, lat = feature["geometry"]["coordinates"]
        assert abs(lat - 36.59) < 0.2 and abs(lon - 37.05) < 0.2
    quotes = runner.invoke(app, ["quotes", "--db", db, "--text", "terror", "--format", "jsonl"])
    speakers = {json.loads(line)["speaker"] for line in quotes.stdout.splitlines()}
    assert speakers == {"Recep Tayyip Erdoğan"}
    bad = runner.invoke(app, ["events", "--db", db, "--near", "north"])
    assert bad.exit_code == 2 and "LAT,LON,KM" in bad.stderr
    out = tmp_path / "parquet"
    assert runner.invoke(app, ["export", str(out), "--db", db, "--format", "parquet"]).exit_code == 0
    assert (out / "events.parquet").exists()
