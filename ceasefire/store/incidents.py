"""Queries behind `ceasefire incidents` and /api/incidents: the fused events (one real-world
event each, ``fused.py`` stores them) with the facts their reports give, filtered like events.

An incident is made of asserted reports only (fusion never sees the others), so the status
filter is moot: asserted or every status lists the same incidents, any other is refused.
The filters that look at what was reported (zone, actor, ACLED type, text) hold when one of
the incident's reports matches them all; type, country, place and dates are the incident's own.

An incident's date range spans its reports dated at the best precision any of them has: a
report dated only to the month, fused within its article to one dated to the day, does not
widen a one-day incident to a month.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    Select,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    select,
    type_coerce,
)

from ceasefire.model import Period
from ceasefire.store import query, schema
from ceasefire.store.query import Filters, Row

fe, es, ev, a, pl, ea, ez, sp, act = (
    schema.fused_events,
    schema.event_sources,
    schema.events,
    schema.articles,
    schema.places,
    schema.event_actors,
    schema.event_zones,
    schema.incident_spans,
    schema.actors,
)

#: The listing's order, latest first (ix_incident_spans_listing's).
_LATEST_SPANS = (sp.c.undated, sp.c.date_from.desc(), sp.c.fused_id)
#: How many incidents an export reads at a time.
PAGE = 2_000
_NOT_FILTERS = ["include_duplicates"]  # only original articles' reports are fused: moot


def _span(fused_ids: list[str] | None) -> Any:
    """(fused_id, date_from, date_to): the days its best-dated reports cover, for these
    incidents (every one when None): the members are chosen first, so a few incidents cost
    a few index lookups, not a grouping of every report in the store."""
    rank = case(
        (ev.c.date_precision == "day", 0),
        (ev.c.date_precision == "week", 1),
        (ev.c.date_precision == "month", 2),
        (ev.c.date_precision == "year", 3),
        else_=4,
    ).label("rank")
    chosen = select(es.c.fused_id, ev.c.date_from, ev.c.date_to, rank).join(ev, ev.c.id == es.c.event_id)
    if fused_ids is not None:
        chosen = chosen.where(es.c.fused_id.in_(fused_ids))
    members = chosen.subquery("members")
    best = (
        select(members.c.fused_id, func.min(members.c.rank).label("best"))
        .group_by(members.c.fused_id)
        .subquery("best")
    )
    return (
        select(
            members.c.fused_id,
            func.min(members.c.date_from).label("date_from"),
            func.max(members.c.date_to).label("date_to"),
        )
        .join(best, and_(best.c.fused_id == members.c.fused_id, best.c.best == members.c.rank))
        .group_by(members.c.fused_id)
        .subquery("span")
    )


def store_spans(conn: Connection, fused_ids: list[str] | None = None) -> None:
    """Store the span of these incidents (every one when None) in incident_spans, which the
    listing pages through: call it whenever incidents are written."""
    span = _span(fused_ids)
    query = select(
        fe.c.id,
        fe.c.date.is_(None).label("undated"),
        span.c.date_from,
        span.c.date_to,
        fe.c.type,
        fe.c.country,
    ).join(span, span.c.fused_id == fe.c.id)
    if fused_ids is None:
        conn.execute(delete(sp))
    else:
        conn.execute(delete(sp).where(sp.c.fused_id.in_(fused_ids)))
        query = query.where(fe.c.id.in_(fused_ids))
    columns = ["fused_id", "undated", "date_from", "date_to", "type", "country"]
    conn.execute(insert(sp).from_select(columns, query))


def _a_report(*conds: ColumnElement[bool]) -> ColumnElement[bool]:
    """One of the incident's reports meets the conditions (over events and event_sources)."""
    return exists(
        select(es.c.event_id).join(ev, ev.c.id == es.c.event_id).where(es.c.fused_id == fe.c.id, *conds)
    )


def _check_status(filters: Filters) -> None:
    if filters.status is not None and tuple(filters.status) != query.ASSERTED:
        raise ValueError(
            "incidents are made of asserted reports only: list the others with the events and their status"
        )


