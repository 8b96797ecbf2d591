"""Queries behind `ceasefire events|quotes|actors|articles` (the Store's read methods run them,
each in one read transaction): filters in, plain dicts out.

Every user value reaches SQL as a bound parameter. Filters that do not apply to a listing
(``near`` for quotes, say) raise ValueError rather than being ignored. Records from articles
marked as duplicates are left out unless ``include_duplicates`` is set, so nothing is
counted twice. Only asserted events are listed or counted unless ``status`` says otherwise:
a negated, planned, hypothetical or background event ("has killed 100,000 since 2011") did
not happen as news, so no default listing, count or map shows it.

Text search: FTS5 on SQLite and tsvector indexes on PostgreSQL (``textsearch.py``): article
title and text, quote text; stemmed, each word must occur. On other databases, and for event
sentences and actor names, every word must occur as a case-insensitive substring (ILIKE).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by

from ceasefire.model import EARTH_RADIUS_KM, EVENT_STATUSES, EventStatus
from ceasefire.store import schema, textsearch
from ceasefire.store.db import DISTANCE_FUNCTION, unindexed

Row = dict[str, Any]
KM_PER_DEGREE = 111.32

#: The listings' and counts' default: what happened.
ASSERTED: tuple[EventStatus, ...] = ("asserted",)


@dataclass(frozen=True)
class Near:
    lat: float
    lon: float
    km: float


@dataclass(frozen=True)
class Filters:
    """The listing filters; None means no filter. Dates are ISO (YYYY-MM-DD)."""

    type: Sequence[str] | None = None  # event type, quote kind or actor kind
    since: str | None = None
    until: str | None = None
    country: str | None = None  # ISO 3166 alpha-3
    actor: str | None = None  # part of a name, or an exact code or store id
    near: Near | None = None
    text: str | None = None
    include_duplicates: bool = False
    ids: Sequence[str] | None = None  # record ids (events, articles): a lookup by id
    located: bool = False  # events with coordinates only (a map has nothing to draw otherwise)
    zone: str | None = None  # events inside this zone (ceasefire.zones), by zone id
    # event statuses to list or count; None: every status. Not None by default: only what
    # happened is counted unless a caller asks for more
    status: Sequence[str] | None = ASSERTED
    acled_type: Sequence[str] | None = None  # ACLED event types or sub-event types, as spelled


a, ac, act, pl, men, q, ev, ea = (
    schema.articles,
    schema.article_countries,
    schema.actors,
    schema.places,
    schema.mentions,
    schema.quotes,
    schema.events,
    schema.event_actors,
)
ez = schema.event_zones


def parse_near(value: str) -> Near:
    """`36.58,37.04,25` → Near(36.58, 37.04, 25); ValueError naming the problem otherwise."""
    try:
        lat, lon, km = (float(part) for part in value.split(","))
    except ValueError as err:
        raise ValueError(f"{value!r}: write LAT,LON,KM (e.g. 36.59,37.05,25)") from err
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km < math.inf):
        raise ValueError(f"{value!r}: latitude, longitude or distance out of range")
    return Near(lat, lon, km)


def parse_statuses(values: Sequence[str]) -> tuple[str, ...] | None:
    """`--status` / `status=` values to a status filter: each value one status or several
    separated by commas; `all` for every status (None); nothing given: asserted only.
    ValueError naming an unknown status."""
    wanted = [part.strip().lower() for value in values for part in value.split(",") if part.strip()]
    if "all" in wanted:
        return None
    unknown = [status for status in wanted if status not in EVENT_STATUSES]
    if unknown:
        raise ValueError(f"unknown status {unknown[0]!r} (one of {', '.join(EVENT_STATUSES)}, or all)")
    return tuple(dict.fromkeys(wanted)) or ASSERTED


_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Filters)}


def _check(filters: Filters, unsupported: Iterable[str], listing: str) -> None:
    for name in unsupported:
        value = getattr(filters, name)
        value = tuple(value) if isinstance(value, list) else value
        # the status filter's default is asserted: only a value other than it is a filter given
        if value not in (None, (), False) and value != _DEFAULTS[name]:
            raise ValueError(f"the {name} filter does not apply to {listing}")


def _status_is(filters: Filters) -> list[ColumnElement[bool]]:
    if filters.status is None:
        return []
    if len(filters.status) == 1:  # an equality, not IN: plainer for the planner
        return [ev.c.status == filters.status[0]]
    return [ev.c.status.in_(list(filters.status))]


# ---------------------------------------------------------------- conditions


def _words(value: str) -> list[str]:
    return value.split()


def _fts_query(value: str) -> str:
    """Each word as an FTS5 phrase: user text never reaches FTS5 as syntax."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in _words(value))


