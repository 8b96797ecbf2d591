"""Zones from GeoJSON: a FeatureCollection or a single Feature of Polygons or MultiPolygons.

Everything is checked before anything is stored, so a bad file changes nothing; each error
names the feature (its position and its id when it has one) and what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shapely.geometry import shape
from shapely.validation import explain_validity

from ceasefire.model import Zone

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


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
