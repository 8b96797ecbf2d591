"""Reading the store: `events`, `quotes`, `actors`, `articles`, `summary` and `export`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ceasefire.cli.app import DEFAULT_DB, DbOption, app, check_date, err_console, open_store, say
from ceasefire.view import snippet

if TYPE_CHECKING:
    from ceasefire.store import Near, RowFormat, Store

Rows = list[dict[str, Any]]


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"


#: The columns of each listing's table view (csv and jsonl carry every field).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "events": ("date", "type", "status", "mode", "actors", "recipients", "place", "fatalities", "sentence"),
    "quotes": ("published", "speaker", "kind", "text"),
    "actors": ("name", "kind", "country", "sector", "articles", "mentions"),
    "articles": ("published", "title", "source", "n_events", "n_quotes", "duplicate_of"),
}
WIDE_COLUMNS = {"sentence", "text", "title"}
ROW_FORMATS: dict[ListFormat, RowFormat] = {
    ListFormat.csv: "csv",
    ListFormat.jsonl: "jsonl",
    ListFormat.geojson: "geojson",
}


def parse_near(value: str | None) -> Near | None:
    """`36.58,37.04,25` → Near(36.58, 37.04, 25)."""
    from ceasefire.store import parse_near as parse

    if value is None:
        return None
    try:
        return parse(value)
    except ValueError as err:
        raise typer.BadParameter(str(err)) from err


def parse_statuses(values: list[str] | None) -> tuple[str, ...] | None:
    """`--status negated --status planned`, `--status negated,planned` or `--status all`."""
    from ceasefire.store import parse_statuses as parse

    try:
        return parse(values or [])
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--status") from err


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return " ".join(str(value).split())


def print_table(rows: Rows, columns: tuple[str, ...], title: str) -> None:
    table = Table(*columns, title=f"{title} ({len(rows)})", title_justify="left")
    # Short fields keep one line each; long text wraps, cut to a snippet.
    for column in table.columns:
        if column.header not in WIDE_COLUMNS:
            column.no_wrap, column.min_width = True, min(len(str(column.header)), 10)
    for row in rows:
        cells = [_cell(row.get(c)) for c in columns]
        table.add_row(
            *(Text(snippet(v) if c in WIDE_COLUMNS else v) for c, v in zip(columns, cells, strict=True))
        )
    Console(highlight=False).print(table)


def _register_listing(name: str, help_text: str) -> None:
    """The listing command `name`, which fetches its rows with the Store method of that name."""

    def listing(
        db: DbOption = DEFAULT_DB,
        type_: Annotated[
            list[str] | None, typer.Option("--type", help="Event type (repeatable), quote or actor kind.")
        ] = None,
        since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
        until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
        country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-3 country code.")] = None,
        actor: Annotated[str | None, typer.Option(help="Part of an actor's name, or its code.")] = None,
        near: Annotated[str | None, typer.Option(help="LAT,LON,KM: within KM of a point.")] = None,
        text: Annotated[str | None, typer.Option(help="Words that must all appear.")] = None,
        zone: Annotated[str | None, typer.Option(help="Events inside this zone (a zone id).")] = None,
        status: Annotated[
            list[str] | None,
            typer.Option(
                help="Event status (repeatable, or comma-separated): asserted (the default: what "
                "happened), negated, hypothetical, planned, background, or all. Events; for "
                "articles, which events n_events counts."
            ),
        ] = None,
        acled_type: Annotated[
            list[str] | None,
            typer.Option(help="Events of this ACLED event type or sub-event type (repeatable)."),
        ] = None,
        limit: Annotated[int, typer.Option(min=1, help="Rows to show.")] = 50,
        offset: Annotated[int, typer.Option(min=0, help="Rows to skip.")] = 0,
        output: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    ) -> None:
        from ceasefire.store import Filters, write_rows

        filters = Filters(
            type=[t.upper() if name == "events" else t for t in type_] if type_ else None,
            since=check_date(since),
            until=check_date(until),
            country=country.upper() if country else None,
            actor=actor,
            near=parse_near(near),
            text=text,
            zone=zone,
            status=parse_statuses(status),
            acled_type=acled_type or None,
        )
        if output == ListFormat.geojson and name != "events":
            raise typer.BadParameter("only events have coordinates", param_hint="--format")
        with open_store(db) as store:
            fetch: Callable[..., Rows] = getattr(store, name)
            try:
                rows = fetch(filters, limit=limit, offset=offset)
            except ValueError as err:
                raise typer.BadParameter(str(err)) from err
        if output == ListFormat.table:
            print_table(rows, TABLE_COLUMNS[name], name.capitalize())
        else:
            _, skipped = write_rows(rows, ROW_FORMATS[output], sys.stdout)
            if skipped:
                err_console.print(f"{skipped} {name} without coordinates left out of the GeoJSON")

    listing.__doc__ = help_text
    app.command(name)(listing)


_register_listing("events", "Events, newest first, with their actors, place and sentence.")
_register_listing("quotes", "Quotes with their speakers.")
_register_listing("actors", "Actors, most mentioned first.")
_register_listing("articles", "Articles, newest first (near-duplicates left out).")


def print_summary(store: Store, top: int = 10) -> None:
    """Counts, top actors, events per type and the latest events with their sentences."""
    summary = store.summary(top=top)
    console = Console(highlight=False)
    counts = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in summary["counts"].items())
    console.print(f"[bold]Store:[/bold] {counts}")
    statuses = ", ".join(f"{n} {status}" for status, n in summary["events_per_status"])
    console.print(
        f"[bold]Events by status:[/bold] {statuses or 'none'} (only asserted ones are counted below)"
    )
    per_type = Table("type", "asserted events", title="Events per type", title_justify="left")
    for event_type, n in summary["events_per_type"]:
        per_type.add_row(event_type, str(n))
    console.print(per_type)
    print_table(summary["top_actors"], TABLE_COLUMNS["actors"], "Top actors")
    print_table(summary["latest_events"], TABLE_COLUMNS["events"], "Latest asserted events")


@app.command()
def summary(
    db: DbOption = DEFAULT_DB,
    top: Annotated[int, typer.Option(min=1, help="Rows per list.")] = 10,
) -> None:
    """What the store holds: counts, top actors, events per status, the asserted events per type
    and the latest asserted events."""
    with open_store(db) as store:
        print_summary(store, top)


@app.command()
def export(
    out: Annotated[str, typer.Argument(help="A directory (parquet, csv, jsonl) or a file (geojson).")],
    db: DbOption = DEFAULT_DB,
    output: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.parquet,
) -> None:
    """Export the whole store: one file per table, or the events as GeoJSON."""
    with open_store(db) as store:
        report = store.export(output.value, out)
    say(f"wrote {report.rows} rows to {len(report.files)} files under {out}")
    if report.skipped:
        err_console.print(f"{report.skipped} events without coordinates left out of the GeoJSON")
