"""Zones in the store: their outlines, which events lie in each, and the events a zone report
counts. Which events lie inside a zone is geometry, decided by ceasefire.zones; this module
reads the located events it tests and stores the links it finds.

Each function takes an open connection and never commits: the Store's methods are the
transactions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    delete,
    func,
    insert,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import aliased

from ceasefire.model import Zone
from ceasefire.store.db import chunks, unindexed
from ceasefire.store.schema import articles, event_sources, event_zones, events, fused_events, places, zones
from ceasefire.store.write import now_iso


@dataclass(frozen=True)
class EventPoint:
    """A located event: its place's point."""

    event_id: str
    lon: float
    lat: float


@dataclass(frozen=True)
class ZoneLink:
    """An event inside a zone."""

    event_id: str
    zone_id: str


#: Which of the points lie in which of the zones: ceasefire.zones decides, the Store stores.
Locate = Callable[[Sequence[Zone], Sequence[EventPoint]], list[ZoneLink]]


@dataclass(frozen=True)
class ZoneSighting:
    """A countable event inside a zone, with its fused event when fusion joined it to others."""

    zone_id: str
    event_id: str
    type: str
    date: str | None
    date_from: str | None  # the event's first day, or its article's publication day; None: no day
    fatalities: int | None
    sentence: str
    article_id: str
    title: str | None
    url: str | None
    place: str | None
    fused_id: str | None
    fatalities_mode: int | None  # the fused event's most-reported figure
    articles: int  # the articles reporting its fused event (0 when unfused)


def load_zones(conn: Connection, ids: Sequence[str] | None = None) -> list[Zone]:
    """The stored zones (those of `ids` when given), by id."""
    query = select(zones).order_by(zones.c.id)
    if ids is not None:
        query = query.where(zones.c.id.in_(list(ids)))
    return [
        Zone(id=row.id, name=row.name, geometry=row.geometry, start=row.start, end=row.end)
        for row in conn.execute(query)
    ]


def save_zones(conn: Connection, added: Sequence[Zone]) -> None:
    """Store zones, replacing those with the same ids (and, by cascade, their event links)."""
    conn.execute(delete(zones).where(zones.c.id.in_([z.id for z in added])))
    now = now_iso()
    conn.execute(
        insert(zones),
        [
            {
                "id": z.id,
                "name": z.name,
                "geometry": z.geometry,
                "start": z.start,
                "end": z.end,
                "added_at": now,
            }
            for z in added
        ],
    )


def remove_zone(conn: Connection, zone_id: str) -> bool:
    return conn.execute(delete(zones).where(zones.c.id == zone_id)).rowcount > 0


#: Places that are areas, not points: an event placed at one is in no zone.
AREA_FEATURES = ("country", "admin1")


def link_events(
    conn: Connection, targets: Sequence[Zone], locate: Locate, *, article_ids: Sequence[str] | None = None
) -> int:
    """Link the located events (of `article_ids` when given) to each of `targets` that
    `locate` finds them in; returns the links made. An event placed only at a country or a
    province (the area's point) is located nowhere: the text does not say where inside it."""
    if not targets or article_ids == []:
        return 0
    query = (
        select(events.c.id, events.c.lon, events.c.lat, events.c.date_from)
        .join(places, places.c.id == events.c.place_id)
        .where(events.c.lat.is_not(None), events.c.lon.is_not(None), places.c.feature.not_in(AREA_FEATURES))
    )
    queries = (
        [query]
        if article_ids is None
        else [query.where(events.c.article_id.in_(c)) for c in chunks(article_ids)]
    )
    days: dict[str, str | None] = {}
    located = []
    for row in (row for q in queries for row in conn.execute(q)):
        days[row.id] = row.date_from
        located.append(EventPoint(row.id, row.lon, row.lat))
    if not located:
        return 0
    links = locate(targets, located)
    if links:
        rows = [{"event_id": k.event_id, "zone_id": k.zone_id, "date_from": days[k.event_id]} for k in links]
        conn.execute(insert(event_zones), rows)
    return len(links)


def unlink_events(conn: Connection) -> None:
    conn.execute(delete(event_zones))


def sightings(
    conn: Connection,
    zone_ids: Sequence[str],
    precisions: Sequence[str],
    since: str | None,
    until: str | None,
    incident_ids: Sequence[str] | None = None,
) -> list[ZoneSighting]:
    """The asserted events of original articles in the zones, dated to one of `precisions`
    or undated, from `since` to `until` (ISO days) by ``date_from``; by date, then id. An
    undated event of an article without a publication date has no day (``date_from`` None):
    it is returned whatever `since` and `until`, for the report to count as undated. With
    `incident_ids`, only those incidents' reports, read from their members (an alert check
    reads what changed, not the zone).

    Only asserted events: a negated, planned, hypothetical or background event ("has killed
    100,000 since 2011") did not happen in the period, so it is neither counted nor a violation."""
    # read from the incidents' members, the zone's own index is not read
    zone = event_zones.c.zone_id if incident_ids is None else unindexed(conn, event_zones.c.zone_id)
    conds = [
        *_counted(zone_ids, zone),
        events.c.date_precision.is_(None) | events.c.date_precision.in_(list(precisions)),
    ]
    query = (
        select(
            event_zones.c.zone_id,
            events.c.id.label("event_id"),
            events.c.type,
            events.c.date,
            events.c.date_from,
            events.c.fatalities,
            events.c.sentence,
            events.c.article_id,
            articles.c.title,
            articles.c.url,
            places.c.name.label("place"),
            event_sources.c.fused_id,
            fused_events.c.fatalities_mode,
            _articles_reporting().label("articles"),
        )
        .join(events, events.c.id == event_zones.c.event_id)
        .join(articles, articles.c.id == events.c.article_id)
        .outerjoin(places, places.c.id == events.c.place_id)
        .outerjoin(event_sources, event_sources.c.event_id == events.c.id)
        .outerjoin(fused_events, fused_events.c.id == event_sources.c.fused_id)
        .where(*conds)
        .order_by(events.c.date_from.is_(None), events.c.date_from, events.c.id)
    )
    within = _between(since, until)
    if incident_ids is not None:
        day = unindexed(conn, event_zones.c.date_from)
        dated = and_(day >= since if since else true(), day <= until if until else true())
        found = [
            ZoneSighting(**row)
            for chunk in chunks(incident_ids)
            for row in conn.execute(
                query.where(event_sources.c.fused_id.in_(chunk), dated | day.is_(None))
            ).mappings()
        ]
        return sorted(found, key=lambda seen: (seen.date_from is None, seen.date_from or "", seen.event_id))
    # the dated ones in the period, then those without a day: two ranges of ix_event_zones_zone_day
    parts = [query.where(*within), query.where(event_zones.c.date_from.is_(None))] if within else [query]
    return [ZoneSighting(**row) for part in parts for row in conn.execute(part).mappings()]


