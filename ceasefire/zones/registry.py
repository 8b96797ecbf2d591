"""Zones in the store, and which events lie inside each.

An event is inside a zone when its place's point is: inside the outline or on it. A
country-level place stands for the whole country (its point is a centroid), so it is in no
zone; an event without coordinates is in no zone either. ``event_zones`` is derived data:
adding a zone assigns the events to it, and ``assign_events`` recomputes it all, which
ingest does after fusion (replaced articles' events leave with their cascade).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import shapely
from shapely.geometry import shape
from sqlalchemy import Connection, delete, insert, select

from ceasefire.model import Zone
from ceasefire.store import Store
from ceasefire.store.db import reading, writing
from ceasefire.store.schema import event_zones, events, places, zones
from ceasefire.zones.geojson import parse_zones


def add_zones(store: Store, geojson: dict[str, Any]) -> list[Zone]:
    """Store the zones of a FeatureCollection or Feature, replacing any with the same id, and
    assign the events inside them. Invalid input raises ValueError and stores nothing."""
    added = parse_zones(geojson)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with writing(store.engine) as conn:
        # Deleting first cascades to the old zone's event links.
        conn.execute(delete(zones).where(zones.c.id.in_([z.id for z in added])))
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
        _assign(conn, added)
    return added


def list_zones(store: Store) -> list[Zone]:
    """Every stored zone, by id."""
    with reading(store.engine) as conn:
        return load_zones(conn)


def remove_zone(store: Store, zone_id: str) -> bool:
    """Remove a zone (its event links go with it); False when there was no such zone."""
    with writing(store.engine) as conn:
        return conn.execute(delete(zones).where(zones.c.id == zone_id)).rowcount > 0


def assign_events(store: Store) -> int:
    """Recompute which events lie in which zone, for every event and zone; returns the number
    of (event, zone) links."""
    with writing(store.engine) as conn:
        conn.execute(delete(event_zones))
        return _assign(conn, load_zones(conn))


def load_zones(conn: Connection, ids: Sequence[str] | None = None) -> list[Zone]:
    """The stored zones (those of `ids` when given), by id."""
    query = select(zones).order_by(zones.c.id)
    if ids is not None:
        query = query.where(zones.c.id.in_(list(ids)))
    return [
        Zone(id=row.id, name=row.name, geometry=row.geometry, start=row.start, end=row.end)
        for row in conn.execute(query)
    ]


def _assign(conn: Connection, targets: Sequence[Zone]) -> int:
    """Link the located events to each of `targets` that holds them; returns the links made."""
    if not targets:
        return 0
    located = conn.execute(
        select(events.c.id, events.c.lon, events.c.lat)
        .join(places, places.c.id == events.c.place_id)
        .where(events.c.lat.is_not(None), events.c.lon.is_not(None), places.c.feature != "country")
    ).all()
    if not located:
        return 0
    ids = [row.id for row in located]
    lons = [row.lon for row in located]
    lats = [row.lat for row in located]
    links: list[dict[str, str]] = []
    for zone in targets:
        outline = shape(zone.geometry)
        shapely.prepare(outline)  # the point tests below reuse its index
        inside = shapely.intersects_xy(outline, lons, lats)  # a point on the outline counts
        links.extend({"event_id": i, "zone_id": zone.id} for i, hit in zip(ids, inside, strict=True) if hit)
    if links:
        conn.execute(insert(event_zones), links)
    return len(links)
