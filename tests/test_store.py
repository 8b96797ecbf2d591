"""The embedded store: idempotent saves, replacement, filters, FTS, WAL, crash safety, exports."""

from __future__ import annotations

import csv
import dataclasses
import json
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from ceasefire.corpus import fuse_pending
from ceasefire.model import (
    Actor,
    Article,
    Event,
    EventReport,
    FusedEvent,
    FusionChange,
    Mention,
    Period,
    Place,
    Quote,
    RawArticle,
    ReportSource,
)
from ceasefire.store import (
    Filters,
    Near,
    SaveResult,
    Store,
    article_key,
    content_hash,
    open_store,
    parse_statuses,
)
from ceasefire.store.db import writing
from ceasefire.store.migrations import MIGRATIONS
from ceasefire.store.query import _ilike_all
from ceasefire.store.schema import DATA_TABLES, quotes
from ceasefire.store.schema import events as events_table
from ceasefire.store.write import save_article
from tests.conftest import shared_path
from tests.statuses import ASSERTED_IDS, OTHER_STATUSES, fill, status_articles, statuses_of
from tests.storedump import dump_store

ROOT = Path(__file__).resolve().parents[1]
IDLIB = (35.9306, 36.6339)
ASTANA = (51.1801, 71.4460)
GENEVA = (46.2022, 6.1457)


def _m(body: str, phrase: str) -> Mention:
    start = body.index(phrase)
    return Mention(start, start + len(phrase), phrase)


def _sentence(body: str, phrase: str) -> tuple[int, int]:
    """The offsets of the sentence holding the phrase (test sentences end with ". ")."""
    at = body.index(phrase)
    before = body.rfind(". ", 0, at)
    return (0 if before < 0 else before + 2), body.index(".", at) + 1


def idlib_article() -> Article:
    body = (
        "Syrian government forces shelled Idlib on Wednesday. "
        '"We will not accept any truce," said the rebel commander Abu Ahmad.'
    )
    start, end = _sentence(body, "shelled")
    quote = "We will not accept any truce"
    return Article(
        id="idlib",
        url="https://example.org/idlib",
        source="example",
        title="Idlib shelled",
        published="2017-05-04",
        language="en",
        text=body,
        actors=[
            Actor(
                "a1", "Syrian government", "country", "SYR", "GOV", [_m(body, "Syrian government")], "SYRGOV"
            ),
            Actor("a2", "Abu Ahmad", "person", "SYR", "REB", [_m(body, "Abu Ahmad")]),
        ],
        places=[Place("p1", "Idlib", 169389, *IDLIB, "SYR", "Idlib", "city", [_m(body, "Idlib")])],
        quotes=[
            Quote(
                "q1",
                quote,
                "direct",
                "said",
                body.index(quote),
                body.index(quote) + len(quote),
                "a2",
                _m(body, "Abu Ahmad"),
            )
        ],
        events=[
            Event(
                "e1",
                "ASSAULT",
                "artillery",
                "194",
                ["a1"],
                [],
                "p1",
                "2017-05-03",
                None,
                None,
                "shelled",
                start,
                end,
                0.8,
            )
        ],
        countries=["SYR"],
        origin="test:idlib",
    )


