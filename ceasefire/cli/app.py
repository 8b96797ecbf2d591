"""The Typer application and what every command shares: dates, errors, the store option.

Start-up matters (`ceasefire extract` on one sentence should cost little more than loading
spaCy's model), so command modules import the store, the API, Dask, Shapely and the like inside
the commands that use them, never at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ceasefire.model import Failure
from ceasefire.timex import parse_date

if TYPE_CHECKING:
    from ceasefire.store import Store

app = typer.Typer(
    help="Sourced, geolocated political events, quotes and actors from raw news, offline.",
    no_args_is_help=True,
    add_completion=False,
)
# soft_wrap: one message stays one line, whatever the terminal width.
err_console = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[str, typer.Option("--db", help="Store: a SQLite path or a database URL.")]
DEFAULT_DB = "ceasefire.db"


@app.callback()
def main() -> None:
    """ceasefire: who did what to whom, where and when; who said what."""


def check_date(value: str | None) -> str | None:
    """An ISO date from what the user typed, or a usage error."""
    if value is None:
        return None
    day = parse_date(value)
    if day is None:
        raise typer.BadParameter(f"not a date: {value!r} (try 2017-05-04)")
    return day.isoformat()


def open_store(db: str) -> Store:
    """The store at `db` (a SQLite path or a database URL); SQLAlchemy loads here, on first use."""
    from ceasefire.store import open_store as open_database

    return open_database(db)


def report_failure(failure: Failure) -> None:
    """One clear line on stderr naming the input and the reason."""
    err_console.print(f"[red]ceasefire:[/red] {failure.origin}: {failure.reason}", highlight=False)
