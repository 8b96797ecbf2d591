"""Fused events: one real-world event and every article event that reports it.

The corpus stage decides what to fuse (ceasefire.corpus.fuse); this module reads the reports
it compares out of the event rows (the queued ones, and those near them in time, looked up
by index), and stores and reads back its results: only the incidents that change.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import ColumnElement, Connection, delete, insert, select

from ceasefire.model import EventReport, FusedEvent, FusionChange
from ceasefire.store import alerts
from ceasefire.store.db import chunks
from ceasefire.store.schema import (
    actors,
    articles,
    event_actors,
    event_sources,
    events,
    fused_events,
    fusion_queue,
    places,
)

_FIGURES = (
    "fatalities_min",
    "fatalities_max",
    "fatalities_mode",
    "injured_min",
    "injured_max",
    "injured_mode",
)
_SETS = ("actor_countries", "actor_sectors", "recipient_countries")


def _reports(conn: Connection, *conditions: ColumnElement[bool]) -> list[EventReport]:
    """The asserted events of original (not duplicate) articles that meet `conditions`, as
    fusion reports, by id.

    Only asserted events make incidents: a negated, planned, hypothetical or background report
    (a toll "since 2011") is not a sighting of an event, so it neither makes an incident of its
    own nor joins one, where its figures would enter the incident's fatality range."""
    query = (
        select(
            events.c.id,
            events.c.article_id,
            events.c.type,
            events.c.date,
            events.c.fatalities,
            events.c.injured,
            events.c.sentence,
            events.c.lat,
            events.c.lon,
            places.c.name.label("place"),
            places.c.admin1,
            places.c.country,
            places.c.feature,
        )
        .join(articles, articles.c.id == events.c.article_id)
        .outerjoin(places, places.c.id == events.c.place_id)
        .where(events.c.status == "asserted", articles.c.duplicate_of.is_(None), *conditions)
        .order_by(events.c.id)
    )
    rows = conn.execute(query).all()
    roles: defaultdict[str, dict[str, set[str]]] = defaultdict(
        lambda: {"countries": set(), "sectors": set(), "recipients": set()}
    )
    for chunk in chunks([row.id for row in rows]):
        links = (
            select(event_actors.c.event_id, event_actors.c.role, actors.c.country, actors.c.sector)
            .join(actors, actors.c.id == event_actors.c.actor_id)
            .where(event_actors.c.event_id.in_(chunk))
        )
        for link in conn.execute(links):
            found = roles[link.event_id]
            if link.country:
                found["countries" if link.role == "actor" else "recipients"].add(link.country)
            if link.sector:
                found["sectors"].add(link.sector)
    reports = []
    for row in rows:
        found = roles[row.id]
        reports.append(
            EventReport(
                event_id=row.id,
                article_id=row.article_id,
                type=row.type,
                date=row.date,
                place=row.place,
                lat=row.lat,
                lon=row.lon,
                admin1=row.admin1,
                country=row.country,
                feature=row.feature,
                actor_countries=frozenset(found["countries"]),
                actor_sectors=frozenset(found["sectors"]),
                recipient_countries=frozenset(found["recipients"]),
                fatalities=row.fatalities,
                injured=row.injured,
                sentence=row.sentence,
            )
        )
    return reports