def _containing(value: str) -> str:
    """An ILIKE pattern (escape character backslash) for `value` anywhere: its own % and _
    are literal characters, not wildcards."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", value) + "%"


def _ilike_all(column: Any, value: str) -> ColumnElement[bool]:
    return and_(true(), *(column.ilike(_containing(w), escape="\\") for w in _words(value)))


def _fts_match(
    conn: Connection, fts_table: str, pk: ColumnElement[Any], columns: Sequence[Any], value: str
) -> ColumnElement[bool]:
    if not _words(value):
        return true()  # a text of blanks asks for no word (FTS5 refuses an empty query)
    if conn.dialect.name == "postgresql":
        return textsearch.matches(fts_table, value)
    if conn.dialect.name != "sqlite":
        return or_(*(_ilike_all(c, value) for c in columns))
    # The table name is one of ours, never user text; the query is a bound parameter.
    matched = text(f"SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH :match")
    return pk.in_(matched.bindparams(match=_fts_query(value)).columns(rowid=Integer))


def _actor_matches(value: str) -> ColumnElement[bool]:
    return or_(
        act.c.name.ilike(_containing(value), escape="\\"), act.c.code == value.upper(), act.c.id == value
    )


def _published_between(filters: Filters) -> list[ColumnElement[bool]]:
    day = func.substr(a.c.published, 1, 10)
    conds = []
    if filters.since:
        conds.append(day >= filters.since)
    if filters.until:
        conds.append(day <= filters.until)
    return conds


def _not_duplicate(filters: Filters) -> list[ColumnElement[bool]]:
    # Not `duplicate_of IS NULL`: that form is indexed, so SQLite would start from every
    # original article and sort all their records instead of reading a page in listing order.
    return [] if filters.include_duplicates else [func.coalesce(a.c.duplicate_of, "") == ""]


def _box(near: Near, lat_col: Any, lon_col: Any) -> ColumnElement[bool]:
    """A latitude/longitude box around the circle (indexable); exact distance comes after."""
    dlat = near.km / KM_PER_DEGREE
    conds: list[ColumnElement[bool]] = [lat_col.between(near.lat - dlat, near.lat + dlat)]
    cos = math.cos(math.radians(near.lat))
    dlon = 360.0 if cos < 1e-9 else near.km / (KM_PER_DEGREE * cos)
    low, high = near.lon - dlon, near.lon + dlon
    if high - low >= 360:
        conds.append(lon_col.is_not(None))
    elif low < -180:  # the box crosses the antimeridian
        conds.append(or_(lon_col >= low + 360, lon_col <= high))
    elif high > 180:
        conds.append(or_(lon_col >= low, lon_col <= high - 360))
    else:
        conds.append(lon_col.between(low, high))
    return and_(*conds)


#: A box holding at least this many located records is crowded: a page of it is read in the
#: listing's order, each record's point checked, rather than sorted from every record in the box.
CROWDED = 5_000


def near_latitude(
    conn: Connection, near: Near, lat: ColumnElement[Any], lon: ColumnElement[Any]
) -> ColumnElement[Any]:
    """The latitude column a listing filtered by `near` should test: as it is when the box is
    sparse (the box's index finds the few candidates, which are sorted), in a form read by no
    index when it is crowded (the listing index gives a page in order; a city's box may hold a
    tenth of the store). One probe of the box's index, at most CROWDED entries."""
    probe = select(lat).where(_box(near, lat, lon)).limit(CROWDED).subquery()
    crowded = int(conn.scalar(select(func.count()).select_from(probe)) or 0) >= CROWDED
    return unindexed(conn, lat) if crowded else lat


def distance(conn: Connection, near: Near, lat: Any, lon: Any) -> ColumnElement[float]:
    """The great-circle distance in km from the point of `near` to (lat, lon), in SQL: on
    SQLite the registered function (ceasefire.model.distance_km, as Python measures), the
    haversine formula elsewhere."""
    if conn.dialect.name == "sqlite":
        measured: ColumnElement[float] = getattr(func, DISTANCE_FUNCTION)(near.lat, near.lon, lat, lon)
        return measured
    phi, origin = func.radians(lat), math.radians(near.lat)
    half_dphi = func.sin((phi - origin) / 2)
    half_dlambda = func.sin(func.radians(lon - near.lon) / 2)
    a_ = half_dphi * half_dphi + math.cos(origin) * func.cos(phi) * half_dlambda * half_dlambda
    return 2 * EARTH_RADIUS_KM * func.asin(func.least(1.0, func.sqrt(a_)))


def _rounded_km(rows: list[Row]) -> list[Row]:
    for row in rows:
        row["distance_km"] = round(row["distance_km"], 3)
    return rows


def _page(conn: Connection, query: Select[Any], limit: int | None, offset: int) -> list[Row]:
    """Run a listing, a page of it."""
    query = query.limit(limit).offset(offset)
    return [dict(row) for row in conn.execute(query).mappings()]


def actor_name() -> ColumnElement[Any]:
    """The name of an actor link's actor (over event_actors outer-joined to actors): an actor
    without a row is named by its id."""
    return func.coalesce(act.c.name, ea.c.actor_id).label("name")


def _link_names() -> Select[Any]:
    """(event_id, role, name, seq) of every actor link (`actor_name`)."""
    links = select(ea.c.event_id, ea.c.role, actor_name(), ea.c.seq).select_from(ea)
    return links.outerjoin(act, act.c.id == ea.c.actor_id)


def named_actors(conn: Connection, event_ids: Sequence[str]) -> defaultdict[tuple[str, str], list[str]]:
    """(event id, role) -> the names of that event's actors or recipients, in their order."""
    named: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    found = _link_names().where(ea.c.event_id.in_(list(event_ids)))
    for link in conn.execute(found.order_by(ea.c.event_id, ea.c.role, ea.c.seq)):
        named[(link.event_id, link.role)].append(link.name)
    return named


# ---------------------------------------------------------------- listings


def reported(filters: Filters) -> list[ColumnElement[bool]]:
    """The filters on what an event row reports (its ACLED type, its zone, its actors): the
    events listing applies them to each event, the incidents listing to one of its reports."""
    conds = []
    if filters.acled_type:
        wanted = list(filters.acled_type)
        conds.append(or_(ev.c.acled_event_type.in_(wanted), ev.c.acled_sub_event_type.in_(wanted)))
    if filters.zone:
        conds.append(
            exists(select(ez.c.event_id).where(ez.c.event_id == ev.c.id, ez.c.zone_id == filters.zone))
        )
    if filters.actor:
        conds.append(
            exists(
                select(ea.c.event_id)
                .join(act, act.c.id == ea.c.actor_id)
                .where(ea.c.event_id == ev.c.id, _actor_matches(filters.actor))
            )
        )
    return conds


def what_when_where(
    filters: Filters,
    type_: ColumnElement[Any],
    date_from: ColumnElement[Any],
    date_to: ColumnElement[Any],
    country: ColumnElement[Any],
    lat: ColumnElement[Any],
    lon: ColumnElement[Any],
    undated: ColumnElement[bool],
) -> list[ColumnElement[bool]]:
    """The conditions on a record's own type, period, country and point, for the events and
    the incidents listings alike (each passes its own columns; `undated` leads their
    listing index, date_from following it)."""
    conds: list[ColumnElement[bool]] = []
    if filters.type:
        conds.append(type_.in_([t.upper() for t in filters.type]))
    if filters.since:
        conds.append(date_to >= filters.since)
    if filters.until:
        # `undated` named with both its values lets the index seek to `until` in each half
        # of the listing instead of reading every later record first
        conds += [date_from <= filters.until, undated.in_([False, True])]
    if filters.country:
        conds.append(country == filters.country.upper())
    if filters.located:
        conds.append(lat.is_not(None) & lon.is_not(None))
    if filters.near:
        conds.append(_box(filters.near, lat, lon))
    return conds


# Events the text dates come first; undated ones sit at their article's date. The order of
# the listing indexes (schema.LISTING_INDEXES): a page is read from one, not sorted.
_LATEST_FIRST = (ev.c.date.is_(None), ev.c.date_from.desc(), ev.c.id)


def events(conn: Connection, filters: Filters, limit: int | None, offset: int) -> list[Row]:
    """Events, latest first (dated before undated), with actor names, place, sentence and
    source article."""
    conds = _not_duplicate(filters) + _status_is(filters)
    if filters.ids:
        conds.append(ev.c.id.in_(list(filters.ids)))
    conds += reported(filters)
    near = filters.near
    lat = near_latitude(conn, near, ev.c.lat, ev.c.lon) if near else ev.c.lat
    conds += what_when_where(
        filters, ev.c.type, ev.c.date_from, ev.c.date_to, ev.c.country, lat, ev.c.lon, ev.c.date.is_(None)
    )
    query = _event_rows().order_by(*_LATEST_FIRST)
    if filters.text:
        conds.append(_ilike_all(ev.c.sentence, filters.text))
        # the article index prunes before the sentences are scanned
        conds.append(_fts_match(conn, "articles_fts", a.c.pk, [a.c.text], filters.text))
    if near:  # inside the circle, in the listing's order, each with its distance
        km = distance(conn, near, ev.c.lat, ev.c.lon)
        conds.append(km <= near.km)
        query = query.add_columns(km.label("distance_km"))
    rows = _page(conn, query.where(*conds), limit, offset)
    if near:
        _rounded_km(rows)
    return _with_links(conn, rows)


def _event_rows() -> Select[Any]:
    """An event as the listings give it, with its place's name and its article."""
    return (
        select(
            ev.c.id,
            ev.c.article_id,
            ev.c.type,
            ev.c.mode,
            ev.c.cameo,
            ev.c.date,
            ev.c.date_precision,
            pl.c.name.label("place"),
            ev.c.lat,
            ev.c.lon,
            ev.c.country,
            ev.c.fatalities,
            ev.c.injured,
            ev.c.trigger,
            ev.c.status,
            ev.c.confidence,
            ev.c.acled_event_type,
            ev.c.acled_sub_event_type,
            ev.c.civilian_targeting,
            ev.c.sentence,
            a.c.title,
            a.c.url,
            a.c.source,
            a.c.published,
        )
        .join(a, a.c.id == ev.c.article_id)
        .outerjoin(pl, pl.c.id == ev.c.place_id)
    )


def _with_links(conn: Connection, rows: list[Row]) -> list[Row]:
    """Add to each event its actors' and recipients' names (in order) and its zones."""
    ids = [row["id"] for row in rows]
    named = named_actors(conn, ids)
    in_zones: defaultdict[str, list[str]] = defaultdict(list)
    zones = select(ez.c.event_id, ez.c.zone_id).where(ez.c.event_id.in_(ids))
    for event_id, zone_id in conn.execute(zones.order_by(ez.c.event_id, ez.c.zone_id)):
        in_zones[event_id].append(zone_id)
    for row in rows:
        row["actors"] = named[(row["id"], "actor")]
        row["recipients"] = named[(row["id"], "recipient")]
        row["zones"] = in_zones[row["id"]]
    return rows


def event_features(conn: Connection) -> Select[Any]:
    """Every located event of every article, whatever its status, in id order, each as the
    text of a GeoJSON Point feature whose properties are the listing's fields: built by the
    database's JSON functions (SQLite's json_object, PostgreSQL's json_build_object), so an
    export of any size only writes the lines it reads."""
    postgres = conn.dialect.name == "postgresql"

    def build(*pairs: tuple[str, Any]) -> ColumnElement[Any]:
        make = func.json_build_object if postgres else func.json_object
        return make(*(part for key, value in pairs for part in (literal(key, String), value)))

    def names(role: str) -> ColumnElement[Any]:
        links = _link_names().where(ea.c.event_id == ev.c.id, ea.c.role == role)
        return _json_list(conn, links, "name", "seq")

    fields: list[tuple[str, Any]] = []
    for column in _event_rows().selected_columns:
        value: Any = column
        if column.key == "civilian_targeting" and not postgres:  # SQLite keeps booleans as 0 and 1
            value = case((column.is_(None), None), (column == 1, func.json("true")), else_=func.json("false"))
        if column.key not in ("lat", "lon"):
            fields.append((str(column.key), value))
    zones = select(ez.c.zone_id).where(ez.c.event_id == ev.c.id)
    fields += [
        ("actors", names("actor")),
        ("recipients", names("recipient")),
        ("zones", _json_list(conn, zones, "zone_id", "zone_id")),
    ]
    pair = (func.json_build_array if postgres else func.json_array)(ev.c.lon, ev.c.lat)
    point = build(("type", literal("Point", String)), ("coordinates", pair))
    feature = build(("type", literal("Feature", String)), ("geometry", point), ("properties", build(*fields)))
    return (
        _event_rows()
        .with_only_columns(cast(feature, String).label("feature"))
        .where(ev.c.lat.is_not(None), ev.c.lon.is_not(None))
        .order_by(ev.c.id)
    )


def _json_list(
    conn: Connection, rows: Select[Any], value: str, *order: str, outer: Any = ev, nested: bool = False
) -> ColumnElement[Any]:
    """The `value` column of `rows` (the links of a row of `outer`) as a JSON array in the
    order of the `order` columns of `rows` ("-name": highest first): an empty array for no row.
    `nested`: the values are JSON themselves (SQLite reads them from the subquery as text)."""

    def key(name: str, columns: Any) -> ColumnElement[Any]:
        column: ColumnElement[Any] = columns[name.removeprefix("-")]
        return column.desc() if name.startswith("-") else column

    if conn.dialect.name == "postgresql":
        listed = rows.correlate(outer).subquery()
        agg = func.json_agg(aggregate_order_by(listed.c[value], *(key(k, listed.c) for k in order)))
        return select(func.coalesce(agg, literal_column("'[]'::json"))).scalar_subquery()
    # SQLite aggregates the rows of an ordered subquery in their order (it has no ORDER BY in
    # an aggregate before 3.44); the subquery refers to the outer row explicitly
    ordered = rows.order_by(*(key(k, rows.selected_columns) for k in order)).correlate(outer).subquery()
    item = func.json(ordered.c[value]) if nested else ordered.c[value]
    return select(func.json_group_array(item)).scalar_subquery()


def event_sources(conn: Connection, event_id: str) -> list[Row]:
    """Every report of the real-world event that `event_id` reports: the members of its fused
    event, or the event alone when nothing was fused with it; in order of publication."""
    fused = schema.event_sources
    siblings = select(fused.c.event_id).where(
        fused.c.fused_id.in_(select(fused.c.fused_id).where(fused.c.event_id == event_id))
    )
    query = (
        select(
            ev.c.article_id,
            a.c.title,
            a.c.url,
            a.c.published,
            a.c.source,
            ev.c.sentence,
            ev.c.start,
            ev.c.end,
            ev.c.id.label("event_id"),
        )
        .join(a, a.c.id == ev.c.article_id)
        .where(or_(ev.c.id == event_id, ev.c.id.in_(siblings)))
        .order_by(a.c.published, ev.c.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def _actor_conditions(filters: Filters, kind: Any) -> list[ColumnElement[bool]]:
    """The filters quotes and actors share: dates, a kind column, the actor's country and name."""
    conds = _not_duplicate(filters) + _published_between(filters)
    if filters.type:
        conds.append(kind.in_([t.lower() for t in filters.type]))
    if filters.country:
        conds.append(act.c.country == filters.country.upper())
    if filters.actor:
        conds.append(_actor_matches(filters.actor))
    return conds


def quotes(conn: Connection, filters: Filters, limit: int | None, offset: int) -> list[Row]:
    """Quotes, latest article first, with the speaker's name and country."""
    _check(filters, ["near", "ids", "located", "zone", "status", "acled_type"], "quotes")
    conds = _actor_conditions(filters, q.c.kind)
    query = (
        select(
            q.c.id,
            q.c.article_id,
            q.c.local_id,
            q.c.text,
            q.c.kind,
            q.c.cue,
            act.c.name.label("speaker"),
            act.c.country.label("speaker_country"),
            q.c.speaker_text,
            a.c.title,
            a.c.url,
            a.c.source,
            a.c.published,
        )
        # the articles in their listing order, each one's quotes looked up: a page is read
        # from ix_articles_listing, not sorted from every quote
        .join(a, unindexed(conn, a.c.id) == q.c.article_id)
        .outerjoin(act, act.c.id == q.c.speaker_id)
        .order_by(a.c.published.desc(), a.c.id, q.c.seq)
    )
    if filters.text:
        conds.append(_fts_match(conn, "quotes_fts", q.c.pk, [q.c.text], filters.text))
    return _page(conn, query.where(*conds), limit, offset)


def actors(conn: Connection, filters: Filters, limit: int | None, offset: int) -> list[Row]:
    """Actors merged by name, kind, country and sector, most mentioned first."""
    _check(filters, ["near", "ids", "located", "zone", "status", "acled_type"], "actors")
    if not (filters.since or filters.until or filters.actor or filters.include_duplicates):
        return _merged_actors(conn, filters, limit, offset)
    conds = _actor_conditions(filters, act.c.kind)
    if filters.text:
        conds.append(_ilike_all(act.c.name, filters.text))
    per_actor = (
        select(men.c.entity_id, func.count().label("n"))
        .where(men.c.kind == "actor")
        .group_by(men.c.entity_id)
        .subquery()
    )
    n_mentions = func.sum(func.coalesce(per_actor.c.n, 0)).label("mentions")
    group = (act.c.name, act.c.kind, act.c.country, act.c.sector, act.c.code)
    query = (
        select(
            *group,
            func.count(func.distinct(act.c.article_id)).label("articles"),
            n_mentions,
            func.min(a.c.published).label("first_seen"),
            func.max(a.c.published).label("last_seen"),
        )
        .join(a, a.c.id == act.c.article_id)
        .outerjoin(per_actor, per_actor.c.entity_id == act.c.id)
        .where(*conds)
        .group_by(*group)
        .order_by(n_mentions.desc(), act.c.name)
    )
    return _page(conn, query, limit, offset)


def _merged_actors(conn: Connection, filters: Filters, limit: int | None, offset: int) -> list[Row]:
    """The actors listing from the merged actors' table (actor_names.py keeps it counted): a
    page of it in ix_actor_names_listing's order, no mention counted at query time."""
    names = schema.actor_names
    conds: list[ColumnElement[bool]] = []
    if filters.type:
        conds.append(names.c.kind.in_([t.lower() for t in filters.type]))
    if filters.country:
        conds.append(names.c.country == filters.country.upper())
    if filters.text:
        conds.append(_ilike_all(names.c.name, filters.text))
    query = (
        select(*(names.c[c] for c in ("name", "kind", "country", "sector", "code", "articles", "mentions")))
        .add_columns(names.c.first_seen, names.c.last_seen)
        .where(*conds)
        .order_by(names.c.mentions.desc(), names.c.name, names.c.key)
    )
    return _page(conn, query, limit, offset)


def articles(conn: Connection, filters: Filters, limit: int | None, offset: int) -> list[Row]:
    """Articles, latest first, with how many records each gave (events: of the statuses of
    the filter, asserted by default)."""
    _check(filters, ["type", "located", "zone", "acled_type"], "articles")
    conds = _not_duplicate(filters) + _published_between(filters)
    if filters.ids:
        conds.append(a.c.id.in_(list(filters.ids)))
    if filters.country:
        conds.append(
            exists(
                select(ac.c.article_id).where(
                    ac.c.article_id == a.c.id, ac.c.country == filters.country.upper()
                )
            )
        )
    if filters.actor:
        conds.append(
            exists(select(act.c.id).where(act.c.article_id == a.c.id, _actor_matches(filters.actor)))
        )

    def count(table: Any, *only: ColumnElement[bool]) -> Any:
        return (
            select(func.count())
            .where(table.c.article_id == a.c.id, *only)
            .scalar_subquery()
            .label(f"n_{table.name}")
        )

    query = select(
        a.c.id,
        a.c.title,
        a.c.url,
        a.c.source,
        a.c.published,
        a.c.language,
        a.c.origin,
        a.c.ingested_at,
        a.c.duplicate_of,
        count(act),
        count(pl),
        count(q),
        count(ev, *_status_is(filters)),
    ).order_by(a.c.published.desc(), a.c.id)
    if filters.text:
        conds.append(_fts_match(conn, "articles_fts", a.c.pk, [a.c.title, a.c.text], filters.text))
    if filters.near:  # an article with a place inside the circle; the distance of its nearest
        km = distance(conn, filters.near, pl.c.lat, pl.c.lon)
        inside = and_(
            pl.c.article_id == a.c.id, _box(filters.near, pl.c.lat, pl.c.lon), km <= filters.near.km
        )
        nearest = select(func.min(km)).where(inside).scalar_subquery()
        conds.append(exists(select(pl.c.id).where(inside)))
        query = query.add_columns(nearest.label("distance_km"))
    rows = _page(conn, query.where(*conds), limit, offset)
    return _rounded_km(rows) if filters.near else rows


# ---------------------------------------------------------------- summaries


#: How many rows a summary counts exactly, and how many of the latest events and incidents
#: it counts its shares (per status, per type) from in a larger store.
SUMMARY_SAMPLE = 10_000


def _estimate(conn: Connection, table: Any) -> int | None:
    """About how many rows `table` holds, read without counting them: on SQLite the highest
    row id (an upper bound: deleted rows leave gaps), on PostgreSQL the planner's estimate
    (None until the table has been analysed); None elsewhere."""
    if conn.dialect.name == "sqlite":
        return int(conn.scalar(select(func.max(literal_column("rowid"))).select_from(table)) or 0)
    if conn.dialect.name == "postgresql":
        found = conn.scalar(
            text("SELECT reltuples FROM pg_class WHERE oid = CAST(:name AS regclass)"), {"name": table.name}
        )
        if found is not None and found >= 0:
            return int(found)
    return None


def _count(conn: Connection, table: Any) -> int:
    return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def article_estimate(conn: Connection) -> int:
    """About how many articles the store holds, read without counting them (`_estimate`);
    an exact count where there is no estimate."""
    found = _estimate(conn, a)
    return _count(conn, a) if found is None else found


def estimated_counts(conn: Connection) -> tuple[dict[str, int], bool]:
    """Rows per table, counted exactly where the estimate (`_estimate`) is at most
    SUMMARY_SAMPLE, else that estimate; and whether any is an estimate."""
    found, estimated = {}, False
    for table in schema.DATA_TABLES:
        guess = _estimate(conn, table)
        if guess is None or guess <= SUMMARY_SAMPLE:
            found[table.name] = _count(conn, table)
        else:
            found[table.name], estimated = guess, True
    return found, estimated


def counts(conn: Connection) -> dict[str, int]:
    """Rows per table."""
    return {table.name: _count(conn, table) for table in schema.DATA_TABLES}


def events_per_type(conn: Connection, filters: Filters, *only: ColumnElement[bool]) -> list[tuple[str, int]]:
    """(PLOVER type, events) of the filter's statuses (asserted by default) for the
    non-duplicate articles (those meeting `only` too), most frequent first."""
    n = func.count().label("n")
    query = (
        select(ev.c.type, n)
        .join(a, a.c.id == ev.c.article_id)
        .where(*_not_duplicate(filters), *_status_is(filters), *only)
        .group_by(ev.c.type)
        .order_by(n.desc(), ev.c.type)
    )
    return [(row.type, int(row.n)) for row in conn.execute(query)]


def events_per_status(
    conn: Connection, filters: Filters, *only: ColumnElement[bool]
) -> list[tuple[str, int]]:
    """(status, events) for the non-duplicate articles (those meeting `only` too), in the
    order of EVENT_STATUSES (any other status after them)."""
    query = (
        select(ev.c.status, func.count().label("n"))
        .join(a, a.c.id == ev.c.article_id)
        .where(*_not_duplicate(filters), *only)
        .group_by(ev.c.status)
    )
    found = {row.status: int(row.n) for row in conn.execute(query)}
    order = [*EVENT_STATUSES, *sorted(set(found) - set(EVENT_STATUSES))]
    return [(status, found[status]) for status in order if status in found]


def _latest_events() -> Any:
    """The ids of the latest SUMMARY_SAMPLE events (read from the listing index)."""
    return select(ev.c.id).order_by(*_LATEST_FIRST).limit(SUMMARY_SAMPLE)


def scale(rows: int) -> float:
    """What a count over the latest SUMMARY_SAMPLE rows is multiplied by for a table of `rows`."""
    return rows / SUMMARY_SAMPLE if rows > SUMMARY_SAMPLE else 1.0


def _scaled(counted: list[tuple[str, int]], factor: float) -> list[tuple[str, int]]:
    return [(key, round(n * factor)) for key, n in counted]


def summary(conn: Connection, top: int) -> dict[str, Any]:
    """What `make run` prints after an ingest: counts (rows per table), top actors, events per
    status, the asserted events per type and the latest asserted events. Nothing reads the
    whole store: counts past SUMMARY_SAMPLE rows are estimates (`estimated_counts`), and the
    events per status and type are those of the latest SUMMARY_SAMPLE events, scaled to the
    estimated number of events (``estimated`` says whether any figure is an estimate)."""
    counts, estimated = estimated_counts(conn)
    latest = ev.c.id.in_(_latest_events())
    factor = scale(counts["events"])
    return {
        "counts": counts,
        "estimated": estimated,
        "sample": SUMMARY_SAMPLE,
        "top_actors": actors(conn, Filters(), top, 0),
        "events_per_status": _scaled(events_per_status(conn, Filters(), latest), factor),
        "events_per_type": _scaled(events_per_type(conn, Filters(), latest), factor),
        "latest_events": events(conn, Filters(), top, 0),
    }
