"""Zones: their outlines, and the report of one zone over time."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ceasefire.api.params import Since, Until, iso_day
from ceasefire.api.state import store_of
from ceasefire.store import Store
from ceasefire.zones import list_zones, zone_report

router = APIRouter(prefix="/api/zones", tags=["zones"])
StoreDep = Annotated[Store, Depends(store_of)]


@router.get("")
def zones(store: StoreDep) -> JSONResponse:
    """Every zone as a GeoJSON feature (properties id, name, start, end)."""
    features = [
        {
            "type": "Feature",
            "id": zone.id,
            "geometry": zone.geometry,
            "properties": {"id": zone.id, "name": zone.name, "start": zone.start, "end": zone.end},
        }
        for zone in list_zones(store)
    ]
    return JSONResponse(
        {"type": "FeatureCollection", "features": features}, media_type="application/geo+json"
    )


@router.get("/{zone_id}/report")
def report(
    store: StoreDep,
    zone_id: str,
    by: Literal["week", "day"] = "week",
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    """Events, fatalities and violations per period inside the zone."""
    if zone_id not in {zone.id for zone in list_zones(store)}:
        raise HTTPException(404, f"no zone {zone_id!r}")
    entries = zone_report(store, zone_id, by=by, since=iso_day(since, "since"), until=iso_day(until, "until"))
    return entries[0]
