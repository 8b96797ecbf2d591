"""Reading the store: `events`, `incidents`, `quotes`, `actors`, `articles`, `summary` and `export`."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, get_args

import typer
from rich.console import Console
from rich.table import Table

from ceasefire.cli.app import (
    DEFAULT_DB,
    DbOption,
    app,
    bad_option,
    check_date,
    err_console,
    open_store,
    say,
)
from ceasefire.model import PLOVER_TYPES, ActorKind, QuoteKind
from ceasefire.view import fit_table

if TYPE_CHECKING:
    from ceasefire.store import Near, RowFormat, Store

Rows = list[dict[str, Any]]


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


class PlacedFormat(StrEnum):
    """The formats of the listings whose rows have coordinates."""

    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"
    acled = "acled"
    incidents_geojson = "incidents-geojson"
    zones_geojson = "zones-geojson"


#: The columns of each listing's table view (csv and jsonl carry every field).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "events": ("date", "type", "status", "mode", "actors", "recipients", "place", "fatalities", "sentence"),
    "incidents": ("date", "type", "place", "actors", "killed", "reports", "sentence"),
    "quotes": ("published", "speaker", "kind", "text"),
    "actors": ("name", "kind", "country", "sector", "articles", "mentions"),
    "articles": ("published", "title", "source", "n_events", "n_quotes", "duplicate_of"),
}
WIDE_COLUMNS = {"sentence", "text", "title", "name"}
#: Left out in this order when a table is wider than the terminal.
NARROW_DROPS = ("mode", "recipients", "status", "source", "duplicate_of", "sector", "reports", "actors")
#: Headers shorter than their field's name.
HEADERS = {"fatalities": "killed"}
#: The listings whose rows are events or made of them: PLOVER types, coordinates.
HAS_PLACES = {"events", "incidents"}
ROW_FORMATS: dict[str, RowFormat] = {"csv": "csv", "jsonl": "jsonl", "geojson": "geojson"}
#: What --type takes on each listing, and what to call one.
TYPE_CHOICES: dict[str, tuple[str, tuple[str, ...]]] = {
    "events": ("PLOVER type", PLOVER_TYPES),
    "incidents": ("PLOVER type", PLOVER_TYPES),
    "quotes": ("quote kind", get_args(QuoteKind)),
    "actors": ("actor kind", get_args(ActorKind)),
}
_EVENT_FILTERS = ("type_", "since", "until", "country", "actor", "near", "text", "zone", "acled_type")
#: The filters each listing takes (--help shows those only; the store refuses the others).
#: Incidents are asserted only, so a status is no filter of theirs.
LISTING_FILTERS: dict[str, tuple[str, ...]] = {
    "events": (*_EVENT_FILTERS, "status"),
    "incidents": _EVENT_FILTERS,
    "quotes": ("type_", "since", "until", "country", "actor", "text"),
    "actors": ("type_", "since", "until", "country", "actor", "text"),
    "articles": ("since", "until", "country", "actor", "near", "text", "status"),
}


def parse_near(value: str | None) -> Near | None:
    """`36.58,37.04,25` → Near(36.58, 37.04, 25)."""
    from ceasefire.store import parse_near as parse

    if value is None:
        return None
    try:
        return parse(value)
    except ValueError as err:
        raise bad_option("--near", str(err)) from err


def parse_statuses(values: list[str] | None) -> tuple[str, ...] | None:
    """`--status negated --status planned`, `--status negated,planned` or `--status all`."""
    from ceasefire.store import parse_statuses as parse

    try:
        return parse(values or [])
    except ValueError as err:
        raise bad_option("--status", str(err)) from err


def check_types(name: str, values: list[str] | None) -> list[str] | None:
    """`--type` values as the listing spells them (PLOVER types in capitals, kinds in small
    letters), or a usage error naming the first unknown one, as the API answers 400."""
    if not values:
        return None
    what, choices = TYPE_CHOICES[name]
    wanted = [v.upper() if name in HAS_PLACES else v.lower() for v in values]
    unknown = [v for v in wanted if v not in choices]
    if unknown:
        raise bad_option("--type", f"unknown {what} {unknown[0]!r} (one of {', '.join(choices)})")
    return wanted


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return " ".join(str(value).split())


def _toll(low: int | None, high: int | None, most: int | None) -> str | None:
    """An incident's toll: one figure when its reports agree, else the range and the most reported."""
    if low is None or high is None:
        return None
    return str(low) if low == high else f"{low}–{high} (mostly {most})"


