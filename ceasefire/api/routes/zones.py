"""Zones: their outlines, and the report of one zone over time."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ceasefire.api.params import Since, Until, iso_day
from ceasefire.api.schemas import GeoJSONResponse, ZoneCollection, ZoneReport
from ceasefire.api.state import StoreDep
from ceasefire.zones import zone_report

router = APIRouter(prefix="/api/zones", tags=["zones"])


@router.get("", response_model=ZoneCollection, response_class=GeoJSONResponse)
def zones(store: StoreDep) -> GeoJSONResponse:
    """Every zone as a GeoJSON feature (properties id, name, start, end)."""
    features = [
        {
            "type": "Feature",
            "id": zone.id,
            "geometry": zone.geometry,
            "properties": {"id": zone.id, "name": zone.name, "start": zone.start, "end": zone.end},
        }
        for zone in store.zones()
    ]
    return GeoJSONResponse({"type": "FeatureCollection", "features": features})


@router.get("/{zone_id}/report", response_model=ZoneReport)
def report(
    store: StoreDep,
    zone_id: str,
    by: Literal["week", "day"] = "week",
    since: Since = None,
    until: Until = None,
) -> JSONResponse:
    """Events, fatalities and violations per period inside the zone."""
    if not store.zones([zone_id]):
        raise HTTPException(404, f"no zone {zone_id!r}")
    entries = zone_report(store, zone_id, by=by, since=iso_day(since, "since"), until=iso_day(until, "until"))
    return JSONResponse(entries[0])
