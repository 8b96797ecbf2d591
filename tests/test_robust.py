"""Bad input never breaks a run or a store (issue 16): one test per defect found by the
adversarial run, each on an input written here."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ceasefire.cli import app
from ceasefire.ingest import ingest
from ceasefire.model import Failure, RawArticle
from ceasefire.pipeline import extract
from ceasefire.read import read_paths
from ceasefire.store import open_store
from ceasefire.zones import add_zones, undated_events, zone_report
from tests.statuses import ZONE, status_articles

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]

GOOD = "Rebels shelled the town of Maarat al-Numan on Tuesday, killing four people, a monitor said."
OTHER = "Government aircraft struck a market in the town of Saraqeb on Friday, wounding nine people."


def _jsonl(path: Path, *records: dict[str, Any] | str) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _read(*paths: Path, recursive: bool = False) -> list[RawArticle | Failure]:
    return list(read_paths([str(p) for p in paths], recursive=recursive))


def _failures(items: list[Any]) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


def _articles(items: list[Any]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


# ---------------------------------------------------------------- readers: JSONL


def test_unicode_line_separators_stay_inside_a_jsonl_record(tmp_path: Path) -> None:
    text = "First part.\u2028Second part.\u2029Third part.\u0085Fourth part."
    path = tmp_path / "seps.jsonl"
    path.write_text(json.dumps({"id": "s1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    (article,) = _read(path)
    assert isinstance(article, RawArticle) and article.text == text and article.origin.endswith(":1")


def test_a_lone_surrogate_in_jsonl_is_replaced_and_the_good_record_stored(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "surrogate.jsonl", '{"id": "bad", "text": "Shelling \\ud800 ' + GOOD + '"}')
    with path.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps({"id": "good", "text": OTHER}) + "\n")
    with open_store(str(tmp_path / "s.db")) as store:
        report = ingest(read_paths([str(path)]), store)
        assert report.inserted == 2 and not report.failures
        assert "\ufffd" in store.load_article("bad").text


def test_deeply_nested_json_is_one_failure_and_the_run_goes_on(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "deep.jsonl", "[" * 100_000 + "]" * 100_000, {"id": "g", "text": GOOD})
    items = _read(path)
    (failure,) = _failures(items)
    assert failure.origin.endswith("deep.jsonl:1") and "nested" in failure.reason
    assert [a.id for a in _articles(items)] == ["g"]


def test_a_5000_digit_integer_in_jsonl_is_one_failure(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "digits.jsonl", '{"id": ' + "7" * 5000 + ', "text": "x"}', {"text": GOOD})
    items = _read(path)
    (failure,) = _failures(items)
    assert failure.origin.endswith(":1") and "digits" in failure.reason
    assert len(_articles(items)) == 1


def test_jsonl_fields_are_checked_for_type_date_and_range(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "types.jsonl",
        {"id": "n", "text": 12345},
        {"id": "d", "text": GOOD, "published": "not a date"},
        {"id": "f", "text": GOOD, "published": "9999-12-31"},
        {"id": "ok", "text": GOOD, "published": "2017-05-16T10:00:00Z"},
    )
    items = _read(path)
    reasons = {f.origin.rsplit(":", 1)[1]: f.reason for f in _failures(items)}
    assert reasons.keys() == {"1", "2", "3"}
    assert "'text' must be a string" in reasons["1"]
    assert "not a date" in reasons["2"] and "out of range" in reasons["3"]
    (good,) = _articles(items)
    assert good.published == "2017-05-16"


def test_the_encoding_is_decided_per_record(tmp_path: Path) -> None:
    utf8 = json.dumps(
        {"id": "u", "text": "Caf\u00e9 owners in Idlib said the shelling stopped."}, ensure_ascii=False
    )
    legacy = json.dumps(
        {"id": "w", "text": "The na\u00efve truce held, the caf\u00e9 owner said."}, ensure_ascii=False
    )
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(utf8.encode("utf-8") + b"\n" + legacy.encode("cp1252") + b"\n")
    first, second = _read(path)
    assert isinstance(first, RawArticle) and first.text and "Caf\u00e9" in first.text
    assert isinstance(second, RawArticle) and second.text and "na\u00efve" in second.text


def test_a_second_article_under_a_taken_id_is_reported_not_dropped(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "ids.jsonl", {"id": "same", "text": GOOD}, {"id": "same", "text": OTHER})
    with open_store(str(tmp_path / "ids.db")) as store:
        report = ingest(read_paths([str(path)]), store)
    assert report.inserted == 1 and report.unchanged == 0
    (failure,) = report.failures
    assert failure.origin.endswith("ids.jsonl:2") and "'same' already names another article" in failure.reason


# ---------------------------------------------------------------- readers: files and names


def _run_isolated(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Python code in a child process with 2 GB of address space at most: an input that is
    read without bound fails there, not in the test run."""
    limited = f"import resource; resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))\n{code}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", limited], capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


