"""`ceasefire alerts [add|rules|remove|check]`: the fired alerts, newest first; the rules; a check now."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from ceasefire.cli.app import DEFAULT_DB, DbOption, app, bad_option, check_date, complain, open_store, say
from ceasefire.view import fit_table

if TYPE_CHECKING:
    from ceasefire.alerts import AlertCheck, FiredAlert
    from ceasefire.store import Store

alerts_app = typer.Typer(
    help="Alerts: rules per zone that fire once per new incident or per week, to stdout, a file "
    "or a webhook. Without a command: the fired alerts, newest first.",
)
app.add_typer(alerts_app, name="alerts")


class Kind(StrEnum):
    assault_fatal = "assault-fatal"
    weekly_rise = "weekly-rise"


class AlertFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _write_json(records: list[dict[str, Any]], output: AlertFormat) -> None:
    if output is AlertFormat.json:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _print_table(title: str, headers: tuple[str, ...], rows: list[list[str]], wrapped: set[str]) -> None:
    console = Console(highlight=False)
    table = fit_table(headers, rows, console.width, wrapped=wrapped, drops=())
    table.title, table.title_justify = f"{title} ({len(rows)})", "left"
    console.print(table)


def _delivered(alert: FiredAlert) -> str:
    """How the deliveries went, in a word or two: "ok", "failed: webhook", "none"."""
    if not alert.deliveries:
        return "none"
    waiting = [d for d in alert.deliveries if d.status != "delivered"]
    if not waiting:
        return "ok"
    state = "failed" if any(d.status == "failed" for d in waiting) else "pending"
    return f"{state}: {', '.join(d.channel for d in waiting)}"


@alerts_app.callback(invoke_without_command=True, epilog="Example: ceasefire alerts --db syria.db --limit 20")
def fired(
    ctx: typer.Context,
    db: DbOption = DEFAULT_DB,
    rule: Annotated[int | None, typer.Option(help="Only this rule's alerts.")] = None,
    zone: Annotated[str | None, typer.Option(help="Only alerts in this zone (a zone id).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Alerts to show.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Alerts to skip.")] = 0,
    output: Annotated[AlertFormat, typer.Option("--format", "-f", help="Output format.")] = AlertFormat.table,
) -> None:
    """The fired alerts, newest first: when, which rule and zone, what, and how delivery went."""
    if ctx.invoked_subcommand is not None:
        return
    with open_store(db) as store:
        alerts = store.fired_alerts(limit, offset, rule_id=rule, zone_id=zone)
    if output is not AlertFormat.table:
        from ceasefire.alerts import alert_record

        _write_json([alert_record(a) for a in alerts], output)
        return
    rows = [
        [
            a.fired_at[:16].replace("T", " "),
            "–" if a.rule_id is None else str(a.rule_id),
            a.zone_id or "–",
            str(a.payload.get("message", a.kind)),
            _delivered(a),
        ]
        for a in alerts
    ]
    _print_table("Alerts", ("fired (UTC)", "rule", "zone", "what", "delivered"), rows, {"what"})


@alerts_app.command(
    "add",
    epilog="Example: ceasefire alerts add --kind assault-fatal --zone idlib --webhook http://127.0.0.1:9000/hook",
)
def add(
    kind: Annotated[
        Kind,
        typer.Option(
            help="assault-fatal: each new deadly ASSAULT incident; "
            "weekly-rise: a week's violations against the week before's."
        ),
    ],
    zone: Annotated[str | None, typer.Option(help="The zone (its id); every zone when left out.")] = None,
    min_fatalities: Annotated[
        int | None, typer.Option(help="assault-fatal: at least this many killed (1).")
    ] = None,
    factor: Annotated[
        float | None, typer.Option(help="weekly-rise: at least this many times last week's (2).")
    ] = None,
    min_count: Annotated[
        int | None, typer.Option(help="weekly-rise: and at least this many violations (3).")
    ] = None,
    stdout: Annotated[
        bool, typer.Option("--stdout", help="Print alerts as JSON lines (the default when no other).")
    ] = False,
    file: Annotated[str | None, typer.Option(help="Append alerts as JSON lines to this file.")] = None,
    webhook: Annotated[str | None, typer.Option(help="POST alerts as JSON to this http(s) URL.")] = None,
    skip_existing: Annotated[
        bool, typer.Option("--skip-existing", help="assault-fatal: what the store holds now fires nothing.")
    ] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Add an alert rule; `ceasefire alerts check` (and each ingest) fires it."""
    from ceasefire.alerts import RuleError, add_rule, describe, destinations, new_rule

    with open_store(db) as store:
        try:
            rule = new_rule(
                kind.value,
                zone,
                min_fatalities=min_fatalities,
                factor=factor,
                min_count=min_count,
                stdout=stdout or not (file or webhook),
                file=str(Path(file).resolve()) if file else None,  # later checks run anywhere
                webhook=webhook,
            )
            added = add_rule(store, rule, skip_existing=skip_existing)
        except RuleError as err:
            raise bad_option(f"--{err.setting.replace('_', '-')}", err.reason) from err
    say(f"{db}: rule {added.id} added: {describe(added)}; to {destinations(added)}")


