"""`ceasefire watch SOURCE...`: poll feeds, sitemaps, pages and folders; ingest what is new."""

from __future__ import annotations

import os
import signal
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from ceasefire.cli.app import DEFAULT_DB, DbOption, app, bad_option, open_store, report_failure, say
from ceasefire.cli.ingest import SHOWN_FAILURES

if TYPE_CHECKING:
    from ceasefire.ingest import IngestReport
    from ceasefire.store import Store
    from ceasefire.watch import PollReport


def _seconds(option: str, value: str, *, allow_zero: bool = False) -> float:
    from ceasefire.watch import parse_duration

    try:
        return parse_duration(value, allow_zero=allow_zero)
    except ValueError as err:
        raise bad_option(option, str(err)) from None


def _print_poll(number: int, report: PollReport) -> None:
    """Each failure on a line of its own, then one line for the poll."""
    for failure in report.failures[:SHOWN_FAILURES]:
        report_failure(failure)
    if len(report.failures) > SHOWN_FAILURES:
        say(f"… and {len(report.failures) - SHOWN_FAILURES} more failures (all in the store)")
    line = (
        f"poll {number}: {report.sources} sources ({report.unchanged} unchanged, "
        f"{report.failed_sources} failed), {report.new} new items, {report.pages} pages fetched "
        f"({report.requests} requests)"
    )
    if report.ingest is not None:
        done = report.ingest
        line += (
            f"; stored {done.inserted} new, {done.replaced} replaced, {done.unchanged} unchanged, "
            f"{done.duplicates} near-duplicates"
        )
    say(f"{line}; {len(report.failures)} failed")


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # a service manager's SIGTERM stops the watch as Ctrl-C does


def _check_alerts(store: Store, _ingested: IngestReport) -> None:
    """The zone alert rules, on what a poll stored."""
    from ceasefire.cli.alerts import report_check

    report_check(store)


@app.command(
    epilog="Example: ceasefire watch https://example.org/feed.xml https://example.org/sitemap.xml "
    "inbox/ --every 15m --db syria.db"
)
def watch(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="RSS/Atom feeds, sitemaps or article pages (http/https URLs), or local files and folders."
        ),
    ],
    db: DbOption = DEFAULT_DB,
    every: Annotated[str, typer.Option(help="Time between two polls: 90 (seconds), 30s, 15m, 1h.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit.")] = False,
    rate: Annotated[
        str,
        typer.Option(
            help="Least time between two requests to one host (robots.txt's Crawl-delay may ask more)."
        ),
    ] = "1s",
    timeout: Annotated[
        str, typer.Option(help="Time to connect, and between two reads of an answer.")
    ] = "20s",
    retries: Annotated[
        int, typer.Option(min=0, max=10, help="Retries after a timeout, a connection error, a 429 or a 5xx.")
    ] = 2,
    user_agent: Annotated[
        str | None, typer.Option(help="User-Agent header (default: ceasefire and its version).")
    ] = None,
) -> None:
    """Poll sources on an interval and ingest the new articles; robots.txt and a per-host rate obeyed.
    After each poll that stored articles, the alert rules are checked (`ceasefire alerts`)."""
    from ceasefire.watch import USER_AGENT, Fetcher, Politeness, is_watchable_url
    from ceasefire.watch import watch as run_watch

    for source in sources:
        if not is_watchable_url(source) and not os.path.exists(source):
            raise bad_option("SOURCE", f"{source!r}: neither an http(s) URL nor an existing file or folder")
    politeness = Politeness(
        user_agent=user_agent or USER_AGENT,
        timeout=_seconds("--timeout", timeout),
        per_host=_seconds("--rate", rate, allow_zero=True),
        retries=retries,
    )
    interval = _seconds("--every", every)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        with open_store(db, create=True) as store, Fetcher(politeness) as fetcher:
            last = run_watch(
                store,
                sources,
                fetcher,
                every=interval,
                once=once,
                on_poll=_print_poll,
                after_ingest=_check_alerts,
            )
    except KeyboardInterrupt:
        say("watch: stopped")
        return
    finally:
        signal.signal(signal.SIGTERM, previous)
    # --once: a failed source is reported and recorded, not fatal, unless no source was read
    if last.failed_sources and last.failed_sources == last.sources:
        raise typer.Exit(code=1)
