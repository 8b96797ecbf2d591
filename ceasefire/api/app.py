"""The app factory: one store, the routers, errors in one shape, limits, the static files."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ceasefire.api.errors import install_error_handlers
from ceasefire.api.guard import LOOPBACK_NAMES, RequestGuard
from ceasefire.api.limits import MAX_BODY_BYTES, BodyLimit
from ceasefire.api.routes import ROUTERS
from ceasefire.api.routes.meta import STATIC
from ceasefire.api.state import ApiState
from ceasefire.store import open_store


def create_app(
    db: str = "ceasefire.db",
    token: str | None = None,
    allow_writes: bool = True,
    allowed_hosts: Iterable[str] = LOOPBACK_NAMES,
) -> FastAPI:
    """The API over the store at `db` (a SQLite path or a SQLAlchemy URL).

    With a `token`, writing endpoints need `Authorization: Bearer <token>`; `ceasefire serve`
    always sets one when it binds beyond the loopback interface. `allow_writes=False` makes
    the server read-only. Only requests whose `Host` is one of `allowed_hosts` ("*" for any)
    are answered, and writes from pages of other origins are refused (see api/guard.py).
    """
    state = ApiState(store=open_store(db), token=token, allow_writes=allow_writes)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.store.close()

    app = FastAPI(
        title="ceasefire",
        summary="Sourced, geolocated political events, quotes, actors and zones from raw news.",
        docs_url=None,  # served from vendored files by routes/meta.py
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.api = state
    install_error_handlers(app)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.add_middleware(RequestGuard, allowed_hosts=allowed_hosts)  # added last: runs first
    for router in ROUTERS:
        app.include_router(router)
    if STATIC.is_dir():  # the dashboard ships with the package; without it the API still works
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
