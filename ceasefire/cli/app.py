"""The Typer application and what every command shares: dates, errors, the store option."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from ceasefire.model import Failure
from ceasefire.timex import parse_date

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


def report_failure(failure: Failure) -> None:
    """One clear line on stderr naming the input and the reason."""
    err_console.print(f"[red]ceasefire:[/red] {failure.origin}: {failure.reason}", highlight=False)
