"""`ceasefire serve`: the HTTP API and the dashboard over a store (uvicorn)."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer

from ceasefire.cli.app import DEFAULT_DB, DbOption, app, open_store, say


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Interface to bind; beyond loopback, writes need a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8000,
    token: Annotated[
        str | None, typer.Option(help="Token for writing endpoints (Authorization: Bearer T).")
    ] = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="Refuse every write.")] = False,
) -> None:
    """Serve the API (/api/..., docs at /api/docs) and the dashboard (/)."""
    import uvicorn

    from ceasefire.api import create_app, is_loopback

    if token is None and not is_loopback(host) and not read_only:
        # Reachable from the network: never accept anonymous writes.
        token = secrets.token_urlsafe(24)
        say(f"binding to {host}: writing endpoints need this token: {token}")
    # a file that is no store is refused before serving anything; a missing one is created
    # (POST /api/articles fills it)
    open_store(db, create=True).close()
    api = create_app(db, token=token, allow_writes=not read_only)
    shown = f"[{host}]" if ":" in host else host
    say(f"ceasefire: serving {db} at http://{shown}:{port}/ (API docs at /api/docs)")
    uvicorn.run(api, host=host, port=port, log_level="warning")
