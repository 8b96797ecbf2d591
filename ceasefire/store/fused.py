"""Fused events: one real-world event and every article event that reports it.

The corpus stage decides what to fuse (ceasefire.corpus.fuse); this module reads the reports
it compares out of the event rows, and stores and reads back its results.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert, select

from ceasefire.model import EventReport, FusedEvent
from ceasefire.store.schema import actors, articles, event_actors, event_sources, events, fused_events, places

_FIGURES = (
    "fatalities_min",
    "fatalities_max",
    "fatalities_mode",
    "injured_min",
    "injured_max",
    "injured_mode",
)
_SETS = ("actor_countries", "actor_sectors", "recipient_countries")


def event_reports(conn: Connection) -> list[EventReport]:
    """Every asserted event of every original (not duplicate) article, as a fusion report.

    Only asserted events make incidents: a negated, planned, hypothetical or background report
    (a toll "since 2011") is not a sighting of an event, so it neither makes an incident of its
    own nor joins one, where its figures would enter the incident's fatality range."""
    roles: defaultdict[str, dict[str, set[str]]] = defaultdict(
        lambda: {"countries": set(), "sectors": set(), "recipients": set()}
    )
    links = select(event_actors.c.event_id, event_actors.c.role, actors.c.country, actors.c.sector).join(
        actors, actors.c.id == event_actors.c.actor_id
    )
    for link in conn.execute(links):
        found = roles[link.event_id]
        if link.country:
            found["countries" if link.role == "actor" else "recipients"].add(link.country)
        if link.sector:
            found["sectors"].add(link.sector)
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
        .where(events.c.status == "asserted", articles.c.duplicate_of.is_(None))
        .order_by(events.c.id)
    )
    reports = []
    for row in conn.execute(query):
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


def replace_fused(conn: Connection, fused: Iterable[FusedEvent]) -> int:
    """Replace every fused event with a new fusion of the whole store; returns how many."""
    batch = list(fused)
    conn.execute(delete(event_sources))
    conn.execute(delete(fused_events))
    if not batch:
        return 0
    conn.execute(
        insert(fused_events),
        [
            {
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
            for f in batch
        ],
    )
    links = [{"fused_id": f.id, "event_id": e} for f in batch for e in dict.fromkeys(f.members)]
    conn.execute(insert(event_sources), links)
    return len(batch)


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