def test_a_fifo_and_a_device_are_refused_before_any_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code = (
        "from ceasefire.read import read_paths\n"
        f"for item in read_paths([{str(fifo)!r}, '/dev/zero', '/dev/urandom']): print(item.reason)\n"
    )
    done = _run_isolated(code, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["not a regular file (a device, FIFO or socket): not read"] * 3


def test_a_file_over_the_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as stream:  # sparse: 30 MiB on paper, nothing on disk
        stream.truncate(30 * 2**20)
    (failure,) = _read(big)
    assert isinstance(failure, Failure) and "too large for one article" in failure.reason


def test_markup_in_a_file_name_and_a_csv_header_is_printed_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "[").mkdir()
    empty = tmp_path / "[" / "red] and [.txt"  # its path holds "[/red]", a closing tag to Rich
    empty.write_text("", encoding="utf-8")
    header = tmp_path / "header.csv"
    header.write_text("[/bold],[red]\nsome,thing\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(empty), str(header), "--db", str(tmp_path / "m.db")])
    assert result.exit_code == 1
    assert f"{empty}: empty" in result.output
    assert "no text column (columns: [/bold], [red])" in result.output


def test_a_file_name_that_is_not_utf8_is_read_and_named(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    with open(name, "wb") as stream:
        stream.write(GOOD.encode())
    db = tmp_path / "names.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with open_store(str(db)) as store:
        (row,) = store.articles()
        assert store.load_article(row["id"]).origin == f"{folder}/caf\\xe9.txt"


def test_a_csv_cell_over_the_limit_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "cells.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["title", "text"])
        writer.writerow(["fine", GOOD])
        writer.writerow(["huge", "word " * 250_001])
    items = _read(path)
    assert [a.title for a in _articles(items)] == ["fine"]
    (failure,) = _failures(items)
    assert failure.origin.endswith("cells.csv:3") and "field larger than field limit" in failure.reason


def test_a_folder_that_cannot_be_listed_is_one_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "open.txt").write_text(OTHER, encoding="utf-8")
    listing = os.scandir

    def scandir(path: Any = ".") -> Any:
        if str(path).endswith("locked"):  # as an unsearchable folder answers a user who is not root
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = _read(tmp_path, recursive=True)
    (failure,) = _failures(items)
    assert failure.origin.endswith("locked") and "Permission denied" in failure.reason
    assert [a.origin for a in _articles(items)] == [str(tmp_path / "open.txt")]


def test_a_link_out_of_the_walked_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("A secret that is not news.", encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "news.txt").write_text(GOOD, encoding="utf-8")
    (tree / "link.txt").symlink_to(outside / "secret.txt")
    (tree / "folder").symlink_to(outside, target_is_directory=True)
    items = _read(tree, recursive=True)
    assert [a.origin for a in _articles(items)] == [str(tree / "news.txt")]
    (failure,) = _failures(items)
    assert failure.origin == str(tree / "link.txt") and "not followed" in failure.reason


def test_a_body_or_markup_over_the_limits_is_a_named_failure(tmp_path: Path) -> None:
    long_text = tmp_path / "long.txt"
    long_text.write_text("word " * 250_001, encoding="utf-8")
    attributes = " ".join(f'data-a{i}="x"' for i in range(1_001))
    many = tmp_path / "attributes.html"
    many.write_text(f"<html><body><p {attributes}>{GOOD}</p></body></html>", encoding="utf-8")
    reasons = [f.reason for f in _failures(_read(long_text, many))]
    assert reasons == [
        "'text' is 1,250,005 characters (the limit is 1,000,000)",
        "'html' holds an HTML tag with more than 1,000 attributes",
    ]


def test_a_5000_digit_number_in_article_text_is_no_count() -> None:
    text = f"Shelling killed {'9' * 5000} people in the town of Khan Shaykhun on Monday, a monitor said."
    (article,) = extract([RawArticle(origin="digits", text=text, published="2017-05-16")])
    assert not isinstance(article, Failure)
    assert all(e.fatalities is None for e in article.events)


# ---------------------------------------------------------------- the store


def _zone_entry(tmp_path: Path, published: str | None, event_date: str | None) -> dict[str, Any]:
    articles = status_articles()
    articles[1].published = published
    articles[1].events[0].date = event_date
    with open_store(str(tmp_path / "zone.db")) as store:
        store.save_articles(articles)
        add_zones(store, ZONE)
        (entry,) = zone_report(store, "idlib-test", by="day")
    return entry


def test_an_undated_event_in_a_zone_is_reported_as_undated(tmp_path: Path) -> None:
    entry = _zone_entry(tmp_path, None, None)
    assert entry["undated"] == 1
    (period,) = entry["periods"]
    assert period["per_type"] == {"ASSAULT": 1}


@pytest.mark.parametrize("published", ["9999-12-31", "May 2017", "0001-01-01"])
def test_an_odd_dated_article_in_a_zone_never_breaks_its_report(tmp_path: Path, published: str) -> None:
    entry = _zone_entry(tmp_path, published, None)
    assert entry["undated"] == 1 and len(entry["periods"]) == 1


def test_an_event_dated_9999_12_31_is_held_as_undated(tmp_path: Path) -> None:
    # placed on its article's publication day, as every undated event is
    entry = _zone_entry(tmp_path, "2017-05-11", "9999-12-31")
    assert entry["undated"] == 0
    assert [(p["period"], p["events"]) for p in entry["periods"]] == [("2017-05-10", 1), ("2017-05-11", 1)]


def test_a_store_that_holds_9999_12_31_still_reports(tmp_path: Path) -> None:
    # a store written before dates were checked holds such days
    import sqlalchemy as sa

    from ceasefire.store.schema import events

    with open_store(str(tmp_path / "old.db")) as store:
        store.save_articles(status_articles())
        with store.engine.begin() as conn:
            conn.execute(sa.update(events).where(events.c.id == "status-b:e1").values(date_from="9999-12-31"))
        add_zones(store, ZONE)  # the zone links copy each event's day as the store holds it
        (entry,) = zone_report(store, "idlib-test", by="week")
        assert undated_events(store) == {"idlib-test": 1} and [p["events"] for p in entry["periods"]] == [1]


def test_report_dates_outside_the_calendar_are_refused(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "z.db")) as store:
        add_zones(store, ZONE)
        with pytest.raises(ValueError, match="must be from 1900-01-01 to 2100-12-31"):
            zone_report(store, "idlib-test", by="day", until="9999-12-31")


