"""Events: the listing, the map's GeoJSON, and one event with every report of it."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ceasefire.api.limits import DEFAULT_GEOJSON_LIMIT, DEFAULT_LIMIT, MAX_GEOJSON_LIMIT
from ceasefire.api.params import Limit, Offset, event_filters, page
from ceasefire.api.state import store_of
from ceasefire.store import Store
from ceasefire.store import query as q
from ceasefire.store.export import point_feature

router = APIRouter(prefix="/api", tags=["events"])
StoreDep = Annotated[Store, Depends(store_of)]
FiltersDep = Annotated[q.Filters, Depends(event_filters)]


@router.get("/events")
def list_events(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> JSONResponse:
    """Events, latest first, with actors, place, sentence, source article and zones."""
    rows = q.events(store, filters, limit=limit + 1, offset=offset)
    return page(request, rows, limit, offset)


@router.get("/events.geojson")
def events_geojson(
    store: StoreDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=MAX_GEOJSON_LIMIT)] = DEFAULT_GEOJSON_LIMIT,
    offset: Offset = 0,
) -> JSONResponse:
    """The located events among the filtered ones, as a FeatureCollection of points."""
    rows = q.events(store, dataclasses.replace(filters, located=True), limit=limit, offset=offset)
    collection = {"type": "FeatureCollection", "features": [point_feature(row) for row in rows]}
    return JSONResponse(collection, media_type="application/geo+json")


@router.get("/events/{event_id}")
def get_event(store: StoreDep, event_id: str) -> dict[str, Any]:
    """One event and every report of the same real-world event (itself when unfused)."""
    found = q.events(store, q.Filters(ids=[event_id], include_duplicates=True), limit=1)
    if not found:
        raise HTTPException(404, f"no event {event_id!r}")
    return {"event": found[0], "sources": q.event_sources(store, event_id)}