def astana_article() -> Article:
    body = (
        "Turkey and Russia agreed in Astana to create four de-escalation zones. "
        '"This is a step towards peace," Putin said.'
    )
    start, end = _sentence(body, "agreed")
    quote = "This is a step towards peace"
    return Article(
        id="astana",
        url=None,
        source="example",
        title="Zones agreed",
        published="2017-06-10",
        language="en",
        text=body,
        actors=[
            Actor("a1", "Turkey", "country", "TUR", "GOV", [_m(body, "Turkey")], "TUR"),
            Actor("a2", "Russia", "country", "RUS", "GOV", [_m(body, "Russia")], "RUS"),
            Actor("a3", "Vladimir Putin", "person", "RUS", "GOV", [_m(body, "Putin")], "RUSGOV"),
        ],
        places=[Place("p1", "Astana", 1526273, *ASTANA, "KAZ", None, "city", [_m(body, "Astana")])],
        quotes=[
            Quote(
                "q1",
                quote,
                "direct",
                "said",
                body.index(quote),
                body.index(quote) + len(quote),
                "a3",
                _m(body, "Putin"),
            )
        ],
        # a month-precise date: the event falls anywhere in May 2017
        events=[
            Event(
                "e1",
                "AGREE",
                None,
                "057",
                ["a1", "a2"],
                [],
                "p1",
                "2017-05",
                None,
                None,
                "agreed",
                start,
                end,
                0.9,
            )
        ],
        countries=["TUR", "RUS", "KAZ"],
        origin="test:astana",
    )


def geneva_article() -> Article:
    body = "UN envoy Staffan de Mistura met opposition delegates in Geneva."
    return Article(
        id="geneva",
        url="https://example.org/geneva",
        source="example",
        title=None,
        published="2017-07-01",
        language="en",
        text=body,
        actors=[Actor("a1", "Staffan de Mistura", "person", "UNO", "IGO", [_m(body, "Staffan de Mistura")])],
        places=[Place("p1", "Geneva", 2660646, *GENEVA, "CHE", "Geneva", "city", [_m(body, "Geneva")])],
        # no date in the text: the event counts as of the publication day
        events=[
            Event("e1", "CONSULT", None, "040", ["a1"], [], "p1", None, None, None, "met", 0, len(body), 0.7)
        ],
        countries=["CHE"],
        origin="test:geneva",
    )


def no_place_article() -> Article:
    body = "Protesters marched against the war."
    return Article(
        id="march",
        url="https://example.org/march",
        source=None,
        title="March",
        published="2017-05-20",
        language="en",
        text=body,
        events=[
            Event(
                "e1",
                "PROTEST",
                None,
                "141",
                [],
                [],
                None,
                "2017-05-20",
                None,
                None,
                "marched",
                0,
                len(body),
                0.6,
            )
        ],
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "test.db")) as opened:
        opened.save_articles([idlib_article(), astana_article(), geneva_article(), no_place_article()])
        yield opened


def ids(rows: list[dict[str, Any]]) -> set[str]:
    return {row["article_id"] if "article_id" in row else row["id"] for row in rows}


def event_articles(store: Store, **filters: Any) -> set[str]:
    return ids(store.events(Filters(**filters)))


# ---------------------------------------------------------------- idempotence, replacement


def test_saving_twice_adds_nothing(store: Store) -> None:
    before = store.counts()
    assert before["articles"] == 4 and before["events"] == 4 and before["quotes"] == 2
    again = store.save_articles([idlib_article(), astana_article(), geneva_article()])
    assert again == [SaveResult.unchanged] * 3
    assert store.counts() == before


def test_same_url_with_new_text_replaces_everything_from_it(store: Store) -> None:
    old_event_ids = {e["id"] for e in store.events(Filters(type=["ASSAULT"]))}
    assert old_event_ids == {"idlib:e1"}
    body = "Rebels protested in Idlib on Friday. No quotes here."
    start, end = _sentence(body, "protested")
    new = dataclasses.replace(
        idlib_article(),
        text=body,
        actors=[Actor("a1", "Rebels", "group", "SYR", "REB", [_m(body, "Rebels")])],
        places=[Place("p1", "Idlib", 169389, *IDLIB, "SYR", "Idlib", "city", [_m(body, "Idlib")])],
        quotes=[],
        events=[
            Event(
                "e1",
                "PROTEST",
                None,
                "140",
                ["a1"],
                [],
                "p1",
                "2017-05-05",
                None,
                None,
                "protested",
                start,
                end,
                0.7,
            )
        ],
    )
    assert store.save_articles([new]) == [SaveResult.replaced]

    assert store.events(Filters(type=["ASSAULT"])) == []
    assert store.quotes(Filters(text="truce")) == []  # the FTS entry went with it
    assert store.articles(Filters(text="Wednesday")) == []
    assert ids(store.articles(Filters(text="Friday"))) == {"idlib"}
    assert store.load_article("idlib") == new
    assert store.counts()["articles"] == 4
    assert {a["name"] for a in store.actors(Filters(country="SYR"))} == {"Rebels"}
    with store.engine.connect() as conn:  # external-content FTS still matches its table
        for fts in ("articles_fts", "quotes_fts"):
            conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")


