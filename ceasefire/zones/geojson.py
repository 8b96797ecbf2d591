"""Zones from GeoJSON: a FeatureCollection or a single Feature of Polygons or MultiPolygons.

Everything is checked before anything is stored, so a bad file changes nothing; each error
names the feature (its position and its id when it has one) and what is wrong with it.

GeoJSON orders each pair [longitude, latitude]. Pairs written the other way round are caught
by the ranges when a latitude comes out beyond 90; elsewhere by the zone's own name: when no
town it names lies near the outline as written, but one does near the outline read with
the axes swapped, the file has them swapped.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from shapely.affinity import affine_transform
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from ceasefire.model import Zone

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
#: Degrees (about 28 km) within which a town the zone's name gives counts as near its outline.
NAMED_TOWN_DEGREES = 0.25
#: Capitalised words, and runs of them: the place names a zone's name may hold.
_NAME_WORDS = re.compile(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*")


def parse_zones(geojson: Any) -> list[Zone]:
    """The zones of a parsed GeoJSON object; ValueError naming the feature and the problem."""
    if not isinstance(geojson, dict):
        raise ValueError("not GeoJSON: expected a FeatureCollection or a Feature object")
    kind = geojson.get("type")
    if kind == "FeatureCollection":
        features = geojson.get("features")
        if not isinstance(features, list) or not features:
            raise ValueError("the FeatureCollection has no features")
    elif kind == "Feature":
        features = [geojson]
    else:
        raise ValueError(f"not a FeatureCollection or a Feature (type is {kind!r})")
    zones = [_zone(feature, i) for i, feature in enumerate(features, start=1)]
    seen: set[str] = set()
    for zone in zones:
        if zone.id in seen:
            raise ValueError(f"two features have the id {zone.id!r}")
        seen.add(zone.id)
    return zones


def _zone(feature: Any, position: int) -> Zone:
    label = f"feature {position}"
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ValueError(f"{label}: not a GeoJSON Feature")
    props = feature.get("properties")
    if not isinstance(props, dict):
        raise ValueError(f"{label}: no properties (it needs at least id and name)")
    zone_id, name = props.get("id"), props.get("name")
    if not isinstance(zone_id, str) or not zone_id.strip():
        raise ValueError(f"{label}: properties.id must be a non-empty string")
    label = f"feature {position} ({zone_id!r})"
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{label}: properties.name must be a non-empty string")
    start = _iso_date(props.get("start"), f"{label}: properties.start")
    end = _iso_date(props.get("end"), f"{label}: properties.end")
    if start and end and end < start:
        raise ValueError(f"{label}: end {end} is before start {start}")
    geometry = _checked_geometry(feature.get("geometry"), label)
    _check_axis_order(name, shape(geometry), label)
    return Zone(id=zone_id.strip(), name=name.strip(), geometry=geometry, start=start, end=end)


def _iso_date(value: Any, label: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError as err:
        raise ValueError(f"{label} is not an ISO date (YYYY-MM-DD): {value!r}") from err


def _checked_geometry(geometry: Any, label: str) -> dict[str, Any]:
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        found = geometry.get("type") if isinstance(geometry, dict) else geometry
        raise ValueError(f"{label}: the geometry must be a Polygon or MultiPolygon, not {found!r}")
    try:
        polygon = shape(geometry)
    except (ValueError, TypeError, IndexError, AttributeError) as err:
        raise ValueError(f"{label}: malformed {geometry['type']} coordinates ({err})") from err
    if polygon.is_empty:
        raise ValueError(f"{label}: the {geometry['type']} has no area")
    west, south, east, north = polygon.bounds
    # GeoJSON is [longitude, latitude]; a latitude out of range usually means swapped pairs.
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError(f"{label}: coordinates out of range (GeoJSON order is [longitude, latitude])")
    if not polygon.is_valid:
        raise ValueError(f"{label}: invalid outline ({explain_validity(polygon)})")
    return geometry


def _check_axis_order(name: str, polygon: BaseGeometry, label: str) -> None:
    """ValueError when the towns the zone's name gives lie near the outline only with its
    axes swapped; nothing when the name gives no known town (then nothing can tell)."""
    from ceasefire.geo import get_gazetteer  # the gazetteer loads only for zone files

    gazetteer = get_gazetteer()
    names = {run for match in _NAME_WORDS.finditer(name) for run in (match.group(), *match.group().split())}
    towns = [Point(c.lon, c.lat) for n in names for c in gazetteer.lookup(n) if c.feature == "city"]
    if not towns or any(polygon.distance(town) <= NAMED_TOWN_DEGREES for town in towns):
        return
    swapped = affine_transform(polygon, [0, 1, 1, 0, 0, 0])  # x and y exchanged
    if any(swapped.distance(town) <= NAMED_TOWN_DEGREES for town in towns):
        raise ValueError(
            f"{label}: the coordinates look like [latitude, longitude] pairs: the places its name "
            "gives lie there only with the axes swapped (GeoJSON order is [longitude, latitude])"
        )
