"""Health, the offline base map, and the dashboard's page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse
from starlette.exceptions import HTTPException

from ceasefire.api.state import store_of
from ceasefire.store import Store
from ceasefire.store import query as q

PACKAGE = Path(__file__).resolve().parents[2]
BASEMAP = PACKAGE / "data" / "countries.geojson"
STATIC = PACKAGE / "web" / "static"

router = APIRouter()


@router.get("/api/health", tags=["meta"])
def health(store: Annotated[Store, Depends(store_of)]) -> dict[str, Any]:
    return {"status": "ok", "articles": q.counts(store)["articles"]}


@router.get("/api/countries.geojson", tags=["meta"])
def countries() -> FileResponse:
    """Natural Earth 110m country outlines (name, ISO_A3), built by scripts/build_basemap.py."""
    return FileResponse(BASEMAP, media_type="application/geo+json")


@router.get("/", include_in_schema=False)
def dashboard() -> FileResponse:
    index = STATIC / "index.html"
    if not index.is_file():
        raise HTTPException(404, "the dashboard is not installed")
    return FileResponse(index)
