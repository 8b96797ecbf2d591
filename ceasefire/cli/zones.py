"""`ceasefire zones add|list|remove|report`: declared zones and what happens inside them."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ceasefire.cli.app import DEFAULT_DB, DbOption, app, check_date, complain, open_store, say
from ceasefire.view import fit_table

zones_app = typer.Typer(
    help="Declared zones (ceasefires, de-escalation zones) and the events inside them.", no_args_is_help=True
)
app.add_typer(zones_app, name="zones")


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


class PeriodKind(StrEnum):
    day = "day"
    week = "week"


def _fail(message: str) -> typer.Exit:
    complain(message)
    return typer.Exit(code=1)


@zones_app.command("add", epilog="Example: ceasefire zones add ceasefire/examples/zones.geojson")
def add(
    file: Annotated[Path, typer.Argument(help="A GeoJSON FeatureCollection or Feature of polygons.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Add the zones of a GeoJSON file (properties id, name, start, end); same id replaces."""
    from ceasefire.zones import add_zones

    try:
        geojson = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise _fail(f"{file}: cannot read it as JSON ({err})") from err
    with open_store(db, create=True) as store:
        try:
            added = add_zones(store, geojson)
        except ValueError as err:
            raise _fail(f"{file}: {err}") from err
    say(f"{db}: {len(added)} zones added: {', '.join(z.id for z in added)}")


@zones_app.command("list", epilog="Example: ceasefire zones list --db syria.db")
def list_(db: DbOption = DEFAULT_DB) -> None:
    """The stored zones."""
    with open_store(db) as store:
        zones = store.zones()
    table = Table("id", "name", "start", "end", title=f"Zones ({len(zones)})", title_justify="left")
    for zone in zones:
        table.add_row(_plain(zone.id), _plain(zone.name), zone.start or "–", zone.end or "–")
    Console(highlight=False).print(table)


@zones_app.command("remove", epilog="Example: ceasefire zones remove idlib")
def remove(zone_id: Annotated[str, typer.Argument(help="The zone's id.")], db: DbOption = DEFAULT_DB) -> None:
    """Remove a zone."""
    with open_store(db) as store:
        if not store.remove_zone(zone_id):
            raise _fail(f"no zone {zone_id!r} in {db}")
    say(f"{db}: zone {zone_id} removed")


@zones_app.command("report", epilog="Example: ceasefire zones report idlib --by week --since 2017-05-01")
def report(
    zone_id: Annotated[str | None, typer.Argument(help="One zone's id; all zones when left out.")] = None,
    db: DbOption = DEFAULT_DB,
    by: Annotated[PeriodKind, typer.Option(help="Period length.")] = PeriodKind.week,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    output: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
) -> None:
    """Events, fatalities and violations per period in each zone, against the period before."""
    from ceasefire.zones import zone_report

    first, last = check_date(since, "--since"), check_date(until, "--until")
    with open_store(db) as store:
        try:
            entries = zone_report(store, zone_id, by=by.value, since=first, until=last)
        except KeyError as err:
            raise _fail(f"no zone {zone_id!r} in {db}") from err
        except ValueError as err:
            raise typer.BadParameter(str(err)) from err
    if output == ReportFormat.json:
        sys.stdout.write(json.dumps(entries, ensure_ascii=False, indent=2) + "\n")
        return
    console = Console(highlight=False)
    for entry in entries:
        _print_entry(console, entry, entry["undated"])


def _plain(value: str | None) -> Text:
    """Names, titles and sentences are shown as they are, never read as Rich markup."""
    return Text("–" if value is None else value)


def _signed(value: int | None) -> str:
    return "–" if value is None else f"{value:+d}"


def _print_entry(console: Console, entry: dict[str, Any], undated: int) -> None:
    zone = entry["zone"]
    dates = f"from {zone['start'] or '?'}" + (f" to {zone['end']}" if zone["end"] else "")
    periods = Table(
        "period",
        "events",
        "change",
        "fatalities",
        "change",
        "per type",
        "violations",
        title=Text(f"{zone['name']} ({zone['id']}), {dates}"),
        title_justify="left",
    )
    if undated:
        console.print(Text(f"{zone['name']} ({zone['id']}): {undated} undated events (in no period)"))
    if not entry["periods"]:
        console.print(Text(f"{zone['name']} ({zone['id']}), {dates}: no events"))
        return
    for period in entry["periods"]:
        change = period["change"] or {}
        periods.add_row(
            period["period"],
            str(period["events"]),
            _signed(change.get("events")),
            str(period["fatalities"]),
            _signed(change.get("fatalities")),
            ", ".join(f"{t} {n}" for t, n in period["per_type"].items()),
            str(len(period["violations"])),
        )
    console.print(periods)
    violations = [v for period in entry["periods"] for v in period["violations"]]
    if not violations:
        return
    rows = [
        [
            v["date"],
            v["type"],
            v["place"] or "–",
            "–" if v["fatalities"] is None else str(v["fatalities"]),
            v["title"] or "–",
            " ".join(v["sentence"].split()),
        ]
        for v in violations
    ]
    headers = ("date", "type", "place", "killed", "title", "sentence")
    # the sentence says what happened; the title goes first when there is no room for both
    listed = fit_table(headers, rows, console.width, wrapped={"title", "sentence"}, drops=("title",))
    listed.title, listed.title_justify = f"Violations ({len(violations)})", "left"
    console.print(listed)
