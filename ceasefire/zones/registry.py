"""Which events lie inside each zone.

An event is inside a zone when its place's point is: inside the outline or on it. A
country-level place stands for the whole country (its point is a centroid), so it is in no
zone; an event without coordinates is in no zone either. ``event_zones`` is derived data:
adding a zone assigns the events to it, and ``assign_events`` recomputes it all, which
ingest does after fusion (replaced articles' events leave with their cascade).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import shapely
from shapely.geometry import shape

from ceasefire.model import Zone
from ceasefire.store import EventPoint, Store, ZoneLink
from ceasefire.zones.geojson import parse_zones


def add_zones(store: Store, geojson: dict[str, Any]) -> list[Zone]:
    """Store the zones of a FeatureCollection or Feature, replacing any with the same id, and
    assign the events inside them. Invalid input raises ValueError and stores nothing."""
    added = parse_zones(geojson)
    store.save_zones(added, events_inside)
    return added


def assign_events(store: Store) -> int:
    """Recompute which events lie in which zone, for every event and zone; returns the number
    of (event, zone) links."""
    return store.relink_zones(events_inside)


def assign_new_events(store: Store, article_ids: Sequence[str]) -> int:
    """Place the events of these (new) articles in the zones; returns the links made."""
    return store.link_zones(article_ids, events_inside)


def events_inside(zones: Sequence[Zone], points: Sequence[EventPoint]) -> list[ZoneLink]:
    """Each (event, zone) where the event's point lies inside the zone or on its outline."""
    lons = [p.lon for p in points]
    lats = [p.lat for p in points]
    links: list[ZoneLink] = []
    for zone in zones:
        outline = shape(zone.geometry)
        shapely.prepare(outline)  # the point tests below reuse its index
        inside = shapely.intersects_xy(outline, lons, lats)  # a point on the outline counts
        links.extend(ZoneLink(p.event_id, zone.id) for p, hit in zip(points, inside, strict=True) if hit)
    return links
