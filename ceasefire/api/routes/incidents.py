"""Incidents: the listing, the map's GeoJSON, and one incident with every report of it."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ceasefire.api.limits import DEFAULT_GEOJSON_LIMIT, DEFAULT_LIMIT, MAX_COUNTED, MAX_GEOJSON_LIMIT
from ceasefire.api.params import Limit, Offset, bad, event_filters, feature_collection, page
from ceasefire.api.schemas import (
    CountedPage,
    GeoJSONResponse,
    IncidentCollection,
    IncidentDetail,
    IncidentRow,
)
from ceasefire.api.state import StoreDep
from ceasefire.store import INCIDENT_SORTS, Filters, Store

router = APIRouter(prefix="/api", tags=["incidents"])
FiltersDep = Annotated[Filters, Depends(event_filters)]
Sort = Annotated[
    str,
    Query(
        pattern=f"^-?({'|'.join(INCIDENT_SORTS)})$",
        description="date, fatalities (most-reported toll) or reports; -name: highest or latest first.",
    ),
]


def _listed(
    store: Store, filters: Filters, limit: int, offset: int, sort: str = "-date"
) -> list[dict[str, Any]]:
    try:
        return store.incidents(filters, limit=limit, offset=offset, sort=sort)
    except ValueError as err:  # the one filter incidents refuse: a status other than asserted
        raise bad("status", str(err)) from None


@router.get("/incidents", response_model=CountedPage[IncidentRow])
def list_incidents(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    sort: Sort = "-date",
) -> JSONResponse:
    """Incidents (one real-world event each, fused from every asserted report of it), latest
    first (or in `sort` order), with their date range, place and its precision, actors,
    fatality range and most-reported figure, and how many reports and articles, and the
    total over every page (counted as far as the deepest page reaches: `total_exact`);
    filtered like the events, a filter on what was reported (zone, actor, ACLED type, text)
    holding for one report."""
    rows = _listed(store, filters, limit + 1, offset, sort)
    counted = store.count_incidents(filters, at_most=MAX_COUNTED + 1)
    return page(request, rows, limit, offset, min(counted, MAX_COUNTED), total_exact=counted <= MAX_COUNTED)


@router.get("/incidents.geojson", response_model=IncidentCollection, response_class=GeoJSONResponse)
def incidents_geojson(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=MAX_GEOJSON_LIMIT)] = DEFAULT_GEOJSON_LIMIT,
    offset: Offset = 0,
) -> JSONResponse:
    """The located incidents among the filtered ones, as a FeatureCollection of points; `next`
    links on when some were left out."""
    rows = _listed(store, dataclasses.replace(filters, located=True), limit + 1, offset)
    return feature_collection(request, rows, limit, offset)


@router.get("/incidents/{incident_id}", response_model=IncidentDetail)
def get_incident(store: StoreDep, incident_id: str) -> JSONResponse:
    """One incident and every report of it, in order of publication, each with its sentence's
    offsets in its article."""
    found = store.incident(incident_id)
    if found is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return JSONResponse(found)