def incident_cells(row: dict[str, Any]) -> dict[str, Any]:
    """An incident's row with the cells its table shows: the first actors (an incident fused from
    many reports gathers a dozen; jsonl and csv keep them all), the toll, how many reports."""
    actors = row["actors"]
    return {
        **row,
        "actors": ", ".join(actors[:3]) + (f" +{len(actors) - 3}" if len(actors) > 3 else ""),
        "killed": _toll(row["fatalities_min"], row["fatalities_max"], row["fatalities_mode"]),
        "reports": row["n_reports"],
    }


#: What a listing's table shows of each row, when that is not the row itself.
TABLE_CELLS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {"incidents": incident_cells}


def print_table(rows: Rows, columns: tuple[str, ...], title: str) -> None:
    """Rows as a table that fits the terminal (see `fit_table`; csv and jsonl keep everything)."""
    console = Console(highlight=False)
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    headers = [HEADERS.get(c, c) for c in columns]
    table = fit_table(headers, cells, console.width, wrapped=WIDE_COLUMNS, drops=NARROW_DROPS)
    table.title, table.title_justify = f"{title} ({len(rows)})", "left"
    console.print(table)


def _register_listing(name: str, help_text: str, example: str) -> None:
    """The listing command `name`, which fetches its rows with the Store method of that name.
    One function serves every listing; its signature, which Typer reads, keeps only the
    options that listing takes, so that --help shows no option the command would refuse."""

    def listing(
        db: DbOption = DEFAULT_DB,
        type_: list[str] | None = None,
        since: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="From this date.")] = None,
        until: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Up to this date.")] = None,
        country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-3 country code.")] = None,
        actor: Annotated[str | None, typer.Option(help="Part of an actor's name, or its code.")] = None,
        near: Annotated[str | None, typer.Option(metavar="LAT,LON,KM", help="Within KM of a point.")] = None,
        text: Annotated[str | None, typer.Option(help="Words that must all appear.")] = None,
        zone: Annotated[str | None, typer.Option(help="Inside this zone (a zone id).")] = None,
        status: Annotated[
            list[str] | None,
            typer.Option(
                help="Event status (repeatable, or comma-separated): asserted (the default: what "
                "happened), negated, hypothetical, planned, background, or all. For articles, "
                "which events n_events counts."
            ),
        ] = None,
        acled_type: Annotated[
            list[str] | None,
            typer.Option(help="Of this ACLED event type or sub-event type (repeatable)."),
        ] = None,
        limit: Annotated[int, typer.Option(min=1, help="Rows to show.")] = 50,
        offset: Annotated[int, typer.Option(min=0, help="Rows to skip.")] = 0,
        output: StrEnum = ListFormat.table,
    ) -> None:
        from ceasefire.store import Filters, write_rows

        filters = Filters(
            type=check_types(name, type_),
            since=check_date(since, "--since"),
            until=check_date(until, "--until"),
            country=country.upper() if country else None,
            actor=actor,
            near=parse_near(near),
            text=text,
            zone=zone,
            status=parse_statuses(status),
            acled_type=acled_type or None,
        )
        with open_store(db) as store:
            if zone and not store.zones([zone]):
                raise bad_option("--zone", f"no zone {zone!r} in {db} (ceasefire zones list)")
            fetch: Callable[..., Rows] = getattr(store, name)
            try:
                rows = fetch(filters, limit=limit, offset=offset)
            except ValueError as err:  # a filter the store refuses: a usage error too
                raise bad_option(name, str(err)) from err
        if output.value == "table":
            cells = TABLE_CELLS.get(name)
            print_table([cells(r) for r in rows] if cells else rows, TABLE_COLUMNS[name], name.capitalize())
        else:
            _, skipped = write_rows(rows, ROW_FORMATS[output.value], sys.stdout)
            if skipped:
                err_console.print(f"{skipped} {name} without coordinates left out of the GeoJSON")

    formats = PlacedFormat if name in HAS_PLACES else ListFormat
    shown: dict[str, Any] = {
        "output": Annotated[formats, typer.Option("--format", "-f", help="Output format.")],
    }
    if name in TYPE_CHOICES:
        what, choices = TYPE_CHOICES[name]
        shown["type_"] = Annotated[
            list[str] | None,
            typer.Option(
                "--type",
                metavar="TYPE",
                help=f"{what[0].upper()}{what[1:]} (repeatable): {', '.join(choices)}.",
            ),
        ]
    taken = {"db", "limit", "offset", "output", *LISTING_FILTERS[name]}
    signature = inspect.signature(listing, eval_str=True)
    listing.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[
            p.replace(annotation=shown.get(p.name, p.annotation))
            for p in signature.parameters.values()
            if p.name in taken
        ]
    )
    listing.__doc__ = help_text
    app.command(name, epilog=f"Example: {example}")(listing)


