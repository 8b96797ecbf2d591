"""Query parameters in, store filters out; and the page wrapper with its `next` link.

Values are checked here (400 with a message naming the parameter) and reach SQL only as
bound parameters through the store's queries.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ceasefire.api.limits import MAX_LIMIT, MAX_NEAR_KM, MAX_OFFSET, MAX_PAGE_BYTES
from ceasefire.api.schemas import GeoJSONResponse
from ceasefire.model import PLOVER_TYPES
from ceasefire.store import Filters, Near, parse_near, parse_statuses, point_feature

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
Since = Annotated[str | None, Query(description="From this date (YYYY-MM-DD).")]
Until = Annotated[str | None, Query(description="Up to this date (YYYY-MM-DD).")]
Country = Annotated[str | None, Query(description="ISO 3166 alpha-3 code.")]
Text = Annotated[str | None, Query(max_length=500, description="Words that must all appear.")]


def bad(parameter: str, message: str) -> HTTPException:
    return HTTPException(400, f"{parameter}: {message}")


def iso_day(value: str | None, parameter: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise bad(parameter, f"not a date: {value!r} (write YYYY-MM-DD)") from None


def country_code(value: str | None) -> str | None:
    if value is None:
        return None
    if not re.fullmatch(r"[A-Za-z]{3}", value):
        raise bad("country", f"{value!r} is not an ISO 3166 alpha-3 code (e.g. SYR)")
    return value.upper()


def near_point(value: str | None) -> Near | None:
    if value is None:
        return None
    try:
        near = parse_near(value)
    except ValueError as err:
        raise bad("near", str(err)) from None
    if near.km > MAX_NEAR_KM:
        raise bad("near", f"a radius of {near.km:g} km is too wide (at most {MAX_NEAR_KM} km)")
    return near


def event_types(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    types = [v.upper() for v in values]
    unknown = [t for t in types if t not in PLOVER_TYPES]
    if unknown:
        raise bad("type", f"unknown PLOVER type {unknown[0]!r} (one of {', '.join(PLOVER_TYPES)})")
    return types


def event_statuses(values: list[str] | None) -> tuple[str, ...] | None:
    try:
        return parse_statuses(values or [])
    except ValueError as err:
        raise bad("status", str(err)) from None


def event_filters(
    type: Annotated[list[str] | None, Query(description="PLOVER type; repeat for several.")] = None,
    status: Annotated[
        list[str] | None,
        Query(
            description="asserted (the default: what happened), negated, hypothetical, planned, "
            "background; repeat or separate with commas for several; `all` for every status."
        ),
    ] = None,
    acled_type: Annotated[
        list[str] | None,
        Query(
            description="An ACLED event type or sub-event type, spelled as ACLED does; repeat for several."
        ),
    ] = None,
    since: Since = None,
    until: Until = None,
    country: Country = None,
    actor: Annotated[str | None, Query(description="Part of an actor's name, or its code.")] = None,
    near: Annotated[
        str | None, Query(description=f"LAT,LON,KM: within KM of a point (KM at most {MAX_NEAR_KM}).")
    ] = None,
    text: Text = None,
    zone: Annotated[str | None, Query(description="A zone id: events inside it.")] = None,
) -> Filters:
    """A dependency: the event filters shared by /api/events and /api/events.geojson."""
    return Filters(
        type=event_types(type),
        since=iso_day(since, "since"),
        until=iso_day(until, "until"),
        country=country_code(country),
        actor=actor,
        near=near_point(near),
        text=text,
        zone=zone,
        status=event_statuses(status),
        acled_type=acled_type or None,
    )


def _within_budget(rows: list[dict[str, Any]], limit: int) -> int:
    """How many of the first `limit` rows fit in MAX_PAGE_BYTES (at least one)."""
    kept, size = 0, 0
    for row in rows[:limit]:
        size += len(json.dumps(row, ensure_ascii=False).encode())
        if kept and size > MAX_PAGE_BYTES:
            break
        kept += 1
    return kept


def _next_link(
    request: Request, rows: list[dict[str, Any]], kept: int, limit: int, offset: int
) -> str | None:
    """This request's own link (every filter kept) with the offset moved past the kept rows,
    when rows were left out; else None."""
    if len(rows) <= kept:
        return None
    url = request.url.include_query_params(limit=limit, offset=offset + kept)
    return f"{url.path}?{url.query}"


def page(
    request: Request,
    rows: list[dict[str, Any]],
    limit: int,
    offset: int,
    total: int | None = None,
    total_exact: bool = True,
) -> JSONResponse:
    """The listing wrapper. `rows` was fetched with limit + 1: one more row means a next page,
    whose link is this request's own (every filter kept) with the offset moved on. A page
    also ends before MAX_PAGE_BYTES of rows (keeping at least one row): `next` goes on from
    the first row left out.

    A JSONResponse, not a dict: the rows are plain JSON already, and FastAPI's generic
    encoder would take ten times as long as json.dumps over them."""
    kept = _within_budget(rows, limit)
    following = _next_link(request, rows, kept, limit, offset)
    body = {"items": rows[:kept], "limit": limit, "offset": offset, "next": following}
    if total is not None:  # a listing that counts its rows says how many there are in all
        body["total"], body["total_exact"] = total, total_exact
    return JSONResponse(body)


def feature_collection(request: Request, rows: list[dict[str, Any]], limit: int, offset: int) -> JSONResponse:
    """A map's points, bounded as a page is: `rows` fetched with limit + 1, the features ending
    at `limit` or before MAX_PAGE_BYTES, and `next` (a GeoJSON foreign member) linking on."""
    features = [point_feature(row) for row in rows]
    kept = _within_budget(features, limit)
    following = _next_link(request, rows, kept, limit, offset)
    collection = {"type": "FeatureCollection", "features": features[:kept], "next": following}
    return GeoJSONResponse(collection)
