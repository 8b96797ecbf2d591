"""A real PostgreSQL server for the tests: CEASEFIRE_TEST_PG names it (.ci/run starts one).

Each test gets a schema of its own, dropped afterwards: its URL sets the search_path, so the
store's tables go there. Without a server the tests skip, saying why; nothing is mocked.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from tests.conftest import unavailable

ENV = "CEASEFIRE_TEST_PG"


def server_url() -> str:
    """The server's URL, or skip (fail under CI): unset, or no server answers there."""
    url = os.environ.get(ENV)
    if not url:
        unavailable(
            f"{ENV} is unset: no PostgreSQL server for the PostgreSQL backend's tests "
            f"(.ci/run installs and starts one)"
        )
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as err:
        unavailable(
            f"{ENV}: no PostgreSQL server reachable at "
            f"{make_url(url).render_as_string(hide_password=True)}: {err.orig}"
        )
    finally:
        engine.dispose()
    return url


@contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    """A store URL whose tables live in a new, empty schema; the schema is dropped after."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        scoped = make_url(url).update_query_dict({"options": f"-csearch_path={name}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()