def _between(since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    """The link's day from `since` to `until`: one range of ix_event_zones_zone_day."""
    conds = []
    if since:
        conds.append(event_zones.c.date_from >= since)
    if until:
        conds.append(event_zones.c.date_from <= until)
    return conds


def _counted(
    zone_ids: Sequence[str], zone: ColumnElement[Any] = event_zones.c.zone_id
) -> list[ColumnElement[bool]]:
    """The conditions on the events a zone report counts: asserted, of original articles, in
    the zones (by `zone`, the link's zone id in the form the query reads it)."""
    return [
        zone.in_(list(zone_ids)),
        events.c.status == "asserted",
        func.coalesce(articles.c.duplicate_of, "") == "",
    ]


def sighting_days(
    conn: Connection, zone_id: str, precisions: Sequence[str], since: str | None, until: str | None
) -> tuple[str | None, str | None]:
    """The first and last day (date_from) of the events `sightings` would give for the zone,
    by one indexed aggregate."""
    conds = [
        *_counted([zone_id]),
        events.c.date_precision.is_(None) | events.c.date_precision.in_(list(precisions)),
    ]
    conds += _between(since, until)
    first, last = conn.execute(
        select(func.min(event_zones.c.date_from), func.max(event_zones.c.date_from))
        .select_from(event_zones)
        .join(events, events.c.id == event_zones.c.event_id)
        .join(articles, articles.c.id == events.c.article_id)
        .where(*conds)
    ).one()
    return first, last


def undated_sightings(
    conn: Connection, zone_ids: Sequence[str], earliest: str, latest: str
) -> dict[str, int]:
    """Zone id -> the real-world events (fused reports once) counted in it whose first day is
    unknown or outside `earliest` to `latest`. Only the links without such a day are read (by
    ix_event_zones_zone_day: one range each for no day, before the first, after the last), then
    the first day of the fused events among them; two aggregates, no row loaded."""
    day = event_zones.c.date_from

    def odd_links(*columns: ColumnElement[Any]) -> Any:
        links = _counted_links(
            select(*columns)
            .select_from(event_zones)
            .outerjoin(event_sources, event_sources.c.event_id == event_zones.c.event_id)
        ).where(*_counted(zone_ids))
        return union_all(*(links.where(part) for part in (day.is_(None), day < earliest, day > latest)))

    alone = odd_links(event_zones.c.zone_id, event_sources.c.fused_id).subquery()
    unfused = select(alone.c.zone_id, func.count()).where(alone.c.fused_id.is_(None))
    undated: Counter[str] = Counter({z: int(n) for z, n in conn.execute(unfused.group_by(alone.c.zone_id))})
    # a fused event lies on the first day any of its reports in the zone has; read from the
    # fused events' members, not from every link of the zones
    first = (
        select(event_zones.c.zone_id, func.min(day).label("day"))
        .select_from(event_sources)
        .join(event_zones, event_zones.c.event_id == event_sources.c.event_id)
    )
    firsts = (
        _counted_links(first)
        .where(
            *_counted(zone_ids, unindexed(conn, event_zones.c.zone_id)),
            event_sources.c.fused_id.in_(odd_links(event_sources.c.fused_id)),
        )
        .group_by(event_zones.c.zone_id, event_sources.c.fused_id)
        .subquery()
    )
    outside = firsts.c.day.is_(None) | (firsts.c.day < earliest) | (firsts.c.day > latest)
    fused = select(firsts.c.zone_id, func.count()).where(outside).group_by(firsts.c.zone_id)
    undated.update({zone_id: int(n) for zone_id, n in conn.execute(fused)})
    return dict(undated)


def _counted_links(query: Select[Any]) -> Select[Any]:
    """`query` over event_zones joined to the events and articles `_counted` looks at."""
    return query.join(events, events.c.id == event_zones.c.event_id).join(
        articles, articles.c.id == events.c.article_id
    )


def _articles_reporting() -> Any:
    """How many articles report the row's real-world event (fusion joins reports within one
    article too, so its member count would overstate the sources)."""
    member, report = aliased(event_sources), aliased(events)
    return (
        select(func.count(func.distinct(report.c.article_id)))
        .join(report, report.c.id == member.c.event_id)
        .where(member.c.fused_id == event_sources.c.fused_id)
        .scalar_subquery()
    )
