"""Health, the PLOVER types, the event statuses, the offline base map, the API docs and the
dashboard's page."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from starlette.exceptions import HTTPException

from ceasefire.api.schemas import CountryCollection, GeoJSONResponse, Health
from ceasefire.api.state import StoreDep
from ceasefire.model import EVENT_STATUSES, PLOVER_TYPES, EventStatus

PACKAGE = Path(__file__).resolve().parents[2]
BASEMAP = PACKAGE / "data" / "countries.geojson"
STATIC = PACKAGE / "web" / "static"

router = APIRouter()


@router.get("/api/health", tags=["meta"])
def health(store: StoreDep) -> Health:
    # an estimate, not a count: the check stays instant whatever the store holds
    return Health(status="ok", articles=store.article_estimate())


@router.get("/api/types", tags=["meta"])
def event_types() -> list[str]:
    """The PLOVER event types, in the manual's order (cooperation to conflict)."""
    return list(PLOVER_TYPES)


@router.get("/api/statuses", tags=["meta"])
def event_statuses() -> list[EventStatus]:
    """The statuses of events, asserted (what happened, the listings' default) first."""
    return list(EVENT_STATUSES)


@router.get(
    "/api/countries.geojson", tags=["meta"], response_model=CountryCollection, response_class=GeoJSONResponse
)
def countries() -> FileResponse:
    """Natural Earth 110m country outlines (name, ISO_A3), built by scripts/build_basemap.py."""
    return FileResponse(BASEMAP, media_type="application/geo+json")


@router.get("/", include_in_schema=False)
def dashboard() -> FileResponse:
    index = STATIC / "index.html"
    if not index.is_file():
        raise HTTPException(404, "the dashboard is not installed")
    return FileResponse(index)


#: Swagger UI's files, vendored like the dashboard's libraries: the docs page works offline.
SWAGGER_UI = "/static/vendor/swagger-ui"


@router.get("/api/docs", include_in_schema=False)
def api_docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/api/openapi.json",
        title="ceasefire API",
        swagger_js_url=f"{SWAGGER_UI}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER_UI}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER_UI}/favicon-32x32.png",
        # Swagger UI would ask validator.swagger.io to check the schema: no calls outside.
        swagger_ui_parameters={"validatorUrl": None},
    )
