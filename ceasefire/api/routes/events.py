"""Events: the listing, the map's GeoJSON, and one event with every report of it."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ceasefire.api.limits import DEFAULT_GEOJSON_LIMIT, DEFAULT_LIMIT, MAX_GEOJSON_LIMIT
from ceasefire.api.params import Limit, Offset, event_filters, feature_collection, page
from ceasefire.api.schemas import EventCollection, EventDetail, EventRow, GeoJSONResponse, Page
from ceasefire.api.state import StoreDep
from ceasefire.store import Filters

router = APIRouter(prefix="/api", tags=["events"])
FiltersDep = Annotated[Filters, Depends(event_filters)]


@router.get("/events", response_model=Page[EventRow])
def list_events(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> JSONResponse:
    """Events, latest first, with actors, place, sentence, source article and zones; asserted
    ones unless `status` asks for others."""
    rows = store.events(filters, limit=limit + 1, offset=offset)
    return page(request, rows, limit, offset)


@router.get("/events.geojson", response_model=EventCollection, response_class=GeoJSONResponse)
def events_geojson(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=MAX_GEOJSON_LIMIT)] = DEFAULT_GEOJSON_LIMIT,
    offset: Offset = 0,
) -> JSONResponse:
    """The located events among the filtered ones (asserted unless `status` asks for others), as
    a FeatureCollection of points; `next` links on when some were left out."""
    rows = store.events(dataclasses.replace(filters, located=True), limit=limit + 1, offset=offset)
    return feature_collection(request, rows, limit, offset)


@router.get("/events/{event_id}", response_model=EventDetail)
def get_event(store: StoreDep, event_id: str) -> JSONResponse:
    """One event and every report of the same real-world event (itself when unfused)."""
    # any status: a link to a negated or background event shows it, marked as such
    found = store.events(Filters(ids=[event_id], include_duplicates=True, status=None), limit=1)
    if not found:
        raise HTTPException(404, f"no event {event_id!r}")
    return JSONResponse(
        {
            "event": found[0],
            "sources": store.event_sources(event_id),
            "incident_id": store.incident_of(event_id),
        }
    )
