"""`ceasefire eval --task T GOLD.jsonl`: precision, recall and F1 against a gold file."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ceasefire.cli.app import app, complain
from ceasefire.evaluate import DEFAULT_KM, NOTHING, Counts, GoldError, Report, evaluate


class Task(StrEnum):
    quotes = "quotes"
    places = "places"
    events = "events"
    evloc = "evloc"
    articles = "articles"


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("eval", epilog="Example: ceasefire eval --task events gold/plover-events.jsonl")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold file (JSON Lines; see docs/eval.md).", exists=True)],
    task: Annotated[Task, typer.Option("--task", "-t", help="What the gold file annotates.")],
    output: Annotated[EvalFormat, typer.Option("--format", "-f", help="Output format.")] = EvalFormat.table,
    worst: Annotated[int, typer.Option(help="How many of the worst misses to list.")] = 10,
    km: Annotated[float, typer.Option(help="Places this close (km) are the same place.")] = DEFAULT_KM,
) -> None:
    """Score the pipeline against gold annotations: P/R/F1 per task and type, and the worst misses."""
    try:
        report = evaluate(task.value, gold, keep=worst, km=km)
    except GoldError as err:
        complain(str(err))
        raise typer.Exit(code=2) from err
    if output == EvalFormat.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        render_report(Console(highlight=False), report)


def _scores_table(title: str, rows: dict[str, Counts]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("", "tp", "fp", "fn", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if not column else "right")
    for name, counts in rows.items():
        c = counts.to_dict()
        table.add_row(
            name,
            str(c["tp"]),
            str(c["fp"]),
            str(c["fn"]),
            f"{c['precision']:.3f}",
            f"{c['recall']:.3f}",
            f"{c['f1']:.3f}",
        )
    return table


def render_report(console: Console, report: Report) -> None:
    """The report for people: scores, per type, details, confusion, the worst misses."""
    console.print(f"[bold]{report.task}[/bold]: {report.lines} gold lines, {len(report.failed)} unreadable")
    for failure in report.failed:
        console.print(f"  unreadable: {failure}")
    console.print(_scores_table("scores", report.scores))
    if report.per_type:
        console.print(_scores_table("per type", report.per_type))
    if report.fields:
        details = ", ".join(f"{name} {r}/{n}" for name, (r, n) in report.fields.items())
        console.print(f"details right where found: {details}")
    if report.figures:
        console.print(", ".join(f"{name} {value}" for name, value in report.figures.items()))
    if report.confusion:
        render_confusion(console, report.confusion)
    console.print(f"[bold]worst misses[/bold] ({len(report.misses)} of {report.missed}):")
    for miss in report.misses:
        console.print(f"  line {miss.line}: {miss.problem}\n    expected: {miss.expected}")
        if miss.found:
            console.print(f"    found:    {miss.found}")
        if miss.sentence:
            console.print(f"    sentence: {miss.sentence}")


def render_confusion(console: Console, confusion: dict[str, dict[str, int]]) -> None:
    """Rows gold, columns found, types cut to four letters (unique for PLOVER) to fit a terminal."""
    columns = sorted({found for row in confusion.values() for found in row})
    short = {name: "—" if name == NOTHING else name[:4] for name in columns}
    console.print("confusion (rows gold, columns found; — is nothing):")
    console.print(" " * 10 + "".join(f"{short[c]:>5}" for c in columns), soft_wrap=True)
    for gold, row in confusion.items():
        cells = "".join(f"{row[c]:>5}" if c in row else "    ." for c in columns)
        console.print(f"{gold[:10]:<10}{cells}", soft_wrap=True)