#: What a listing of incidents can be sorted by; `-name` sorts it the other way (highest, latest first).
INCIDENT_SORTS = ("date", "fatalities", "reports")


def _sort_column(sort: str, span: Any) -> ColumnElement[Any]:
    name = sort.removeprefix("-")
    if name not in INCIDENT_SORTS:
        raise ValueError(f"cannot sort incidents by {sort!r} (one of {', '.join(INCIDENT_SORTS)}, or -name)")
    columns: dict[str, ColumnElement[Any]] = {
        "date": span.c.date_from,
        "fatalities": fe.c.fatalities_mode,
        "reports": fe.c.n_sources,
    }
    return columns[name]


def _listing(conn: Connection, filters: Filters, sort: str = "-date") -> Any:
    """The query of the filtered incidents in `sort` order: the undated, or those without a
    toll, last whichever way; ties latest first."""
    _check_status(filters)
    query._check(filters, _NOT_FILTERS, "incidents")
    span = sp
    conds: list[ColumnElement[bool]] = []
    if filters.ids:
        conds.append(fe.c.id.in_(list(filters.ids)))
    near = filters.near
    lat = query.near_latitude(conn, near, fe.c.lat, fe.c.lon) if near else fe.c.lat
    conds += query.what_when_where(
        filters, span.c.type, span.c.date_from, span.c.date_to, span.c.country, lat, fe.c.lon, span.c.undated
    )
    # what was reported holds for one report: the same one for every such filter
    reported = query.reported(filters)
    if filters.text:
        reported.append(query._ilike_all(ev.c.sentence, filters.text))
    if reported:
        conds.append(_a_report(*reported))
    listing = (
        select(
            fe.c.id,
            fe.c.type,
            fe.c.date,
            span.c.date_from,
            span.c.date_to,
            fe.c.place,
            fe.c.lat,
            fe.c.lon,
            fe.c.admin1,
            fe.c.country,
            fe.c.fatalities_min,
            fe.c.fatalities_max,
            fe.c.fatalities_mode,
            fe.c.injured_min,
            fe.c.injured_max,
            fe.c.injured_mode,
            fe.c.n_sources.label("n_reports"),
        )
        .select_from(span)
        .join(fe, fe.c.id == span.c.fused_id)
        .where(*conds)
    )
    column = _sort_column(sort, span)
    undated = span.c.undated
    if near:  # inside the circle, in the listing's order, each with its distance
        km = query.distance(conn, near, fe.c.lat, fe.c.lon)
        listing = listing.where(km <= near.km).add_columns(km.label("distance_km"))
    if sort.removeprefix("-") == "date":
        # latest first is ix_incident_spans_listing's order: a page is read from it, not sorted
        return listing.order_by(undated, column.desc() if sort.startswith("-") else column, span.c.fused_id)
    ordered = column.desc() if sort.startswith("-") else column
    return listing.order_by(column.is_(None), ordered, undated, span.c.date_from.desc(), fe.c.id)


def incidents(
    conn: Connection, filters: Filters, limit: int | None, offset: int, sort: str = "-date"
) -> list[Row]:
    """Incidents, latest first (dated before undated) unless `sort` says otherwise (one of
    INCIDENT_SORTS, `-` before it for highest first), with their facts (see `_facts`)."""
    rows = query._page(conn, _listing(conn, filters, sort), limit, offset)
    if filters.near:
        query._rounded_km(rows)
    _facts(conn, rows)
    return rows


def count_incidents(conn: Connection, filters: Filters, at_most: int | None = None) -> int:
    """How many incidents the filters list (all pages), counting no further than `at_most`
    when given: a bounded count reads at most that many index entries."""
    # the ids alone: SQLite reads no incident's row to count it
    listing = _listing(conn, filters).with_only_columns(sp.c.fused_id).order_by(None).limit(at_most)
    return int(conn.scalar(select(func.count()).select_from(listing.subquery())) or 0)


