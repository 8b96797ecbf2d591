"""`ceasefire ingest PATH...`: read, analyse and store a corpus; safe to run again."""

from __future__ import annotations

import time
from enum import StrEnum
from functools import partial
from types import TracebackType
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ceasefire.cli.alerts import report_check
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
#: In a pipe or a file, a progress line this often (seconds): a log, not a redrawn bar.
LINE_EVERY = 5.0


class IngestProgress:
    """How far an ingest is: in a terminal a bar with done of the total, the rate and the
    time left; in a pipe or a file (no bar there) a line at the first batch, then one every
    LINE_EVERY seconds. `total` is None when the inputs cannot be counted first (stdin)."""

    def __init__(self, console: Console, total: int | None) -> None:
        self.total, self.done, self.started, self.last_line = total, 0, time.monotonic(), -LINE_EVERY
        self.bar = (
            Progress(
                SpinnerColumn(),
                TextColumn("[bold]ingest"),
                BarColumn(bar_width=None),
                MofNCompleteColumn(),
                TextColumn("articles {task.fields[rate]:.1f}/s"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            if console.is_terminal
            else None
        )
        if self.bar:
            self.task = self.bar.add_task("ingest", total=total, rate=0.0)

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        rate = self.done / (now - self.started) if now > self.started else 0.0
        if self.bar:
            self.bar.update(self.task, advance=count, rate=rate)
        elif now - self.last_line >= LINE_EVERY:
            self.last_line = now
            of = f" of {self.total}" if self.total is not None else ""
            left = ""
            if self.total is not None and rate:
                left = f", about {max(self.total - self.done, 0) / rate:.0f} s left"
            say(f"ingest: {self.done}{of} articles, {rate:.1f}/s{left}")

    def __enter__(self) -> IngestProgress:
        if self.bar:
            self.bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.bar:
            self.bar.stop()


class Engine(StrEnum):
    local = "local"  # this process, or a pool of --workers processes
    dask = "dask"  # a Dask cluster: --scheduler's, or a local one of --workers processes


@app.command(
    epilog="Example: ceasefire ingest fakes.csv --map text=article_content,published=date --db syria.db"
)
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
    # reading is cheap beside the analysis: a first pass counts the inputs for the total
    total = None if "-" in paths else sum(1 for _ in read_paths(paths, mapping, recursive=True))
    with open_store(db, create=True) as store:
        with IngestProgress(err_console, total) as progress:
            report = run(
                read_paths(paths, mapping, recursive=True),
                store,
                published=day,
                threshold=None if no_dedupe else threshold,
                on_progress=progress.advance,
            )
        for failure in report.failures[:SHOWN_FAILURES]:
            report_failure(failure)
        if len(report.failures) > SHOWN_FAILURES:
            say(f"… and {len(report.failures) - SHOWN_FAILURES} more failures (all in the store)")
        failed = f"{len(report.failures)} failed"
        if report.recorded_before:
            failed += f" ({report.recorded_before} as recorded by an earlier run)"
        # the incidents written, not the store's total: counting every incident costs as much
        # as the store holds (`ceasefire summary` gives the totals)
        say(
            f"{db}: read {report.read} in {report.seconds:.1f} s ({report.rate:.1f}/s): "
            f"{report.inserted} new, {report.replaced} replaced, {report.unchanged} unchanged, "
            f"{report.duplicates} near-duplicates, {failed}; "
            f"{report.incidents_changed} incidents written"
        )
        report_check(store)  # the alert rules, on what this ingest added
    # a failure already recorded is news to no one: a re-run over the same inputs succeeds
    if len(report.failures) > report.recorded_before:
        raise typer.Exit(code=1)


@app.command("rebuild-incidents", epilog="Example: ceasefire rebuild-incidents --db syria.db")
def rebuild_incidents(db: DbOption = DEFAULT_DB) -> None:
    """Fuse every report into incidents afresh, for when the fusion rules change (ingest fuses
    only what it adds)."""
    from ceasefire.corpus import fuse_pending

    with open_store(db) as store:
        started = time.perf_counter()
        change = store.rebuild_incidents(fuse_pending)
        say(f"{db}: {len(change.added)} incidents fused afresh in {time.perf_counter() - started:.1f} s")