def test_has_article_and_keys(store: Store) -> None:
    article = astana_article()  # no URL: keyed by its content
    key = article_key(article.url, content_hash(article.text))
    assert key.startswith("sha256:")
    assert store.has_article(key, content_hash(article.text))
    assert not store.has_article(key, content_hash(article.text + " Updated."))
    assert store.has_article("https://example.org/idlib", content_hash(idlib_article().text))


def test_failures_are_recorded_once_and_cleared_by_success(store: Store) -> None:
    assert store.record_failure("test:late", "timed out")
    assert not store.record_failure("test:late", "timed out")
    assert store.record_failure("test:late", "no text")
    assert store.counts()["failures"] == 2
    late = geneva_article()
    late.origin = "test:late"
    store.save_articles([late])  # unchanged content, but the origin went through
    assert store.counts()["failures"] == 0


# ---------------------------------------------------------------- filters


def test_type_filter(store: Store) -> None:
    assert event_articles(store, type=["assault"]) == {"idlib"}
    assert event_articles(store, type=["AGREE", "CONSULT"]) == {"astana", "geneva"}
    assert {r["kind"] for r in store.actors(Filters(type=["person"]))} == {"person"}


def test_since_until_use_the_event_period(store: Store) -> None:
    # idlib 2017-05-03 (day), astana 2017-05 (month), geneva undated (published 07-01)
    assert event_articles(store, since="2017-05-15") == {"astana", "geneva", "march"}
    assert event_articles(store, until="2017-05-02") == {"astana"}
    assert event_articles(store, since="2017-05-03", until="2017-05-03") == {"idlib", "astana"}
    assert event_articles(store, since="2017-06-01", until="2017-06-30") == set()
    assert ids(store.articles(Filters(since="2017-06-01"))) == {"astana", "geneva"}
    assert ids(store.quotes(Filters(until="2017-05-31"))) == {"idlib"}


def test_country_filter(store: Store) -> None:
    assert event_articles(store, country="syr") == {"idlib"}
    assert event_articles(store, country="CHE") == {"geneva"}
    assert ids(store.articles(Filters(country="RUS"))) == {"astana"}
    assert ids(store.quotes(Filters(country="RUS"))) == {"astana"}  # the speaker's


def test_actor_filter(store: Store) -> None:
    assert event_articles(store, actor="russia") == {"astana"}
    assert event_articles(store, actor="SYRGOV") == {"idlib"}  # a code matches exactly
    assert ids(store.quotes(Filters(actor="Putin"))) == {"astana"}
    assert ids(store.articles(Filters(actor="mistura"))) == {"geneva"}
    events = store.events(Filters(actor="russia"))
    assert events[0]["actors"] == ["Turkey", "Russia"]


def test_near_filter_is_exact_not_just_a_box(store: Store) -> None:
    assert event_articles(store, near=Near(*IDLIB, 10)) == {"idlib"}
    # Idlib lies ~50 km north and ~45 km east of this point: inside a 60 km box, but
    # ~67 km away, so outside the 60 km circle.
    south_west = (IDLIB[0] - 0.45, IDLIB[1] - 0.5)
    assert event_articles(store, near=Near(*south_west, 60)) == set()
    found = store.events(Filters(near=Near(*south_west, 75)))
    assert ids(found) == {"idlib"} and 60 < found[0]["distance_km"] < 75
    # Geneva to Idlib is ~2,600 km
    assert event_articles(store, near=Near(*GENEVA, 3000)) == {"idlib", "geneva"}
    assert ids(store.articles(Filters(near=Near(*ASTANA, 50)))) == {"astana"}
    with pytest.raises(ValueError, match="near"):
        store.quotes(Filters(near=Near(*IDLIB, 10)))


