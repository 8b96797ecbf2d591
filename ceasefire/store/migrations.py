"""Versioned migrations: an ordered list of steps, each applied in its own transaction.

``schema_version`` holds one row per applied step. Opening a store applies the missing steps
in order; a step and its version row commit together, so a crash leaves the store at a
whole version. Steps only ever get appended. Step 1 creates the tables from ``schema.py``;
a later change to a table there needs a new step that alters existing stores and checks
first (with ``sqlalchemy.inspect``) whether the column is already there, because a fresh
store gets the current shape from step 1.

Full-text search is SQLite's FTS5 (step 2, SQLite only): external-content indexes over
``articles(title, text)`` and ``quotes(text)`` kept in sync by triggers, so a cascade that
deletes an article's rows also cleans its index entries. On PostgreSQL, step 4 makes GIN
indexes over the same text as ``tsvector`` expressions (``textsearch.py``); on other dialects
both steps do nothing and text filters fall back to ILIKE (see ``query.py``).

Step 5 adds the ACLED columns of events (``acled_event_type``, ``acled_sub_event_type``,
``civilian_targeting``) to stores made before them, and moves the values that those stores
kept in the rows' ``extra`` JSON (a field without a column goes there) into the new columns.

Step 6 adds what keeps the listings fast at any size: indexes in the listings' orders, the
merged actors with their counts (``actor_names``) and the incidents' spans, filled from the
store as it is.

Step 7 adds what incremental ingest keeps between runs: the queue of reports no incident holds
yet, and the LSH bands of the originals' signatures (those stored before it wait in a queue
for the next ingest to band them: the banding is the corpus stage's, not the store's).

Step 8 adds ``watched``, what ``ceasefire watch`` has seen (``watch.py``).

Step 9 adds the alert tables (``ceasefire.alerts``): rules, fired alerts with their payload,
one delivery row per channel, and the event ids each rule has alerted on.

Step 10 copies into the listing tables what their indexes need: each zone link's day (the
event's ``date_from``), each incident span's type and country, with indexes in the listings'
orders, and an index on the incidents' points.

Two processes may open a fresh store at once: each step's transaction holds the "migrate"
lock (an advisory lock on PostgreSQL; SQLite's write lock) while it reads the version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from sqlalchemy import Connection, Engine, Index, Table, func, insert, inspect, select, update
from sqlalchemy.schema import CreateIndex

from ceasefire.store import actor_names, incidents, textsearch
from ceasefire.store.db import reading, serialize, write_retrying
from ceasefire.store.schema import (
    ALERT_PROGRESS_TABLES,
    ALERT_TABLES,
    DATA_TABLES,
    INCREMENTAL_TABLES,
    LISTING_INDEXES,
    LISTING_TABLES,
    WATCH_TABLES,
    ZONE_TABLES,
    articles,
    band_queue,
    event_zones,
    events,
    fused_events,
    incident_spans,
    metadata,
    schema_version,
)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _create_tables(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(DATA_TABLES))


# Porter stemming so that "ceasefires" finds "ceasefire"; diacritics folded ("Erdoğan").
_TOKENIZE = "porter unicode61 remove_diacritics 2"

_FTS5_DDL = (
    f"CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
    f"content_rowid='pk', tokenize='{_TOKENIZE}')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.pk, old.title, old.text); END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.pk, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END",
    f"CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='pk', "
    f"tokenize='{_TOKENIZE}')",
    "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quotes_fts(rowid, text) VALUES (new.pk, new.text); END",
    "CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.pk, old.text); END",
    "CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.pk, old.text); "
    "INSERT INTO quotes_fts(rowid, text) VALUES (new.pk, new.text); END",
)


def _create_fts(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    for statement in _FTS5_DDL:
        conn.exec_driver_sql(statement)


def _create_zone_tables(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(ZONE_TABLES))


def _create_pg_text_indexes(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        for statement in textsearch.index_ddl():
            conn.exec_driver_sql(statement)


_ACLED_COLUMNS = ("acled_event_type", "acled_sub_event_type", "civilian_targeting")


def _create_index(conn: Connection, index: Index) -> None:
    """Create an index unless it is there (by name: reflection cannot see expression indexes)."""
    conn.execute(CreateIndex(index, if_not_exists=True))


def _add_acled_columns(conn: Connection) -> None:
    for name in _ACLED_COLUMNS:
        _add_column(conn, events, name)
    for index in events.indexes:
        if any(column.name in _ACLED_COLUMNS for column in index.columns):
            _create_index(conn, index)
    kept = conn.execute(select(events.c.id, events.c.extra).where(events.c.extra.is_not(None))).all()
    for row in kept:
        moved = {name: row.extra[name] for name in _ACLED_COLUMNS if name in row.extra}
        if moved:
            rest = {name: value for name, value in row.extra.items() if name not in moved}
            conn.execute(update(events).where(events.c.id == row.id).values(**moved, extra=rest or None))


def refresh_listings(conn: Connection) -> None:
    """Count the listing tables (merged actors, incident spans) again from the whole store."""
    actor_names.recount(conn)
    incidents.store_spans(conn)


def _add_listing_support(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(LISTING_TABLES))
    for index in LISTING_INDEXES:
        _create_index(conn, index)
    refresh_listings(conn)


def _create_incremental_tables(conn: Connection) -> None:
    """The fusion queue starts empty (a store is fused when it is closed); the originals
    already stored wait in the band queue for their LSH bands."""
    metadata.create_all(conn, tables=list(INCREMENTAL_TABLES))
    originals = select(articles.c.id).where(
        articles.c.minhash.is_not(None), articles.c.duplicate_of.is_(None)
    )
    conn.execute(insert(band_queue).from_select(["article_id"], originals))


def _create_alert_tables(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(ALERT_TABLES))  # checkfirst: tables already there stay


def _create_alert_progress_tables(conn: Connection) -> None:
    """Every rule starts behind: its next check reads every incident once."""
    metadata.create_all(conn, tables=list(ALERT_PROGRESS_TABLES))


def _create_watch_tables(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(WATCH_TABLES))


def _add_column(conn: Connection, table: Table, name: str) -> bool:
    """Add the schema's column `name` to `table` unless it is there; whether it was added."""
    if name in {column["name"] for column in inspect(conn).get_columns(table.name)}:
        return False
    kind = table.c[name].type.compile(dialect=conn.dialect)
    # the names and types are the schema's, never user text
    conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}")
    return True


