"""Stores of any size, multiplied from the FA-KES articles, and the time of every listing on them.

    .venv/bin/python bench/store_scale.py build --events 1000000 --out /tmp/1m.db [--hold-out ROW]
    .venv/bin/python bench/store_scale.py queries --db /tmp/1m.db [--runs 5] [--skip-export]
    .venv/bin/python bench/store_scale.py ingest --db /tmp/1m.db --article /tmp/fakes-base.held-out.jsonl

build: ingests ../shared/corpora/fakes-syria-dev.csv once into a base store (kept at --base,
by default beside --out, and reused when it is there) with the Astana de-escalation zones
(../shared/zones, else the examples' zones), holding out one article (--hold-out, a row of the
CSV, the last by default; it is written as JSON lines beside the store, for an ingest benchmark
to add as "one new article"). Then it copies the base's articles and every row that came from
them, in SQL, one transaction per copy, until the store holds about --events events: copy k
gets ids and keys prefixed with "c<k>-" and every date (events' date, date_from, date_to,
articles' publication, zone links' day) moved by its own number of days.

The moves keep every date between 1900-01-01 and 2100-12-31, as ingest would store them (a
date past 2100 is one a zone report cannot place): the moves are spread evenly over what that
range leaves the base's earliest and latest dates, in whole weeks, and the base keeps its own
(move 0). So at 1M events each day holds the events of about 16 copies, each copy's twin of an
event at least one step (126 days at 1M) from the next, more than the day apart fusion joins: no
copy's event fuses with its own twins. Different events of overlapping copies do meet, as in a
real archive (two reports of a strike on Idlib on one day); whether they fuse is fusion's
decision, so incidents are not copied: once every copy is in, the store's reports are fused
afresh by the fusion itself (`Store.rebuild_incidents`, as `ceasefire rebuild-incidents`), and
the incidents are what ingesting those articles would give. Zone links are copied, as a zone
holds an event by its point, whatever its date.

ingest: copies the store, then ingests the held-out article into the copy with
`ceasefire ingest` in a fresh process, twice (new, then the same article again): wall time and
the process's peak memory, start-up and the model's load included.

queries: times, through the real API (FastAPI's TestClient) and the Store calls the CLI makes,
every listing that issue 15 measures, the median of --runs runs in wall milliseconds, and
prints a Markdown table with the machine and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event, inspect, text
from startup import machine

SHARED = Path(__file__).resolve().parents[2] / "shared"
FAKES = SHARED / "corpora" / "fakes-syria-dev.csv"
ZONES = SHARED / "zones" / "astana-2017-approx.geojson"
EXAMPLE_ZONES = Path(__file__).resolve().parents[1] / "ceasefire" / "examples" / "zones.geojson"

#: What each copied column becomes: "id" prefixed (a record id or a reference to one), "key"
#: and "url" made the copy's own, "date" moved, "skip" left to the database (integer keys).
#: Columns not named are copied as they are; incidents are fused afresh, not copied.
COPIED: dict[str, dict[str, str]] = {
    "articles": {
        "pk": "skip",
        "id": "id",
        "duplicate_of": "id",
        "key": "key",
        "url": "url",
        "published": "date",
    },
    "article_countries": {"article_id": "id"},
    "actors": {"id": "id", "article_id": "id"},
    "places": {"id": "id", "article_id": "id"},
    "mentions": {"pk": "skip", "article_id": "id", "entity_id": "id"},
    "quotes": {"pk": "skip", "id": "id", "article_id": "id", "speaker_id": "id"},
    "events": {
        "id": "id",
        "article_id": "id",
        "place_id": "id",
        "date": "date",
        "date_from": "date",
        "date_to": "date",
    },
    "event_actors": {"event_id": "id", "actor_id": "id"},
    "event_zones": {"event_id": "id", "date_from": "date"},
    "article_bands": {"article_id": "id"},
}


# ---------------------------------------------------------------- build


def shift_period(value: str | None, days: int) -> str | None:
    """An ISO day (with any time after it), week, month or year moved `days` on, in its own form."""
    if value is None:
        return None
    from ceasefire.model import Period

    period = Period.parse(value[:10] if len(value) > 10 else value)
    if period is None:
        return value
    start = period.start + dt.timedelta(days=days)
    if period.precision == "day":
        return start.isoformat() + value[10:]
    if period.precision == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if period.precision == "month":
        return start.isoformat()[:7]
    return start.isoformat()[:4]


def build_base(base: Path, hold_out: int) -> None:
    """Ingest the corpus but the row `hold_out` into `base`, with the zones; the held-out
    article goes to `base`.held-out.jsonl."""
    from ceasefire.ingest import ingest
    from ceasefire.model import RawArticle
    from ceasefire.read import parse_column_map, read_paths
    from ceasefire.store import open_store
    from ceasefire.zones import add_zones

    read = list(read_paths([str(FAKES)], parse_column_map("text=article_content,published=date")))
    kept = [raw for index, raw in enumerate(read) if index != hold_out]
    held = read[hold_out]
    assert isinstance(held, RawArticle), held
    zones = ZONES if ZONES.exists() else EXAMPLE_ZONES
    with open_store(str(base)) as store:
        add_zones(store, json.loads(zones.read_text(encoding="utf-8")))
        report = ingest(kept, store)
    out = base.with_suffix(".held-out.jsonl")
    record = {"text": held.text, "title": held.title, "published": held.published, "url": held.url}
    out.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"base: {report.inserted} articles in {base}; held out CSV row {hold_out} "
        f"({held.title!r}, {held.origin}) -> {out}",
        file=sys.stderr,
    )


def _select_list(conn: Connection, table: str, days: int, prefix: str) -> tuple[str, str]:
    """The INSERT's column list and the SELECT's expressions for copying `table`."""
    rules = COPIED[table]
    names, values = [], []
    for column in inspect(conn).get_columns(table):
        name = column["name"]
        rule = rules.get(name)
        if rule == "skip":
            continue
        quoted = f'"{name}"'
        names.append(quoted)
        if rule == "id":
            values.append(f"'{prefix}' || t.{quoted}")
        elif rule in ("key", "url"):
            values.append(f"t.{quoted} || '#{prefix}'")
        elif rule == "date":
            values.append(f"shift_period(t.{quoted}, {days})")
        else:
            values.append(f"t.{quoted}")
    return ", ".join(names), ", ".join(values)


#: The days every stored date lies in, as ingest keeps them.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


def _moves(conn: Connection, copies: int) -> list[int]:
    """Each copy's move in days, a multiple of one step: the moves that keep the base's
    earliest and latest dates between FIRST_DAY and LAST_DAY, with the largest step that
    leaves room for every copy, 0 (the base itself) left out. The step is a whole number of
    weeks, so a week-dated report moves with the days inside it; twins of an event are a
    step apart at least."""
    from ceasefire.corpus.fuse import MAX_DAYS_APART

    first, last = conn.execute(
        text(
            "SELECT min(d), max(d) FROM (SELECT substr(published, 1, 10) AS d FROM articles "
            "UNION ALL SELECT date_from FROM events UNION ALL SELECT date_to FROM events) "
            "WHERE d IS NOT NULL"
        )
    ).one()
    lowest = (FIRST_DAY - dt.date.fromisoformat(first)).days
    highest = (LAST_DAY - dt.date.fromisoformat(last)).days
    step = (highest - lowest) // (copies + 1) // 7 * 7
    while step > MAX_DAYS_APART:
        moves = [j * step for j in range(-(-lowest // step), highest // step + 1) if j != 0]
        if len(moves) >= copies:
            return sorted(moves, key=lambda move: (abs(move), move))[:copies]
        step -= 7
    raise SystemExit(f"{copies} copies do not fit between {FIRST_DAY} and {LAST_DAY} a week apart")


def build(events: int, out: Path, base: Path, hold_out: int) -> None:
    from ceasefire.corpus import fuse_pending
    from ceasefire.store import open_store

    if not base.exists():
        build_base(base, hold_out)
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, out)
    with open_store(str(out)) as store:
        store.engine.dispose()
        event.listen(
            store.engine,
            "connect",
            lambda dbapi, _record: dbapi.create_function("shift_period", 2, shift_period, deterministic=True),
        )
        with store.engine.connect() as conn:
            with conn.begin():
                per_copy = int(conn.scalar(text("SELECT count(*) FROM events")) or 0)
                tops = {t: int(conn.scalar(text(f"SELECT max(rowid) FROM {t}")) or 0) for t in COPIED}
                copies = max(0, math.ceil(events / max(per_copy, 1)) - 1)
                moves = _moves(conn, copies)
            step = min(map(abs, moves), default=0)
            print(f"{per_copy} events per copy: {copies} copies, {step} days apart", file=sys.stderr)
            for k, days in enumerate(moves, start=1):
                prefix = f"c{k}-"
                with conn.begin():
                    for table in COPIED:
                        names, values = _select_list(conn, table, days, prefix)
                        conn.execute(
                            text(
                                f"INSERT INTO {table} ({names}) SELECT {values} FROM {table} AS t "
                                f"WHERE t.rowid <= {tops[table]}"
                            )
                        )
                if k % 50 == 0 or k == copies:
                    print(f"copy {k}/{copies}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        copied = time.perf_counter()
        change = store.rebuild_incidents(fuse_pending)
        print(
            f"fused afresh: {len(change.added):,} incidents in {time.perf_counter() - copied:.0f} s",
            file=sys.stderr,
        )
        store.refresh_derived()
        total = store.counts()["events"]
    print(f"{out}: {total:,} events in {time.perf_counter() - started:.0f} s", file=sys.stderr)


# ---------------------------------------------------------------- queries


def _median_ms(work: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def _get(client: Any, url: str) -> Callable[[], Any]:
    def work() -> Any:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
        return response

    return work


def listings(db: Path) -> Iterator[tuple[str, str]]:
    """(what, URL) of every listing measured; the filters pick values the store holds."""
    from ceasefire.store import open_store

    with open_store(str(db), create=False) as store:
        zones = [zone.id for zone in store.zones()]
    yield "events, first page", "/api/events"
    yield "events, type=ASSAULT", "/api/events?type=ASSAULT"
    yield "events, country=SYR", "/api/events?country=SYR"
    yield "events, 2016", "/api/events?since=2016-01-01&until=2016-12-31"
    yield "events, status=negated", "/api/events?status=negated"
    yield "events, actor=army", "/api/events?actor=army"
    yield "events, near Aleppo 30 km", "/api/events?near=36.20,37.16,30"
    yield "events, page at offset 10,000", "/api/events?offset=10000"
    yield "incidents, first page", "/api/incidents"
    yield "incidents, type=ASSAULT", "/api/incidents?type=ASSAULT"
    yield "actors", "/api/actors"
    yield "quotes", "/api/quotes"
    yield "articles", "/api/articles"
    for zone in zones[:2]:
        yield f"zone report {zone}, a week", f"/api/zones/{zone}/report?since=2017-05-08&until=2017-05-14"
        yield f"zone report {zone}, a month", f"/api/zones/{zone}/report?since=2017-05-01&until=2017-05-31"
        yield f"zone report {zone}, 2017", f"/api/zones/{zone}/report?since=2017-01-01&until=2017-12-31"
        yield f"zone report {zone}, whole store", f"/api/zones/{zone}/report"
    yield "health", "/api/health"
    # no store work at all: what the TestClient and the middleware cost each call above
    yield "types (the client's own cost)", "/api/types"


def queries(db: Path, runs: int, skip_export: bool) -> None:
    from fastapi.testclient import TestClient

    from ceasefire.api.app import create_app
    from ceasefire.store import open_store

    rows: list[tuple[str, str, str]] = []
    with TestClient(create_app(str(db)), base_url="http://localhost") as client:
        for what, url in listings(db):
            try:
                ms = f"{_median_ms(_get(client, url), runs):,.1f}"
            except AssertionError as err:
                ms = f"fails: {err.args[0][1]}"
            rows.append((what, f"`GET {url}`", ms))
            print(f"{what}: {ms} ms", file=sys.stderr)
    with open_store(str(db), create=False) as store:
        events = store.counts()["events"]
        rows.append(("CLI summary", "`Store.summary()`", f"{_median_ms(store.summary, runs):,.1f}"))
        if not skip_export:
            for fmt in ("geojson", "incidents-geojson", "acled"):
                with tempfile.TemporaryDirectory() as folder:
                    started = time.perf_counter()
                    try:
                        store.export(fmt, Path(folder) / f"out.{fmt}")  # type: ignore[arg-type]
                        ms = f"{1000 * (time.perf_counter() - started):,.0f}"
                    except Exception as err:  # a failing export is a figure too
                        ms = f"fails: {type(err).__name__}: {str(err)[:80]}"
                rows.append((f"export {fmt} (one run)", f"`ceasefire export --format {fmt}`", ms))
                print(f"export {fmt}: {ms} ms", file=sys.stderr)
    print(machine())
    print(f"Store: {db} ({events:,} events); median of {runs} runs, wall ms\n")
    print("| listing | call | ms |")
    print("|---|---|---:|")
    for what, call, ms in rows:
        print(f"| {what} | {call} | {ms} |")


def ingest_one(db: Path, article: Path) -> None:
    """One new article into a copy of `db`, then the same article again."""
    import resource
    import subprocess

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "store.db"
        shutil.copyfile(db, copy)
        # the copy written to disk first: else the ingest's first commit (an fsync) waits for
        # gigabytes of the copy's dirty pages, which is the copy's cost, not the ingest's
        with copy.open("rb+") as written:
            os.fsync(written.fileno())
        command = [sys.executable, "-m", "ceasefire", "ingest", str(article), "--db", str(copy)]
        for what in ("one new article", "the same article again"):
            started = time.perf_counter()
            subprocess.run(command, check=False, capture_output=True)
            wall = time.perf_counter() - started
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"| {db.name} | {what} | {wall:.1f} s | {peak_mb:.0f} MB |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    making = commands.add_parser("build", help="make a store of about --events events")
    making.add_argument("--events", type=int, required=True)
    making.add_argument("--out", type=Path, required=True)
    making.add_argument("--base", type=Path, help="the base store (default: OUT's folder/fakes-base.db)")
    making.add_argument("--hold-out", type=int, default=186, help="the CSV row left out (default: the last)")
    timing = commands.add_parser("queries", help="time every listing on a store")
    timing.add_argument("--db", type=Path, required=True)
    timing.add_argument("--runs", type=int, default=5)
    timing.add_argument("--skip-export", action="store_true")
    adding = commands.add_parser("ingest", help="time one new article into a copy of a store")
    adding.add_argument("--db", type=Path, required=True)
    adding.add_argument("--article", type=Path, required=True, help="the held-out article (JSON lines)")
    args = parser.parse_args()
    if args.command == "build":
        build(args.events, args.out, args.base or args.out.parent / "fakes-base.db", args.hold_out)
    elif args.command == "ingest":
        ingest_one(args.db, args.article)
    else:
        queries(args.db, args.runs, args.skip_export)


if __name__ == "__main__":
    main()