def test_near_filter_across_the_antimeridian(tmp_path: Path) -> None:
    article = geneva_article()
    article.places[0] = Place(
        "p1", "Suva", None, -18.14, 178.44, "FJI", None, "city", article.places[0].mentions
    )
    with open_store(str(tmp_path / "fiji.db")) as fiji:
        fiji.save_articles([article])
        assert event_articles(fiji, near=Near(-18.0, -179.5, 300)) == {"geneva"}
        assert event_articles(fiji, near=Near(-18.0, -170.0, 300)) == set()


def test_text_filter_uses_full_text_search(store: Store) -> None:
    assert ids(store.quotes(Filters(text="truce"))) == {"idlib"}
    assert ids(store.quotes(Filters(text="truces"))) == {"idlib"}  # stemmed
    assert ids(store.quotes(Filters(text="step peace"))) == {"astana"}
    assert store.quotes(Filters(text="step truce")) == []  # every word must occur
    assert ids(store.articles(Filters(text="de-escalation"))) == {"astana"}
    assert ids(store.articles(Filters(text='"unbalanced quote'))) == set()  # no syntax
    assert event_articles(store, text="shelled") == {"idlib"}
    assert event_articles(store, text="truce") == set()  # in the article, not the sentence


def test_duplicates_are_left_out_unless_asked(store: Store) -> None:
    copy = dataclasses.replace(geneva_article(), id="copy", url="https://example.org/copy")
    assert store.save_articles([copy], duplicates_of=["geneva"]) == [SaveResult.inserted]
    assert "copy" not in event_articles(store)
    assert "copy" in event_articles(store, include_duplicates=True)
    assert store.events_per_type() == [("AGREE", 1), ("ASSAULT", 1), ("CONSULT", 1), ("PROTEST", 1)]
    assert store.events_per_type(Filters(include_duplicates=True))[0] == ("CONSULT", 2)


def test_summary(store: Store) -> None:
    summary = store.summary(top=2)
    assert summary["counts"]["events"] == 4
    assert len(summary["latest_events"]) == 2
    assert summary["latest_events"][0]["sentence"]
    assert summary["top_actors"][0]["mentions"] >= summary["top_actors"][1]["mentions"]


def test_fused_events_round_trip_and_drop_with_their_source(store: Store) -> None:
    reports: list[EventReport] = []
    fused: list[FusedEvent] = []

    def fusing(source: ReportSource) -> FusionChange:  # ingest's fusion, watched
        reports.extend(source.pending())
        change = fuse_pending(source)
        fused.extend(change.added)
        return change

    assert not store.fuse(fusing).removed and fused
    assert {r.article_id for r in reports} >= {"idlib"}
    idlib_report = next(r for r in reports if r.article_id == "idlib")
    assert (idlib_report.lat, idlib_report.lon) == IDLIB and idlib_report.admin1 == "Idlib"
    loaded = store.load_fused()
    assert sorted(f.id for f in loaded) == sorted(f.id for f in fused)
    for found in loaded:
        original = next(f for f in fused if f.id == found.id)
        assert sorted(found.members) == sorted(original.members)
        assert all(found.sentences) and found.type == original.type
    assert store.counts()["fused_events"] == len(fused)
    store.save_articles([dataclasses.replace(idlib_article(), text=idlib_article().text + " More.")])
    assert all("idlib:e1" not in f.members for f in store.load_fused())  # stale ones go


# ---------------------------------------------------------------- SQLite behaviour


