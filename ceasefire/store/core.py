"""The Store: one database, migrated on open, with the write, query, export and read-back operations."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, event, inspect, select
from sqlalchemy.exc import DBAPIError

from ceasefire.model import Article, FusedEvent, FusionChange, ReportSource, Zone
from ceasefire.store import alerts, incidents, query, schema, write
from ceasefire.store.alerts import AlertRule, Delivery, FiredAlert, NewAlert
from ceasefire.store.db import chunks, database_url, make_engine, reading, serialize, write_retrying
from ceasefire.store.formats import ExportFormat, ExportReport
from ceasefire.store.fused import StoredReports, apply_fusion, load_fused, queue_every_report
from ceasefire.store.migrations import migrate, refresh_listings
from ceasefire.store.query import Filters, Row
from ceasefire.store.rows import from_rows
from ceasefire.store.watch import Watched, load_watched, save_watched
from ceasefire.store.write import SaveResult
from ceasefire.store.zones import (
    Locate,
    ZoneSighting,
    link_events,
    load_zones,
    remove_zone,
    save_zones,
    sighting_days,
    sightings,
    undated_sightings,
    unlink_events,
)

#: The listings' default filter: every record, near-duplicates left out, events asserted only.
EVERY_RECORD = Filters()


class Store:
    """A ceasefire store. Every method is its own transaction; writes are safe from several
    processes at once (SQLite serializes them; on PostgreSQL a lost race is retried)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.version = migrate(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ writing

    def save_articles(
        self,
        batch: Sequence[Article],
        *,
        minhashes: Sequence[bytes | None] | None = None,
        bands: Sequence[Sequence[int]] | None = None,
        duplicates_of: Sequence[str | None] | None = None,
    ) -> list[SaveResult]:
        """Save a batch in one transaction (much faster than one commit per article); each
        article with the near-duplicate signature and band buckets given for it."""
        hashes = minhashes or [None] * len(batch)
        buckets = bands or [()] * len(batch)
        dups = duplicates_of or [None] * len(batch)

        def save(conn: Connection) -> list[SaveResult]:
            # a fusion reads the queue and the reports near it in several statements: no batch
            # (whose reports it queues) commits between them
            serialize(conn, "fuse")
            return [
                write.save_article(conn, a, minhash=m, bands=b, duplicate_of=d)
                for a, m, b, d in zip(batch, hashes, buckets, dups, strict=True)
            ]

        return write_retrying(self.engine, save)

    def record_failure(self, origin: str, reason: str) -> bool:
        return write_retrying(self.engine, lambda conn: write.record_failure(conn, origin, reason))

    def fuse(self, fuse_pending: Callable[[ReportSource], FusionChange]) -> FusionChange:
        """Fuse the queued reports into the incidents and store only what changes, in one
        write transaction that no other fusion interleaves with: of two ingests that end
        together, the later fusion reads what both queued."""

        def fuse(conn: Connection) -> FusionChange:
            serialize(conn, "fuse")
            change = fuse_pending(StoredReports(conn))
            apply_fusion(conn, change)
            for chunk in chunks([f.id for f in change.added]):  # the removed ones' go by cascade
                incidents.store_spans(conn, chunk)
            return change

        return write_retrying(self.engine, fuse)

    def rebuild_incidents(self, fuse_pending: Callable[[ReportSource], FusionChange]) -> FusionChange:
        """Fuse every report afresh, for when the fusion rules change (one transaction)."""

        def rebuild(conn: Connection) -> FusionChange:
            serialize(conn, "fuse")
            queue_every_report(conn)
            change = fuse_pending(StoredReports(conn))
            apply_fusion(conn, change)
            incidents.store_spans(conn)
            return change

        return write_retrying(self.engine, rebuild)

    # ------------------------------------------------------------ watch (store/watch.py)

    def watched(self, keys: Sequence[str]) -> dict[str, Watched]:
        """What `ceasefire watch` recorded of those of `keys` (URLs, file paths) it has seen."""
        with reading(self.engine) as conn:
            return load_watched(conn, keys)

    def save_watched(self, records: Sequence[Watched]) -> None:
        """Record sources and items the watch has polled, each replacing its key's record."""
        if records:
            write_retrying(self.engine, lambda conn: save_watched(conn, records))

    def refresh_derived(self) -> None:
        """Count the merged actors and the incidents' spans again from the whole store (for a
        store whose rows were written other than through this class, as bench/store_scale.py does)."""
        write_retrying(self.engine, refresh_listings)

    # ------------------------------------------------------------ zones

    def save_zones(self, added: Sequence[Zone], locate: Locate) -> None:
        """Store zones, replacing those with the same ids, and link the events `locate` finds
        inside them, in one transaction: no event stored meanwhile misses its zone."""

        def save(conn: Connection) -> None:
            save_zones(conn, added)
            link_events(conn, added, locate)
            alerts.fall_behind(conn)  # what lies inside a zone, and since when, may differ now

        write_retrying(self.engine, save)

    def relink_zones(self, locate: Locate) -> int:
        """Link every event to the zones `locate` finds it in, afresh; returns the links."""

        def relink(conn: Connection) -> int:
            unlink_events(conn)
            alerts.fall_behind(conn)
            return link_events(conn, load_zones(conn), locate)

        return write_retrying(self.engine, relink)

    def link_zones(self, article_ids: Sequence[str], locate: Locate) -> int:
        """Link the events of these (new) articles to the zones `locate` finds them in."""
        return write_retrying(
            self.engine, lambda conn: link_events(conn, load_zones(conn), locate, article_ids=article_ids)
        )

    def remove_zone(self, zone_id: str) -> bool:
        """Remove a zone and its event links; False when there was no such zone."""
        return write_retrying(self.engine, lambda conn: remove_zone(conn, zone_id))

    def zones(self, ids: Sequence[str] | None = None) -> list[Zone]:
        """The stored zones (those of `ids` when given), by id."""
        with reading(self.engine) as conn:
            return load_zones(conn, ids)

    def zone_sightings(
        self,
        zone_ids: Sequence[str],
        precisions: Sequence[str],
        since: str | None,
        until: str | None,
        incident_ids: Sequence[str] | None = None,
    ) -> list[ZoneSighting]:
        """The events a zone report counts: asserted (not negated, planned, hypothetical or
        background), of original articles, in the zones, dated to one of `precisions` (or
        undated, placed at a known publication day), from `since` to `until`; by date, then id.
        With `incident_ids`, only the reports of those incidents (read by them)."""
        with reading(self.engine) as conn:
            return sightings(conn, zone_ids, precisions, since, until, incident_ids)

    # ------------------------------------------------------------ alerts (store/alerts.py)

    def add_alert_rule(self, rule: AlertRule, *, already_alerted: Sequence[str] = ()) -> AlertRule:
        """Store a rule (its id is given here) and, in the same transaction, count the reports
        `already_alerted` as alerted on by it."""

        def add(conn: Connection) -> AlertRule:
            added = alerts.add_rule(conn, rule)
            alerts.mark_alerted(conn, added.id, already_alerted)
            return added

        return write_retrying(self.engine, add)

    def begin_alert_check(self, rule_ids: Sequence[int]) -> tuple[set[int], list[str]]:
        """Of these incident rules, those caught up (their check reads only the queue), and the
        incidents fusion wrote since the last check; the others are caught up from now on."""
        return write_retrying(self.engine, lambda conn: alerts.begin_check(conn, rule_ids))

    def finish_alert_check(self, read: Sequence[str]) -> None:
        """The queued incidents a check read leave the queue."""
        write_retrying(self.engine, lambda conn: alerts.finish_check(conn, read))

    def alert_rules(self, ids: Sequence[int] | None = None) -> list[AlertRule]:
        """The alert rules (those of `ids` when given), by id."""
        with reading(self.engine) as conn:
            return alerts.rules(conn, ids)

    def remove_alert_rule(self, rule_id: int) -> bool:
        """Remove a rule; what it fired stays listed, no longer delivered. False: no such rule."""
        return write_retrying(self.engine, lambda conn: alerts.remove_rule(conn, rule_id))

    def alerted_events(self, rule_id: int, event_ids: Sequence[str]) -> set[str]:
        """Those of `event_ids` that the rule has alerted on."""
        with reading(self.engine) as conn:
            return alerts.alerted(conn, rule_id, event_ids)

    def record_alerts(self, found: Sequence[NewAlert]) -> list[FiredAlert]:
        """Record, in one transaction, the alerts that have not fired before (checked again
        inside it, so that two checks at once record each alert once); returns those recorded,
        their deliveries pending."""
        return write_retrying(self.engine, lambda conn: alerts.record(conn, found))

    def undelivered_alerts(self) -> list[FiredAlert]:
        """The alerts of stored rules with deliveries not yet made, oldest first, with those only."""
        with reading(self.engine) as conn:
            return alerts.undelivered(conn)

    def save_delivery(self, alert_id: int, delivery: Delivery) -> None:
        write_retrying(self.engine, lambda conn: alerts.save_delivery(conn, alert_id, delivery))

    def fired_alerts(
        self, limit: int | None = 100, offset: int = 0, rule_id: int | None = None, zone_id: str | None = None
    ) -> list[FiredAlert]:
        """Fired alerts (of a rule, of a zone), newest first, with their deliveries and the
        incident each alerted on as it is now."""
        with reading(self.engine) as conn:
            return alerts.fired(conn, limit, offset, rule_id, zone_id)

    def count_fired_alerts(self, rule_id: int | None = None, zone_id: str | None = None) -> int:
        with reading(self.engine) as conn:
            return alerts.count_fired(conn, rule_id, zone_id)

    def zone_sighting_days(
        self, zone_id: str, precisions: Sequence[str], since: str | None, until: str | None
    ) -> tuple[str | None, str | None]:
        """The first and last day of the events zone_sightings would give for one zone."""
        with reading(self.engine) as conn:
            return sighting_days(conn, zone_id, precisions, since, until)

    def zone_undated(self, zone_ids: Sequence[str], earliest: str, latest: str) -> dict[str, int]:
        """Zone id -> the real-world events counted in it with no first day from `earliest`
        to `latest` (zones with none are left out)."""
        with reading(self.engine) as conn:
            return undated_sightings(conn, zone_ids, earliest, latest)

    # ------------------------------------------------------------ queries (store/query.py)

    def events(self, filters: Filters = EVERY_RECORD, limit: int | None = 100, offset: int = 0) -> list[Row]:
        """Events of the filter's statuses (asserted by default), latest first (dated before
        undated), with actor names, place, sentence, source article and zones."""
        with reading(self.engine) as conn:
            return query.events(conn, filters, limit, offset)

    def event_sources(self, event_id: str) -> list[Row]:
        """Every report of the real-world event that `event_id` reports, in order of publication."""
        with reading(self.engine) as conn:
            return query.event_sources(conn, event_id)

    def incidents(
        self, filters: Filters = EVERY_RECORD, limit: int | None = 100, offset: int = 0, sort: str = "-date"
    ) -> list[Row]:
        """Incidents (fused events), latest first or in `sort` order (store/incidents.py's
        INCIDENT_SORTS), with their facts: date range and precision, place and precision,
        actors, the fatality range and most-reported figure, how many reports and articles,
        and the sentence that stands for them."""
        with reading(self.engine) as conn:
            return incidents.incidents(conn, filters, limit, offset, sort)

    def count_incidents(self, filters: Filters = EVERY_RECORD, at_most: int | None = None) -> int:
        """How many incidents the filters list, counting no further than `at_most` when given."""
        with reading(self.engine) as conn:
            return incidents.count_incidents(conn, filters, at_most)

    def incident(self, incident_id: str) -> Row | None:
        """One incident and every report of it, in order of publication; None if there is none."""
        with reading(self.engine) as conn:
            return incidents.incident(conn, incident_id)

    def incident_of(self, event_id: str) -> str | None:
        """The id of the incident an event reports; None when it is in none."""
        with reading(self.engine) as conn:
            return incidents.incident_of(conn, event_id)

    def quotes(self, filters: Filters = EVERY_RECORD, limit: int | None = 100, offset: int = 0) -> list[Row]:
        """Quotes, latest article first, with the speaker's name and country."""
        with reading(self.engine) as conn:
            return query.quotes(conn, filters, limit, offset)

    def actors(self, filters: Filters = EVERY_RECORD, limit: int | None = 100, offset: int = 0) -> list[Row]:
        """Actors merged by name, kind, country and sector, most mentioned first."""
        with reading(self.engine) as conn:
            return query.actors(conn, filters, limit, offset)

    def articles(
        self, filters: Filters = EVERY_RECORD, limit: int | None = 100, offset: int = 0
    ) -> list[Row]:
        """Articles, latest first, with how many records each gave."""
        with reading(self.engine) as conn:
            return query.articles(conn, filters, limit, offset)

    def article_estimate(self) -> int:
        """About how many articles the store holds, read without counting (query.article_estimate)."""
        with reading(self.engine) as conn:
            return query.article_estimate(conn)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with reading(self.engine) as conn:
            return query.counts(conn)

    def events_per_type(self, filters: Filters = EVERY_RECORD) -> list[tuple[str, int]]:
        """(PLOVER type, events) of the filter's statuses (asserted by default) for the
        non-duplicate articles, most frequent first."""
        with reading(self.engine) as conn:
            return query.events_per_type(conn, filters)

    def summary(self, top: int = 10) -> dict[str, Any]:
        """Counts (rows per table), top actors, events per status, the asserted events per type
        and the latest asserted events; the incidents per type (with the reports they fuse)
        and the latest incidents; from one snapshot, without reading the whole store: past
        query.SUMMARY_SAMPLE rows, counts are estimates and the figures per status and type
        are counted over the latest rows and scaled (``estimated`` is then True)."""
        with reading(self.engine) as conn:
            found = query.summary(conn, top)
            return {**found, **incidents.summary(conn, top, found["counts"]["fused_events"])}

    def export(self, fmt: ExportFormat, out: str | Path) -> ExportReport:
        """Write the whole store: a directory of per-table files (each table read in its own
        transaction, streamed), or one file of the events, incidents or zones (geojson,
        incidents-geojson, zones-geojson) or of ACLED's table of incidents (acled)."""
        from ceasefire.store.export import export  # pyarrow loads only for an export

        return export(self.engine, fmt, out)

    def query_plans(self, work: Callable[[], object]) -> list[list[str]]:
        """SQLite's plan (EXPLAIN QUERY PLAN's lines) of each SELECT that `work` runs on this
        store, in order: how the tests check that the listings read their indexes."""
        seen: list[tuple[str, Any]] = []

        def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
            if statement.lstrip().upper().startswith("SELECT"):
                seen.append((statement, parameters))

        event.listen(self.engine, "before_cursor_execute", record)
        try:
            work()
        finally:
            event.remove(self.engine, "before_cursor_execute", record)
        with reading(self.engine) as conn:
            return [
                [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]
                for statement, parameters in seen
            ]

    # ------------------------------------------------------------ reading back

    def has_article(self, key: str, content_hash: str) -> bool:
        with reading(self.engine) as conn:
            return write.has_article(conn, key, content_hash)

    def load_fused(self) -> list[FusedEvent]:
        with reading(self.engine) as conn:
            return load_fused(conn)

    def near_duplicate_candidates(self, buckets: Sequence[int]) -> list[tuple[str, str, bytes]]:
        """(article id, key, minhash) of the originals sharing a band bucket with `buckets`
        (one per band, as ``ceasefire.corpus.bands`` gives them), in ingest order."""
        with reading(self.engine) as conn:
            return write.band_matches(conn, buckets)

    def unbanded(self) -> list[tuple[str, bytes]]:
        """(article id, minhash) of the originals stored before their bands were kept."""
        with reading(self.engine) as conn:
            return write.unbanded(conn)

    def save_bands(self, bands: dict[str, Sequence[int]]) -> None:
        """Keep the band buckets of originals that `unbanded` gave."""
        write_retrying(self.engine, lambda conn: write.save_bands(conn, bands))

    def load_article(self, article_id: str) -> Article:
        """The Article as it was saved; KeyError when the store has no such id."""
        with reading(self.engine) as conn:
            found = (
                conn.execute(select(schema.articles).where(schema.articles.c.id == article_id))
                .mappings()
                .first()
            )
            if found is None:
                raise KeyError(article_id)

            def children(table: Table, *order: str) -> list[dict[str, object]]:
                query = select(table).where(table.c.article_id == article_id)
                query = query.order_by(*(table.c[name] for name in order))
                return [dict(row) for row in conn.execute(query).mappings()]

            events = children(schema.events, "seq")
            ea = schema.event_actors
            links = [
                dict(row)
                for row in conn.execute(
                    select(ea)
                    .where(ea.c.event_id.in_([e["id"] for e in events]))
                    .order_by(ea.c.event_id, ea.c.role, ea.c.seq)
                ).mappings()
            ]
            return from_rows(
                dict(found),
                countries=children(schema.article_countries, "seq"),
                actors=children(schema.actors, "seq"),
                places=children(schema.places, "seq"),
                mentions=children(schema.mentions, "pk"),
                quotes=children(schema.quotes, "seq"),
                events=events,
                event_actors=links,
            )


class StoreError(Exception):
    """A store that cannot be opened: none there, a file or database that is no ceasefire store,
    a server that cannot be reached. The message is one line naming it."""


_SQLITE_HEADER = b"SQLite format 3\x00"


def _check_sqlite_file(path: str, create: bool) -> None:
    """Refuse, before SQLite touches it, a path that holds no store (or, unless `create`, none)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if create:
            return
        raise StoreError(f"{path}: no store there (ceasefire ingest creates one)") from None
    except OSError as err:
        raise StoreError(f"{path}: {err.strerror or err}") from None
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path}: not a ceasefire store (not a regular file)")
    if info.st_size:
        with open(path, "rb") as stream:
            if stream.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                raise StoreError(f"{path}: not a ceasefire store (not a SQLite database)")


def _check_tables(engine: Engine, create: bool, name: str) -> None:
    """A database that holds tables but not ours is another program's: never migrate into it."""
    names = set(inspect(engine).get_table_names())
    if schema.schema_version.name in names or (create and not names):
        return
    what = "another program's tables" if names else "no tables"
    raise StoreError(f"{name}: not a ceasefire store ({what})")


def open_store(url_or_path: str = "ceasefire.db", *, create: bool = True) -> Store:
    """Open (migrating as needed) a store: a SQLite path or a SQLAlchemy URL. With `create` a
    missing one is created; StoreError for a store that is not there (unless `create`), for
    any file or database that is not a ceasefire store, and for one that cannot be reached."""
    url = database_url(url_or_path)
    if url.startswith("sqlite:///") and url_or_path not in ("", ":memory:"):
        _check_sqlite_file(url.removeprefix("sqlite:///"), create)
    engine = make_engine(url_or_path)
    name = engine.url.render_as_string() if "://" in url_or_path else url_or_path  # no password
    try:
        _check_tables(engine, create, name)
        return Store(engine)
    except DBAPIError as err:
        engine.dispose()
        reason = " ".join(str(err.orig).split()) or type(err.orig).__name__
        raise StoreError(f"{name}: cannot open the store ({reason})") from err
    except StoreError:
        engine.dispose()
        raise