#: What each report of an incident gives its facts (and the ACLED export), in publication order.
REPORT_FIELDS: dict[str, Any] = {
    "id": ev.c.id,
    "article_id": ev.c.article_id,
    "fatalities": ev.c.fatalities,
    "place": pl.c.name,
    "feature": pl.c.feature,
    "sentence": ev.c.sentence,
    "title": a.c.title,
    "url": a.c.url,
    "source": a.c.source,
    "published": a.c.published,
    "acled_event_type": ev.c.acled_event_type,
    "acled_sub_event_type": ev.c.acled_sub_event_type,
    "civilian_targeting": ev.c.civilian_targeting,
    "ingested_at": a.c.ingested_at,
}
#: What each actor link of an incident's reports gives, by report id, role and position.
LINK_FIELDS: dict[str, Any] = {
    "event_id": ea.c.event_id,
    "role": ea.c.role,
    "name": query.actor_name(),
    "actor": act.c.name,  # None when the actor has no row
    "sector": act.c.sector,
    "country": act.c.country,
}


def _json_array(conn: Connection) -> Any:
    return func.json_build_array if conn.dialect.name == "postgresql" else func.json_array


def _json_rows(conn: Connection, rows: Select[Any], fields: dict[str, Any], *order: str) -> Any:
    """The outer incident's `rows` as one JSON array of arrays of the `fields`, in `order`."""
    listed = rows.add_columns(_json_array(conn)(*fields.values()).label("packed"))
    return query._json_list(conn, listed, "packed", *order, outer=fe, nested=True)


def _with_facts(conn: Connection, incidents: Select[Any]) -> Select[Any]:
    """`incidents` (a query over fused_events) with its reports, their actor links and
    their zones, in one JSON array (``gathered``) the database builds row by row
    (``_facts_of`` makes the facts from them): an export of any size reads each incident
    once, in its own order, with no lookup by lists of ids."""
    members = (
        select(a.c.published.label("published_order"), ev.c.id.label("id_order"))
        .select_from(es)
        .join(ev, ev.c.id == es.c.event_id)
        .join(a, a.c.id == ev.c.article_id)
        .outerjoin(pl, pl.c.id == ev.c.place_id)
        .where(es.c.fused_id == fe.c.id)
    )
    links = (
        select(ea.c.event_id.label("event_order"), ea.c.role.label("role_order"), ea.c.seq)
        .select_from(es)
        .join(ea, ea.c.event_id == es.c.event_id)
        .outerjoin(act, act.c.id == ea.c.actor_id)
        .where(es.c.fused_id == fe.c.id)
    )
    zones = (
        select(ez.c.zone_id)
        .select_from(es)
        .join(ez, ez.c.event_id == es.c.event_id)
        .where(es.c.fused_id == fe.c.id)
    )
    parts: tuple[Any, ...] = (
        _json_rows(conn, members, REPORT_FIELDS, "published_order", "id_order"),
        _json_rows(conn, links, LINK_FIELDS, "event_order", "role_order", "seq"),
        query._json_list(conn, zones, "zone_id", "zone_id", outer=fe),
    )
    if conn.dialect.name != "postgresql":  # SQLite reads a subquery's JSON as text
        parts = tuple(func.json(part) for part in parts)
    return incidents.add_columns(type_coerce(_json_array(conn)(*parts), JSON).label("gathered"))


def _gathered(packed: list[Any]) -> tuple[list[Row], list[Row], list[str]]:
    """The reports, the actor links and the zones of a row of `_with_facts`."""
    reports, links, zones = packed
    return _unpacked(reports, REPORT_FIELDS), _unpacked(links, LINK_FIELDS), zones


def _unpacked(packed: list[list[Any]], fields: dict[str, Any]) -> list[Row]:
    return [dict(zip(fields, values, strict=True)) for values in packed]


