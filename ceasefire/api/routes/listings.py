"""Quotes and actors: filtered, paginated listings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from ceasefire.api.limits import DEFAULT_LIMIT
from ceasefire.api.params import Country, Limit, Offset, Since, Text, Until, country_code, iso_day, page
from ceasefire.api.schemas import ActorRow, Page, QuoteRow
from ceasefire.api.state import StoreDep
from ceasefire.model import ActorKind
from ceasefire.store import Filters

router = APIRouter(prefix="/api", tags=["quotes and actors"])


@router.get("/quotes", response_model=Page[QuoteRow])
def list_quotes(
    request: Request,
    store: StoreDep,
    speaker: Annotated[str | None, Query(description="Part of the speaker's name, or a code.")] = None,
    text: Text = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> JSONResponse:
    """Quotes, latest article first, with their speakers."""
    filters = Filters(actor=speaker, text=text, since=iso_day(since, "since"), until=iso_day(until, "until"))
    return page(request, store.quotes(filters, limit=limit + 1, offset=offset), limit, offset)


@router.get("/actors", response_model=Page[ActorRow])
def list_actors(
    request: Request,
    store: StoreDep,
    kind: ActorKind | None = None,
    country: Country = None,
    text: Text = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> JSONResponse:
    """Actors merged by name, kind, country and sector, most mentioned first."""
    filters = Filters(type=[kind] if kind else None, country=country_code(country), text=text)
    return page(request, store.actors(filters, limit=limit + 1, offset=offset), limit, offset)