def _copy_listing_keys(conn: Connection) -> None:
    """Fill the columns a store made before them lacks (a table created by an earlier step of
    this run has them already, and nothing to fill), then index them."""
    if _add_column(conn, event_zones, "date_from"):
        day = select(events.c.date_from).where(events.c.id == event_zones.c.event_id).scalar_subquery()
        conn.execute(update(event_zones).values(date_from=day))
    for name in ("type", "country"):
        if _add_column(conn, incident_spans, name):
            own = select(fused_events.c[name]).where(fused_events.c.id == incident_spans.c.fused_id)
            conn.execute(update(incident_spans).values({name: own.scalar_subquery()}))
    for index in (*event_zones.indexes, *incident_spans.indexes, *fused_events.indexes):
        _create_index(conn, index)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "tables and indexes", _create_tables),
    Migration(2, "FTS5 over article and quote text (SQLite)", _create_fts),
    Migration(3, "zones and the events inside them", _create_zone_tables),
    Migration(4, "tsvector GIN indexes over article and quote text (PostgreSQL)", _create_pg_text_indexes),
    Migration(5, "ACLED event type, sub-event type and civilian targeting of events", _add_acled_columns),
    Migration(6, "listing indexes, merged actors and incident spans", _add_listing_support),
    Migration(
        7, "the fusion queue and the near-duplicate bands of incremental ingest", _create_incremental_tables
    ),
    Migration(8, "what ceasefire watch has seen: sources, items, their validators", _create_watch_tables),
    Migration(
        9, "alert rules, fired alerts, their deliveries and the reports alerted on", _create_alert_tables
    ),
    Migration(
        10,
        "zone links' days, incident spans' type and country, incidents' points: indexed",
        _copy_listing_keys,
    ),
    Migration(
        11, "alert checks: the rules caught up and the incidents written since", _create_alert_progress_tables
    ),
)


def current_version(conn: Connection) -> int:
    """The highest applied version; 0 before the first step."""
    return int(conn.scalar(select(func.coalesce(func.max(schema_version.c.version), 0))) or 0)


def applied_versions(conn: Connection) -> set[int]:
    """The versions of the steps applied. A step is applied when its own row is missing, not
    when it is below the highest: steps numbered apart on separate branches merge in any order."""
    return {int(v) for v in conn.scalars(select(schema_version.c.version))}


def _apply(step: Migration, conn: Connection) -> None:
    serialize(conn, "migrate")
    if step.version in applied_versions(conn):
        return
    step.apply(conn)
    conn.execute(
        insert(schema_version).values(
            version=step.version,
            description=step.description,
            applied_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
    )


def migrate(engine: Engine) -> int:
    """Apply every missing step, one transaction each; returns the resulting version."""
    every = {step.version for step in MIGRATIONS}
    # A store that is up to date opens without the write lock: readers open it while an
    # ingest holds that lock. Each step counts, not the highest: steps merged from branches
    # of development may have been applied out of order.
    with reading(engine) as conn:
        if conn.dialect.has_table(conn, schema_version.name) and every <= applied_versions(conn):
            return current_version(conn)

    def begin(conn: Connection) -> None:
        serialize(conn, "migrate")
        schema_version.create(conn, checkfirst=True)

    write_retrying(engine, begin)
    for step in MIGRATIONS:
        # The version is read inside the step's write transaction: two processes opening a
        # fresh store at once apply each step exactly once.
        write_retrying(engine, partial(_apply, step))
    with reading(engine) as conn:
        return current_version(conn)