@alerts_app.command("rules", epilog="Example: ceasefire alerts rules --db syria.db")
def rules(
    db: DbOption = DEFAULT_DB,
    output: Annotated[AlertFormat, typer.Option("--format", "-f", help="Output format.")] = AlertFormat.table,
) -> None:
    """The alert rules: what each fires on and where its alerts go."""
    from ceasefire.alerts import describe, destinations, rule_record

    with open_store(db) as store:
        stored = store.alert_rules()
    if output is not AlertFormat.table:
        _write_json([rule_record(r) for r in stored], output)
        return
    rows = [[str(r.id), r.kind, describe(r), destinations(r)] for r in stored]
    _print_table("Alert rules", ("id", "kind", "fires on", "to"), rows, {"fires on", "to"})


@alerts_app.command("remove", epilog="Example: ceasefire alerts remove 2")
def remove(rule_id: Annotated[int, typer.Argument(help="The rule's id.")], db: DbOption = DEFAULT_DB) -> None:
    """Remove a rule; what it fired stays listed, and is no longer delivered."""
    with open_store(db) as store:
        if not store.remove_alert_rule(rule_id):
            complain(f"no alert rule {rule_id} in {db}")
            raise typer.Exit(code=1)
    say(f"{db}: alert rule {rule_id} removed")


def report_check(store: Store, now: str | None = None) -> AlertCheck:
    """Check every rule now, deliver, and say on stderr what fired and what failed."""
    import datetime as dt

    from ceasefire.alerts import check_alerts

    checked = check_alerts(store, now=dt.date.fromisoformat(now) if now else None)
    for alert, delivery in checked.failed:
        complain(
            f"alert {alert.id}: {delivery.channel} {delivery.target or ''} failed: {delivery.error} "
            "(tried again at the next check)"
        )
    if checked.fired or checked.redelivered:
        again = f", {checked.redelivered} earlier deliveries made" if checked.redelivered else ""
        say(f"alerts: {len(checked.fired)} fired{again}")
    return checked


@alerts_app.command("check", epilog="Example: ceasefire alerts check --db syria.db")
def check(
    db: DbOption = DEFAULT_DB,
    now: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM-DD", help="The day whose ISO week weekly rules look at (today)."),
    ] = None,
) -> None:
    """Evaluate every rule now: deliver what fired, and retry failed deliveries. Exit status 1
    when a delivery failed."""
    day = check_date(now, "--now")
    with open_store(db) as store:
        if not store.alert_rules():
            say(f"{db}: no alert rules (ceasefire alerts add)")
            return
        checked = report_check(store, day)
    if not checked.fired and not checked.redelivered:
        say("alerts: nothing new")
    if checked.failed:
        raise typer.Exit(code=1)