def test_a_second_writer_waits_for_the_lock_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ceasefire.store import db as store_db

    path = tmp_path / "locked.db"
    open_store(str(path)).close()
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)  # one wait is short; the retries wait on
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another process's long write transaction
    released = threading.Timer(1.5, holder.execute, ["COMMIT"])
    released.start()
    started = time.monotonic()
    try:
        with open_store(str(path)) as store:
            assert store.save_articles(status_articles()[:1]) == ["inserted"]
            assert store.record_failure("x.txt", "empty")
            assert store.counts()["articles"] == 1
    finally:
        released.join()
        holder.close()
    assert time.monotonic() - started >= 1.0


def test_two_concurrent_ingests_store_both(tmp_path: Path) -> None:
    db = tmp_path / "two.db"
    first = _jsonl(tmp_path / "first.jsonl", {"id": "one", "text": GOOD})
    second = _jsonl(tmp_path / "second.jsonl", {"id": "two", "text": OTHER})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "ceasefire", "ingest", "--db", str(db)]
    runs = [subprocess.Popen([*command, str(p)], env=env, stderr=subprocess.PIPE) for p in (first, second)]
    assert [run.wait(timeout=300) for run in runs] == [0, 0]
    with open_store(str(db)) as store:
        assert {row["id"] for row in store.articles()} == {"one", "two"}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_killed_export_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    import ceasefire.store.export as export

    with open_store(str(tmp_path / "e.db")) as store:
        store.save_articles(status_articles())
        out = tmp_path / "out"
        store.export(fmt, out)  # type: ignore[arg-type]
        before = (out / f"articles.{fmt}").read_bytes()
        chunks = export._chunks

        def killed(*args: Any, **kwargs: Any) -> Any:
            for number, chunk in enumerate(chunks(*args, **kwargs)):
                yield chunk
                if number == 0:
                    raise KeyboardInterrupt  # as a Ctrl-C or a kill arrives mid-table

        monkeypatch.setattr(export, "_chunks", killed)
        with pytest.raises(KeyboardInterrupt):
            store.export(fmt, out)  # type: ignore[arg-type]
        fresh = tmp_path / "fresh"
        with pytest.raises(KeyboardInterrupt):
            store.export(fmt, fresh)  # type: ignore[arg-type]
    assert (out / f"articles.{fmt}").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == sorted(
        p.name for p in out.iterdir() if not p.name.startswith(".")
    )
    assert not [p for p in fresh.iterdir() if p.name.startswith("articles")]


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize("command", [["summary"], ["events"], ["zones", "report"], ["export", "OUT"]])
def test_read_commands_refuse_a_missing_store_and_create_none(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "mistyped.db"
    args = [str(tmp_path / "out") if a == "OUT" else a for a in command]
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2
    assert result.output.strip() == f"ceasefire: {db}: no store there (ceasefire ingest creates one)"
    assert not db.exists()


def test_read_commands_refuse_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n", encoding="utf-8")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    for db, why in ((text, "not a SQLite database"), (other, "another program's tables")):
        for command in (["summary"], ["ingest", str(tmp_path / "none.txt")]):
            result = runner.invoke(app, [*command, "--db", str(db)])
            assert result.exit_code == 2, result.output
            assert result.output.strip() == f"ceasefire: {db}: not a ceasefire store ({why})"
    with sqlite3.connect(other) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["recipes"]


def test_a_failure_recorded_before_does_not_fail_a_rerun(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    db = str(tmp_path / "rerun.db")
    first = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert first.exit_code == 1 and "1 failed;" in first.output
    again = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert again.exit_code == 0, again.output
    assert "1 failed (1 as recorded by an earlier run)" in again.output
    (folder / "new-empty.txt").write_text(" ", encoding="utf-8")
    third = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert third.exit_code == 1 and "2 failed (1 as recorded by an earlier run)" in third.output


def test_cleaning_one_article_is_bounded_in_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import ceasefire.pipeline as pipeline

    def stuck(raw: RawArticle) -> Any:  # as HTML extraction stalls on a pathological page
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(pipeline, "clean", stuck)
    monkeypatch.setattr(pipeline, "MAX_CLEAN_SECONDS", 0.2)
    started = time.monotonic()
    failure = pipeline.prepare(RawArticle(origin="slow.html", html="<html></html>"))
    assert isinstance(failure, Failure) and failure.origin == "slow.html"
    assert failure.reason == "cleaning took over 0.2 s (the limit per article)"
    assert time.monotonic() - started < 5


def test_a_broken_utf16_jsonl_dump_is_one_failure(tmp_path: Path) -> None:
    # found by the fuzz suite in the per-record JSONL reader: a UTF-16 byte-order mark before an
    # odd number of bytes
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"\xff\xfe\x00")
    fine = _jsonl(tmp_path / "fine.jsonl", {"id": "f", "text": GOOD})
    items = _read(broken, fine)
    assert [(type(i).__name__, i.origin) for i in items] == [
        ("Failure", str(broken)),
        ("RawArticle", f"{fine}:1"),
    ]


@pytest.mark.parametrize(
    ("data", "reason"), [(b" \n\n", "empty"), (bytes(range(256)) * 4, "binary, not text")]
)
def test_an_empty_or_binary_jsonl_file_is_one_failure(tmp_path: Path, data: bytes, reason: str) -> None:
    # found by the fuzz suite in the per-record JSONL reader
    path = tmp_path / "dump.jsonl"
    path.write_bytes(data)
    assert _read(path) == [Failure(str(path), reason)]


def test_the_cli_zone_report_says_how_many_events_are_undated(tmp_path: Path) -> None:
    _zone_entry(tmp_path, "9999-12-31", None)
    result = runner.invoke(app, ["zones", "report", "idlib-test", "--db", str(tmp_path / "zone.db")])
    assert result.exit_code == 0, result.output
    assert "Idlib (test) (idlib-test): 1 undated events (in no period)" in result.output


@pytest.mark.parametrize("published", ["9999-12-31", "May 2017", "not a date", "2017-02-30"])
def test_a_publication_date_out_of_the_calendar_is_refused_by_the_store(
    tmp_path: Path, published: str
) -> None:
    # whatever the entry point (a page's own metadata, a POST): stored as undated, not sorted first
    odd, fine = status_articles()
    odd.published = published
    with open_store(str(tmp_path / "dates.db")) as store:
        store.save_articles([odd, fine])
        assert store.load_article(odd.id).published is None
        assert [row["id"] for row in store.articles()] == [fine.id, odd.id]


# ---------------------------------------------------------------- headlines, page dates


HEADLINE = "Rebels shell the market town of Harrowgate, killing five"


def test_a_headline_only_record_is_read_and_processed_as_text(tmp_path: Path) -> None:
    dump = _jsonl(tmp_path / "heads.jsonl", {"id": "h1", "title": HEADLINE, "published": "2017-05-16"})
    table = tmp_path / "heads.csv"
    table.write_text(f'id,title,text\nh2,"{HEADLINE}",\n', encoding="utf-8")
    items = _read(dump, table)
    assert not _failures(items)
    assert [(a.id, a.title, a.text) for a in _articles(items)] == [
        ("h1", HEADLINE, None),
        ("h2", HEADLINE, None),
    ]
    (article,) = [a for a in extract(items[:1]) if not isinstance(a, Failure)]
    assert article.text == HEADLINE and article.events


def test_a_record_with_neither_body_nor_title_is_still_refused(tmp_path: Path) -> None:
    dump = _jsonl(tmp_path / "none.jsonl", {"id": "n", "url": "https://example.org/x"})
    (failure,) = _read(dump)
    assert isinstance(failure, Failure) and "no 'text', 'html' or 'title'" in failure.reason


@pytest.mark.parametrize(
    "markup",
    [
        " ".join(f'data-a{year}="x"' for year in range(1980, 2000)),  # attribute names
        'class="col-2019"',  # a year in a class name
        'data-v="2019-05"',  # a month in an attribute value
    ],
)
def test_an_html_page_without_a_date_gets_none_from_its_markup(markup: str) -> None:
    from ceasefire.clean import clean

    html = (
        f"<html><head><title>Harrowgate</title></head><body><div {markup}><p>{GOOD}</p></div></body></html>"
    )
    assert clean(RawArticle(origin="page.html", html=html)).published is None


def test_an_html_page_keeps_the_date_its_metadata_gives() -> None:
    from ceasefire.clean import clean

    meta = '<meta property="article:published_time" content="2017-05-04T10:00:00Z">'
    html = f"<html><head>{meta}<title>Harrowgate</title></head><body><div><p>{GOOD}</p></div></body></html>"
    assert clean(RawArticle(origin="page.html", html=html)).published == "2017-05-04"


# ---------------------------------------------------------------- analysis: time and memory


def _long_text(characters: int) -> str:
    paragraph = f"{GOOD} {OTHER}"
    return "\n\n".join([paragraph] * (characters // (len(paragraph) + 2) + 1))


def test_the_characters_analysed_per_article_are_bounded_and_the_cut_recorded() -> None:
    from ceasefire.clean import clean
    from ceasefire.read.limits import MAX_ANALYSED_CHARS

    cleaned = clean(RawArticle(origin="long.txt", text=_long_text(150_000)))
    assert MAX_ANALYSED_CHARS == 100_000
    assert MAX_ANALYSED_CHARS - 200 < len(cleaned.text) <= MAX_ANALYSED_CHARS
    (cut,) = [r for r in cleaned.removed if r.reason == "truncated"]
    assert cut.text.startswith("[") and cut.text.endswith(" characters]")


def test_long_articles_are_parsed_in_runs_within_the_batch_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    import ceasefire.pipeline as pipeline

    texts = [_long_text(n) for n in (300, 200, 900, 100, 150)]
    alone = [next(iter(extract([RawArticle(origin=f"a{i}", text=t)]))) for i, t in enumerate(texts)]
    runs: list[list[int]] = []
    parse = pipeline.parse

    def counting(texts: Any, batch_size: int = 32) -> Any:
        run = list(texts)
        runs.append([len(t) for t in run])
        return parse(run, batch_size=batch_size)

    monkeypatch.setattr(pipeline, "parse", counting)
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 1_000)
    together = list(extract([RawArticle(origin=f"a{i}", text=t) for i, t in enumerate(texts)]))
    assert len(runs) > 1 and all(sum(run) <= 1_000 or len(run) == 1 for run in runs)
    assert sum(map(len, runs)) == len(texts)
    assert [a.to_dict() for a in together] == [a.to_dict() for a in alone]  # type: ignore[union-attr]