_register_listing(
    "events",
    "Events, newest first, with their actors, place and sentence.",
    "ceasefire events --type ASSAULT --zone idlib --since 2017-05-01",
)
_register_listing(
    "incidents",
    "Incidents, newest first: each real-world event once, fused from every asserted report of it, "
    "with its toll (the range and the most-reported figure) and how many reports give it.",
    "ceasefire incidents --type ASSAULT --near 36.20,37.16,30 --since 2016-07-01",
)
_register_listing("quotes", "Quotes with their speakers.", "ceasefire quotes --actor Lavrov --text ceasefire")
_register_listing(
    "actors", "Actors, most mentioned first.", "ceasefire actors --type organization --country SYR"
)
_register_listing(
    "articles",
    "Articles, newest first (near-duplicates left out).",
    "ceasefire articles --text ceasefire --since 2017-05-01 --format csv",
)


def print_summary(store: Store, top: int = 10) -> None:
    """Counts, events per status, incidents per type (with the reports they fuse), top actors
    and the latest incidents with their sentences."""
    summary = store.summary(top=top)
    console = Console(highlight=False)
    # a large store is not counted row by row: its figures are estimates, and say so
    about = "about " if summary["estimated"] else ""
    counts = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in summary["counts"].items())
    console.print(f"[bold]Store:[/bold] {about}{counts}")
    statuses = ", ".join(f"{n} {status}" for status, n in summary["events_per_status"])
    console.print(
        f"[bold]Events by status:[/bold] {about}{statuses or 'none'} "
        "(only asserted ones make the incidents below)"
    )
    per_type = summary["incidents_per_type"]
    incidents = sum(n for _, n, _ in per_type)
    reports = sum(r for _, _, r in per_type)
    console.print(
        f"[bold]Incidents:[/bold] {about}{incidents} incident{'' if incidents == 1 else 's'} fused from "
        f"{reports} asserted report{'' if reports == 1 else 's'}"
    )
    if about:
        console.print(
            f"(the figures per status and type are counted over the latest {summary['sample']:,} "
            "events and incidents, scaled to the store)"
        )
    table = Table("type", "incidents", "reports", title="Incidents per type", title_justify="left")
    for event_type, n, fused in per_type:
        table.add_row(event_type, str(n), str(fused))
    console.print(table)
    print_table(summary["top_actors"], TABLE_COLUMNS["actors"], "Top actors")
    latest = [incident_cells(row) for row in summary["latest_incidents"]]
    print_table(latest, TABLE_COLUMNS["incidents"], "Latest incidents")


@app.command(epilog="Example: ceasefire summary --db syria.db --top 5")
def summary(
    db: DbOption = DEFAULT_DB,
    top: Annotated[int, typer.Option(min=1, help="Rows per list.")] = 10,
) -> None:
    """What the store holds: counts, events per status, incidents per type with the reports they
    fuse, top actors and the latest incidents."""
    with open_store(db) as store:
        print_summary(store, top)


@app.command(epilog="Example: ceasefire export out/ --format parquet")
def export(
    out: Annotated[str, typer.Argument(help="A directory (parquet, csv, jsonl) or a file (the others).")],
    db: DbOption = DEFAULT_DB,
    output: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.parquet,
) -> None:
    """Export the whole store: one file per table; or one file: the events, incidents or zones
    as GeoJSON, or the incidents as ACLED's CSV table."""
    with open_store(db) as store:
        report = store.export(output.value, out)
    say(report.summary(out))
    if report.skipped:
        left_out = "incidents" if output is ExportFormat.incidents_geojson else "events"
        err_console.print(f"{report.skipped} {left_out} without coordinates left out of the GeoJSON")