class StoredReports:
    """The store as fusion's report source (ceasefire.model.ReportSource), inside one
    transaction: each answer is an indexed lookup, never a scan of every event."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def pending(self) -> list[EventReport]:
        return _reports(self.conn, events.c.id.in_(select(fusion_queue.c.event_id)))

    def on_day(self, day: dt.date) -> list[EventReport]:
        return _reports(self.conn, events.c.date_from == day.isoformat(), events.c.date_precision == "day")

    def of_articles(self, article_ids: Collection[str]) -> list[EventReport]:
        return [
            r for chunk in chunks(article_ids) for r in _reports(self.conn, events.c.article_id.in_(chunk))
        ]

    def incidents_of(self, event_ids: Collection[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in chunks(event_ids):
            query = select(event_sources.c.event_id, event_sources.c.fused_id).where(
                event_sources.c.event_id.in_(chunk)
            )
            found.update((row.event_id, row.fused_id) for row in self.conn.execute(query))
        return found

    def members(self, incident_ids: Collection[str]) -> dict[str, list[EventReport]]:
        found: defaultdict[str, list[EventReport]] = defaultdict(list)
        for chunk in chunks(incident_ids):
            linked = dict(
                self.conn.execute(
                    select(event_sources.c.event_id, event_sources.c.fused_id).where(
                        event_sources.c.fused_id.in_(chunk)
                    )
                ).all()
            )
            for events_chunk in chunks(linked):
                for report in _reports(self.conn, events.c.id.in_(events_chunk)):
                    found[linked[report.event_id]].append(report)
        return dict(found)


def queue_every_report(conn: Connection) -> None:
    """Dissolve every incident and queue every report: the next fusion starts afresh."""
    conn.execute(delete(event_sources))
    conn.execute(delete(fused_events))
    conn.execute(delete(fusion_queue))
    conn.execute(insert(fusion_queue).from_select(["event_id"], select(events.c.id)))


def apply_fusion(conn: Connection, change: FusionChange) -> None:
    """Store what a fusion changed and empty the queue it fused."""
    for chunk in chunks(change.removed):
        conn.execute(delete(fused_events).where(fused_events.c.id.in_(chunk)))
    if change.added:
        conn.execute(insert(fused_events), [_fused_row(f) for f in change.added])
        links = [{"fused_id": f.id, "event_id": e} for f in change.added for e in dict.fromkeys(f.members)]
        conn.execute(insert(event_sources), links)
        alerts.queue_incidents(conn, [f.id for f in change.added])
    conn.execute(delete(fusion_queue))


def _fused_row(f: FusedEvent) -> dict[str, object]:
    return {
        "id": f.id,
        "type": f.type,
        "date": f.date,
        "place": f.place,
        "lat": f.lat,
        "lon": f.lon,
        "admin1": f.admin1,
        "country": f.country,
        "n_sources": len(f.members),
        **{name: getattr(f, name) for name in _FIGURES},
        **{name: sorted(getattr(f, name)) for name in _SETS},
    }


def load_fused(conn: Connection) -> list[FusedEvent]:
    """Every fused event with its sources (event ids, articles, sentences), ordered by id."""
    members: defaultdict[str, list[tuple[str, str, str]]] = defaultdict(list)
    query = (
        select(event_sources.c.fused_id, events.c.id, events.c.article_id, events.c.sentence)
        .join(events, events.c.id == event_sources.c.event_id)
        .order_by(event_sources.c.fused_id, events.c.id)
    )
    for link in conn.execute(query):
        members[link.fused_id].append((link.id, link.article_id, link.sentence))
    fused = []
    for row in conn.execute(select(fused_events).order_by(fused_events.c.id)).mappings():
        sources = members[row["id"]]
        fused.append(
            FusedEvent(
                id=row["id"],
                type=row["type"],
                date=row["date"],
                place=row["place"],
                lat=row["lat"],
                lon=row["lon"],
                admin1=row["admin1"],
                country=row["country"],
                fatalities_min=row["fatalities_min"],
                fatalities_max=row["fatalities_max"],
                fatalities_mode=row["fatalities_mode"],
                injured_min=row["injured_min"],
                injured_max=row["injured_max"],
                injured_mode=row["injured_mode"],
                actor_countries=list(row["actor_countries"]),
                actor_sectors=list(row["actor_sectors"]),
                recipient_countries=list(row["recipient_countries"]),
                members=[s[0] for s in sources],
                articles=list(dict.fromkeys(s[1] for s in sources)),
                sentences=[s[2] for s in sources],
            )
        )
    return fused