def _facts_of(incident: Row, reports: list[Row], links: list[Row], zones: list[str]) -> Row:
    """What an incident's reports give it: the date's precision, the place's precision,
    actors and recipients (most named first), the zones, how many articles, and the
    sentence that stands for it (a report of the most-reported toll, first published)
    with its article."""
    period = Period.parse(incident["date"])
    named: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for link in links:
        named[(link["event_id"], link["role"])].append(link["name"])
    facts: Row = {
        "date_precision": period.precision if period else None,
        "place_precision": next((r["feature"] for r in reports if r["place"] == incident["place"]), None),
    }
    for role, key in (("actor", "actors"), ("recipient", "recipients")):
        counted = Counter(name for r in reports for name in dict.fromkeys(named[(r["id"], role)]))
        facts[key] = [name for name, _ in counted.most_common()]
    facts["zones"] = sorted(set(zones))
    facts["n_articles"] = len({r["article_id"] for r in reports})
    toll = incident["fatalities_mode"]
    first = next((r for r in reports if toll is not None and r["fatalities"] == toll), reports[0])
    facts["event_id"] = first["id"]
    for key in ("article_id", "sentence", "title", "url", "source", "published"):
        facts[key] = first[key]
    return facts


def _facts(conn: Connection, rows: list[Row]) -> None:
    """Add to each incident of a page what its reports give (``_facts_of``)."""
    found = conn.execute(_with_facts(conn, select(fe.c.id).where(fe.c.id.in_([row["id"] for row in rows]))))
    packed = {fact.id: fact for fact in found}
    for row in rows:
        row.update(_facts_of(row, *_gathered(packed[row["id"]].gathered)))


def every_incident(conn: Connection) -> Iterator[tuple[Row, list[Row], list[Row]]]:
    """Every incident as the listing gives it, latest first, with its reports (in order of
    publication) and their actor links (by report, role and position): one query, read
    `PAGE` rows at a time (for exports of a large store)."""
    listed = _with_facts(conn, _listing(conn, Filters()))
    for part in conn.execution_options(yield_per=PAGE).execute(listed).mappings().partitions():
        for found in part:
            row = dict(found)
            reports, links, zones = _gathered(row.pop("gathered"))
            yield row | _facts_of(row, reports, links, zones), reports, links


def incident(conn: Connection, incident_id: str) -> Row | None:
    """One incident and every report of it (the events' rows with the sentence's offsets in
    its article), in order of publication, then of the text; None when there is no such incident."""
    found = incidents(conn, Filters(ids=[incident_id]), 1, 0)
    if not found:
        return None
    ids = list(conn.scalars(select(es.c.event_id).where(es.c.fused_id == incident_id)))
    every = Filters(ids=ids, include_duplicates=True, status=None)
    reports = query.events(conn, every, None, 0)
    offsets = {
        r.id: (r.start, r.end)
        for r in conn.execute(select(ev.c.id, ev.c.start, ev.c.end).where(ev.c.id.in_(ids)))
    }
    for report in reports:
        report["start"], report["end"] = offsets[report["id"]]
    # one article's reports in the order its text gives them
    reports.sort(key=lambda r: (r["published"] is None, r["published"] or "", r["article_id"], r["start"]))
    return {"incident": found[0], "reports": reports}


def incident_of(conn: Connection, event_id: str) -> str | None:
    """The id of the incident `event_id` reports; None for a report in none (not asserted, or
    of a near-duplicate article)."""
    found: str | None = conn.scalar(select(es.c.fused_id).where(es.c.event_id == event_id))
    return found


def summary(conn: Connection, top: int, incidents_in_store: int) -> dict[str, Any]:
    """(type, incidents, reports) most incidents first, over the latest SUMMARY_SAMPLE
    incidents scaled to `incidents_in_store` (read from the listing index, not from every
    incident), and the latest incidents."""
    latest = select(sp.c.fused_id).order_by(*_LATEST_SPANS).limit(query.SUMMARY_SAMPLE).subquery()
    n = func.count().label("n")
    per_type = conn.execute(
        select(fe.c.type, n, func.sum(fe.c.n_sources).label("reports"))
        .join(latest, latest.c.fused_id == fe.c.id)
        .group_by(fe.c.type)
        .order_by(n.desc(), fe.c.type)
    )
    factor = query.scale(incidents_in_store)
    return {
        "incidents_per_type": [
            (row.type, round(int(row.n) * factor), round(int(row.reports) * factor)) for row in per_type
        ],
        "latest_incidents": incidents(conn, Filters(), top, 0),
    }