def test_wal_and_foreign_keys_are_on(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    assert store.version == MIGRATIONS[-1].version


def test_a_reader_reads_while_a_writer_transaction_is_open(store: Store, tmp_path: Path) -> None:
    late = astana_article()
    late.id, late.url = "late", "https://example.org/late"
    with writing(store.engine) as conn:
        save_article(conn, late)
        with open_store(str(tmp_path / "test.db")) as reader:
            result: list[set[str]] = []
            worker = threading.Thread(target=lambda: result.append(ids(reader.articles())))
            worker.start()
            worker.join(timeout=5)  # a blocked reader would wait for the busy timeout
            assert not worker.is_alive()
            assert result == [{"idlib", "astana", "geneva", "march"}]
    assert "late" in ids(store.articles())


def test_load_article_round_trips(store: Store) -> None:
    for article in (idlib_article(), astana_article(), geneva_article(), no_place_article()):
        assert store.load_article(article.id) == article
    with pytest.raises(KeyError):
        store.load_article("missing")


def _writer(db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store_writer", str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_killed_ingest_run_again_equals_an_uninterrupted_one(tmp_path: Path) -> None:
    reference = tmp_path / "reference.db"
    assert _writer(reference).wait(timeout=120) == 0
    expected = dump_store(reference)
    assert len(expected["articles"]) == 400 and len(expected["failures"]) == 5
    for commits_before_kill in (1, 7, 20, 45, 80):
        db = tmp_path / f"killed{commits_before_kill}.db"
        proc = _writer(db)
        assert proc.stdout is not None
        for _ in range(commits_before_kill):
            proc.stdout.readline()
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL  # it was killed mid-ingest
        assert _writer(db).wait(timeout=120) == 0
        assert dump_store(db) == expected


# ---------------------------------------------------------------- the real pipeline


@pytest.fixture(scope="module")
def seed_article() -> Article:
    from ceasefire.pipeline import extract

    raw = RawArticle(
        origin="seed",
        text=shared_path("seed/deescalation-zones.txt").read_text(encoding="utf-8"),
        published="2017-05-04",
    )
    (article,) = extract([raw])
    assert isinstance(article, Article)
    return article


def test_seed_through_the_pipeline(seed_article: Article, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "seed.db")) as seed_store:
        assert seed_store.save_articles([seed_article]) == [SaveResult.inserted]
        assert seed_store.save_articles([seed_article]) == [SaveResult.unchanged]
        assert seed_store.load_article(seed_article.id) == seed_article
        counts = seed_store.counts()
        assert counts["events"] == len(seed_article.events)
        assert counts["quotes"] == len(seed_article.quotes)
        listed = seed_store.events(limit=None)
        # newest first, the events the text dates before the undated ones
        starts = [period.start.isoformat() for e in listed if (period := Period.parse(e["date"]))]
        assert [e["date"] is None for e in listed] == sorted(e["date"] is None for e in listed)
        # the newest is Wednesday's car bomb in Azaz, the day before publication
        assert starts == sorted(starts, reverse=True) and starts[0] == "2017-05-03"
        for event in listed:
            local = event["id"].split(":", 1)[1]
            record = next(e for e in seed_article.events if e.id == local)
            assert event["sentence"] == seed_article.text[record.start : record.end]
        # a word from each quote finds that quote
        for quote in seed_article.quotes:
            word = max(quote.text.replace('"', " ").split(), key=len)
            found = seed_store.quotes(Filters(text=word), limit=None)
            assert quote.text in {row["text"] for row in found}
        assert seed_store.quotes(Filters(text="xylophone")) == []


# ---------------------------------------------------------------- exports


def test_exports_are_valid_files(store: Store, tmp_path: Path) -> None:
    counts = store.counts()
    report = store.export("parquet", tmp_path / "parquet")
    for table in DATA_TABLES:
        read = pq.read_table(tmp_path / "parquet" / f"{table.name}.parquet")
        assert read.num_rows == counts[table.name] == report.rows[table.name]
        # the table's columns, and a date's precision beside it where the table has none
        added = [n for n in read.column_names if n not in table.columns]
        assert added in ([], ["date_precision"])
        assert [n for n in read.column_names if n not in added] == [c.name for c in table.columns]
    articles = pq.read_table(tmp_path / "parquet" / "articles.parquet").to_pylist()
    assert {a["id"] for a in articles} == {"idlib", "astana", "geneva", "march"}

    store.export("csv", tmp_path / "csv")
    with (tmp_path / "csv" / "events.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert {r["type"] for r in rows} == {"ASSAULT", "AGREE", "CONSULT", "PROTEST"}
    assert (tmp_path / "csv" / "fused_events.csv").read_text().startswith("id,type,")

    store.export("jsonl", tmp_path / "jsonl")
    lines = (tmp_path / "jsonl" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["removed"] for line in lines] == [[], [], [], []]

    report = store.export("geojson", tmp_path / "events.geojson")
    collection = json.loads((tmp_path / "events.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert report.skipped == 1 and report.rows["events"] == 3  # the march has no place
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["sentence"]
    idlib = next(f for f in collection["features"] if f["properties"]["type"] == "ASSAULT")
    assert idlib["geometry"]["coordinates"] == [IDLIB[1], IDLIB[0]]


def test_text_search_falls_back_to_ilike_off_sqlite(store: Store) -> None:
    # The ILIKE condition is what PostgreSQL runs; exercise its SQL here on the same data.
    with store.engine.connect() as conn:
        found = conn.execute(quotes.select().where(_ilike_all(quotes.c.text, "TRUCE accept"))).all()
        assert [(row.article_id, row.local_id) for row in found] == [("idlib", "q1")]
        # % and _ in the user's words are literal characters, not wildcards
        literal = _ilike_all(quotes.c.text, "truce%")
        assert conn.execute(quotes.select().where(literal)).all() == []


# ---------------------------------------------------------------- statuses and ACLED fields


@pytest.fixture
def status_store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "statuses.db")) as opened:
        fill(opened)
        yield opened


def test_only_asserted_events_are_listed_and_counted_by_default(status_store: Store) -> None:
    assert set(statuses_of(status_store.events(limit=None))) == ASSERTED_IDS
    assert status_store.events_per_type() == [("ASSAULT", 2)]
    summary = status_store.summary()
    assert summary["events_per_type"] == [("ASSAULT", 2)]
    assert {row["id"] for row in summary["latest_events"]} == ASSERTED_IDS
    assert summary["events_per_status"] == [
        ("asserted", 2),
        ("negated", 2),
        ("hypothetical", 1),
        ("planned", 1),
        ("background", 1),
    ]
    assert {row["id"]: row["n_events"] for row in status_store.articles()} == {"status-a": 1, "status-b": 1}
    on_the_map = status_store.events(Filters(located=True, zone="idlib-test"), limit=None)
    assert set(statuses_of(on_the_map)) == ASSERTED_IDS


def test_the_status_filter_shows_the_others(status_store: Store) -> None:
    every = statuses_of(status_store.events(Filters(status=None), limit=None))
    assert len(every) == 7 and set(every.values()) == {"asserted"} | OTHER_STATUSES
    background = status_store.events(Filters(status=["background"]))
    assert [(row["id"], row["fatalities"]) for row in background] == [("status-a:e5", 300_000)]
    chosen = statuses_of(status_store.events(Filters(status=["negated", "planned"]), limit=None))
    assert sorted(chosen.values()) == ["negated", "negated", "planned"]
    assert status_store.events_per_type(Filters(status=None)) == [("ASSAULT", 7)]
    counted = {row["id"]: row["n_events"] for row in status_store.articles(Filters(status=None))}
    assert counted == {"status-a": 5, "status-b": 2}
    with pytest.raises(ValueError, match="status filter does not apply to quotes"):
        status_store.quotes(Filters(status=["negated"]))


def test_statuses_parse_from_a_list_or_all() -> None:
    assert parse_statuses([]) == ("asserted",)
    assert parse_statuses(["all"]) is None
    assert parse_statuses(["Negated, planned", "background"]) == ("negated", "planned", "background")
    with pytest.raises(ValueError, match="unknown status 'maybe'"):
        parse_statuses(["maybe"])


def test_acled_fields_round_trip_in_their_columns_and_are_listed(status_store: Store, tmp_path: Path) -> None:
    for article in status_articles():
        assert status_store.load_article(article.id) == article
    with status_store.engine.connect() as conn:
        row = conn.execute(events_table.select().where(events_table.c.id == "status-a:e1")).mappings().one()
    assert row["acled_event_type"] == "Explosions/Remote violence" and row["civilian_targeting"] is True
    assert not {"acled_event_type", "civilian_targeting"} & set(row["extra"] or {})  # not the catch-all
    (listed,) = status_store.events(Filters(ids=["status-a:e1"]))
    assert listed["acled_event_type"] == "Explosions/Remote violence"
    assert listed["acled_sub_event_type"] == "Shelling/artillery/missile attack"
    assert listed["civilian_targeting"] is True
    by_type = status_store.events(Filters(acled_type=["Explosions/Remote violence"]), limit=None)
    by_sub_type = status_store.events(Filters(acled_type=["Shelling/artillery/missile attack"]), limit=None)
    assert set(statuses_of(by_type)) == set(statuses_of(by_sub_type)) == ASSERTED_IDS
    assert status_store.events(Filters(acled_type=["Battles"])) == []
    status_store.export("parquet", tmp_path / "parquet")
    exported = pq.read_table(tmp_path / "parquet" / "events.parquet").to_pylist()
    assert {(e["id"], e["status"], e["civilian_targeting"]) for e in exported} >= {
        ("status-a:e1", "asserted", True),
        ("status-a:e5", "background", None),
    }
    assert len(exported) == 7  # an export keeps every status


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """Where a test opens stores of its own (test_postgres.py gives a PostgreSQL URL)."""
    return str(tmp_path / "own.db")


def test_the_acled_migration_moves_earlier_values_out_of_extra(store_url: str) -> None:
    """A store from before the ACLED columns kept the fields in `extra`: opening it adds the
    columns and moves the values there."""
    old_events = sa.Table("events", sa.MetaData(), sa.Column("id", sa.String), sa.Column("extra", sa.JSON))
    kept = {"acled_event_type": "Explosions/Remote violence", "acled_sub_event_type": "Air/drone strike"}
    with open_store(store_url) as fresh:
        fill(fresh)
        with writing(fresh.engine) as conn:  # back to version 4's shape, the fields in extra
            conn.exec_driver_sql("DROP INDEX ix_events_acled_event_type")
            for name in ("acled_event_type", "acled_sub_event_type", "civilian_targeting"):
                conn.exec_driver_sql(f"ALTER TABLE events DROP COLUMN {name}")
            conn.exec_driver_sql("DELETE FROM schema_version WHERE version >= 5")
            conn.execute(
                old_events.update()
                .where(old_events.c.id == "status-b:e1")
                .values(extra={**kept, "civilian_targeting": True, "date_source": "sentence"})
            )
    with open_store(store_url) as store:
        assert store.version == MIGRATIONS[-1].version
        (row,) = store.events(Filters(ids=["status-b:e1"]))
        assert (row["acled_sub_event_type"], row["civilian_targeting"]) == ("Air/drone strike", True)
        with store.engine.connect() as conn:
            found = conn.execute(events_table.select().where(events_table.c.id == "status-b:e1"))
            assert found.mappings().one()["extra"] == {"date_source": "sentence"}  # the rest stays
        assert store.load_article("status-b").events[0].acled_sub_event_type == "Air/drone strike"
