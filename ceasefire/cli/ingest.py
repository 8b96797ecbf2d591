"""`ceasefire ingest PATH...`: read, analyse and store a corpus; safe to run again."""

from __future__ import annotations

from enum import StrEnum
from functools import partial
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ceasefire.cli.app import (
    DEFAULT_DB,
    DbOption,
    app,
    check_date,
    err_console,
    open_store,
    report_failure,
    say,
)
from ceasefire.corpus import DEFAULT_THRESHOLD
from ceasefire.read import parse_column_map, read_paths

#: Failures listed one by one at the end of a run; the rest are counted.
SHOWN_FAILURES = 20


class Engine(StrEnum):
    local = "local"  # this process, or a pool of --workers processes
    dask = "dask"  # a Dask cluster: --scheduler's, or a local one of --workers processes


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files or directories (searched recursively): txt, html, jsonl, csv, rss/atom."),
    ],
    db: DbOption = DEFAULT_DB,
    column_map: Annotated[
        str | None,
        typer.Option("--map", help="CSV columns for fields, e.g. text=article_content,published=date."),
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date for every input (YYYY-MM-DD).")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes for the analysis.")] = 1,
    engine: Annotated[
        Engine, typer.Option(help="Where the analysis runs: local processes, or a Dask cluster.")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://HOST:8786); default: a local cluster."),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(min=0.1, max=1.0, help="Near-duplicate threshold (estimated Jaccard of shingles)."),
    ] = DEFAULT_THRESHOLD,
    no_dedupe: Annotated[
        bool, typer.Option("--no-dedupe", help="Analyse near-duplicates as articles of their own.")
    ] = False,
) -> None:
    """Ingest articles into the store: near-duplicates linked, events fused, failures recorded."""
    from ceasefire.ingest import ingest as run_ingest

    try:
        mapping = parse_column_map(column_map)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--map") from err
    day = check_date(published)
    if scheduler and engine is not Engine.dask:
        raise typer.BadParameter("a scheduler needs --engine dask", param_hint="--scheduler")
    if engine is Engine.dask:
        from ceasefire.scale import ingest_on_dask

        run = partial(ingest_on_dask, scheduler=scheduler, workers=workers)
    else:
        run = partial(run_ingest, workers=workers)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest"),
        BarColumn(bar_width=None),
        TextColumn("{task.completed} articles"),
        TextColumn("{task.fields[rate]:.1f}/s"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )
    with open_store(db, create=True) as store, progress:
        task = progress.add_task("ingest", total=None, rate=0.0)

        def advance(count: int) -> None:
            progress.advance(task, count)
            elapsed = progress.tasks[0].elapsed or 0.0
            progress.update(task, rate=progress.tasks[0].completed / elapsed if elapsed else 0.0)

        report = run(
            read_paths(paths, mapping, recursive=True),
            store,
            published=day,
            threshold=None if no_dedupe else threshold,
            on_progress=advance,
        )
    for failure in report.failures[:SHOWN_FAILURES]:
        report_failure(failure)
    if len(report.failures) > SHOWN_FAILURES:
        say(f"… and {len(report.failures) - SHOWN_FAILURES} more failures (all in the store)")
    failed = f"{len(report.failures)} failed"
    if report.recorded_before:
        failed += f" ({report.recorded_before} as recorded by an earlier run)"
    say(
        f"{db}: read {report.read} in {report.seconds:.1f} s ({report.rate:.1f}/s): "
        f"{report.inserted} new, {report.replaced} replaced, {report.unchanged} unchanged, "
        f"{report.duplicates} near-duplicates, {failed}; "
        f"{report.fused_events} events after fusion"
    )
    # a failure already recorded is news to no one: a re-run over the same inputs succeeds
    if len(report.failures) > report.recorded_before:
        raise typer.Exit(code=1)
