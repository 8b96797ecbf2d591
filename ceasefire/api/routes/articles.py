"""Articles: the listing, one full record, and POST to analyse and store a new one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ceasefire.api.auth import require_writer
from ceasefire.api.limits import DEFAULT_LIMIT
from ceasefire.api.params import Country, Limit, Offset, Since, Text, Until, country_code, iso_day, page
from ceasefire.api.schemas import ArticleIn, ArticleRecord, ArticleRow, Page, Stored, StoreResult
from ceasefire.api.state import StoreDep, api_state
from ceasefire.ingest import IngestReport, ingest
from ceasefire.read import InputError, record_article
from ceasefire.store import Filters, Store

router = APIRouter(prefix="/api", tags=["articles"])
#: What a posted article is recorded as having come from.
POST_ORIGIN = "POST /api/articles"


def _result(report: IngestReport) -> StoreResult:
    if report.duplicates:
        return "duplicate"  # stored, linked to the article it repeats, not analysed again
    if report.inserted:
        return "inserted"
    return "replaced" if report.replaced else "unchanged"


def _article_row(store: Store, article_id: str) -> dict[str, Any] | None:
    rows = store.articles(Filters(ids=[article_id], include_duplicates=True), limit=1)
    return rows[0] if rows else None


@router.get("/articles", response_model=Page[ArticleRow])
def list_articles(
    request: Request,
    store: StoreDep,
    since: Since = None,
    until: Until = None,
    country: Country = None,
    actor: str | None = None,
    text: Text = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> JSONResponse:
    """Articles, latest first, with how many records each gave (near-duplicates left out)."""
    filters = Filters(
        since=iso_day(since, "since"),
        until=iso_day(until, "until"),
        country=country_code(country),
        actor=actor,
        text=text,
    )
    return page(request, store.articles(filters, limit=limit + 1, offset=offset), limit, offset)


@router.get("/articles/{article_id}", response_model=ArticleRecord)
def get_article(store: StoreDep, article_id: str) -> JSONResponse:
    """The full record: text, actors and places with mentions, quotes, events with offsets."""
    try:
        article = store.load_article(article_id)
    except KeyError:
        raise HTTPException(404, f"no article {article_id!r}") from None
    row = _article_row(store, article_id)
    return JSONResponse({**article.to_dict(), "duplicate_of": row["duplicate_of"] if row else None})


@router.post("/articles", status_code=201, dependencies=[Depends(require_writer)])
def post_article(request: Request, body: ArticleIn) -> Stored:
    """Analyse and store an article (its reports fused, its events put in zones, as ingest does)."""
    state = api_state(request)
    try:
        raw = record_article(body.model_dump(), POST_ORIGIN)
    except InputError as err:  # the body does not fit what an article may be: as a model misfit
        raise HTTPException(422, f"body: {err}") from None
    with state.write_lock:
        report = ingest([raw], state.store)
    if report.failures:
        raise HTTPException(422, f"the article cannot be analysed: {report.failures[0].reason}")
    article_id = report.ids[0]
    row = _article_row(state.store, article_id)
    return Stored(
        id=article_id,
        result=_result(report),
        events=row["n_events"] if row else 0,
        quotes=row["n_quotes"] if row else 0,
    )
