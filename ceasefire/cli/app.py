"""The Typer application and what every command shares: dates, errors, the store option.

Start-up matters (`ceasefire extract` on one sentence should cost little more than loading
spaCy's model), so command modules import the store, the API, Dask, Shapely and the like inside
the commands that use them, never at import time.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from ceasefire.model import Failure

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


def _print_version(wanted: bool) -> None:
    if wanted:
        from importlib.metadata import version

        print(f"ceasefire {version('ceasefire')}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """ceasefire: who did what to whom, where and when; who said what."""


def bad_option(option: str, message: str) -> typer.Exit:
    """A value the command cannot take: one line on stderr, exit status 2 (a usage error)."""
    complain(f"{option}: {message}")
    return typer.Exit(code=2)


def check_date(value: str | None, option: str = "--published") -> str | None:
    """The ISO date the user typed, or a usage error: only YYYY-MM-DD, as the API takes it,
    since "05/04/2017" is the 5th of April to some and the 4th of May to others."""
    if value is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise bad_option(option, f"not an ISO date: {value!r} (write YYYY-MM-DD, e.g. 2017-05-04)") from None


def open_store(db: str, *, create: bool = False) -> Store:
    """The store at `db` (a SQLite path or a database URL); SQLAlchemy loads here, on first use.
    A store that is not there (unless `create`: ingest and zones add make one) or a file that
    is not a store is one line on stderr and exit status 2, and nothing is created."""
    from ceasefire.store import StoreError
    from ceasefire.store import open_store as open_database

    try:
        return open_database(db, create=create)
    except StoreError as err:
        complain(str(err))
        raise typer.Exit(code=2) from err


def say(message: str) -> None:
    """A line on stderr printed as it is: names and values in it are never read as markup."""
    err_console.print(Text(message), highlight=False)


def complain(message: str) -> None:
    """An error line on stderr ("ceasefire: ..."), the message printed as it is."""
    err_console.print(Text.assemble(("ceasefire:", "red"), " ", message), highlight=False)


def report_failure(failure: Failure) -> None:
    """One clear line on stderr naming the input and the reason."""
    complain(f"{failure.origin}: {failure.reason}")
