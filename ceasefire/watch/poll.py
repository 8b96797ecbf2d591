"""One poll of the watched sources, and the loop that polls them on an interval.

A poll fetches each source (a conditional GET with the validators of its last answer), lists
the items it holds, fetches the pages not read before, reads each with the HTML reader and
ingests them; a folder's new or changed files are read by the readers of their format. Every
failure is recorded as ingest records them, and the poll goes on. What the watch has seen is
in the store (`Store.watched`), saved as each batch is stored, so a restarted watch resumes.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ceasefire.model import Failure, RawArticle
from ceasefire.read import display_name, expand_paths, read_paths, read_source
from ceasefire.store import Store, Watched
from ceasefire.watch.fetch import Fetched, Fetcher, FetchError
from ceasefire.watch.sources import Link, is_watchable_url, read_listing

if TYPE_CHECKING:
    from ceasefire.ingest import IngestReport

#: Polls in a row a page may fail for a reason that may pass (a timeout, a 5xx) before the
#: watch gives it up.
MAX_ATTEMPTS = 5
#: How deep sitemap indexes may nest.
MAX_SITEMAP_DEPTH = 3

#: Called after a poll that stored articles, with the store and that poll's ingest report.
AfterIngest = Callable[[Store, "IngestReport"], None]


@dataclass
class PollReport:
    sources: int = 0  # sources polled
    unchanged: int = 0  # of them, unchanged since the last poll (304, no file changed)
    failed_sources: int = 0  # of them, those that could not be read
    new: int = 0  # items (pages, files) not read before, or to try again
    pages: int = 0  # pages fetched
    requests: int = 0  # HTTP requests sent (robots.txt and retries included)
    failures: list[Failure] = field(default_factory=list)  # every failure, as recorded in the store
    ingest: IngestReport | None = None  # None when nothing was new


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _signature(info: os.stat_result) -> str:
    """What tells a changed file: its size and modification time."""
    return f"{info.st_size}:{info.st_mtime_ns}"


class _Poll:
    """One poll's work: the sources first, then the new items, then the sources' records."""

    def __init__(self, store: Store, fetcher: Fetcher) -> None:
        self.store, self.fetcher = store, fetcher
        self.report = PollReport()
        self.links: dict[str, Link] = {}  # item URL -> what its first listing says of it
        self.prefetched: dict[str, Fetched] = {}  # pages given as sources: fetched already
        self.files: list[tuple[str, str, str]] = []  # (path, key, signature): new or changed files
        # each source's record, and the items it listed (None: keep no validators)
        self.sources: list[tuple[Watched, list[str] | None]] = []
        self.polled: set[str] = set()
        self.items: dict[str, Watched] = {}  # the records of the items read this poll
        self.done: set[str] = set()  # item URLs read (or given up), before or now

    def fail(self, origin: str, reason: str) -> None:
        self.store.record_failure(origin, reason)
        self.report.failures.append(Failure(origin, reason))

    # ------------------------------------------------------------ sources

    def poll_url(self, url: str, depth: int = 0) -> None:
        self.polled.add(url)
        known = self.store.watched([url]).get(url)
        self.report.sources += 1
        if known is not None and known.kind == "page":  # an article given as a source: read once
            if known.done:
                self.report.unchanged += 1
            else:
                self.links.setdefault(url, Link(url))
            return
        try:
            fetched = self.fetcher.get(
                url,
                etag=known.etag if known else None,
                last_modified=known.last_modified if known else None,
            )
        except FetchError as err:
            self.source_failed(known or Watched(url, "feed"), err.reason, err.status)
            return
        if fetched.status == 304 and known is not None:
            self.report.unchanged += 1
            self.sources.append((replace(known, status=304, error=None, attempts=0, fetched_at=_now()), []))
            return
        try:
            listing = read_listing(fetched)
        except ValueError as err:
            # no validators kept: the next poll gets it whole, not a 304 for a body never read
            unread = replace(known, etag=None, last_modified=None) if known else Watched(url, "feed")
            self.source_failed(unread, str(err), fetched.status)
            return
        if listing.kind == "page":
            self.links.setdefault(url, Link(url))
            self.prefetched[url] = fetched
            return
        record = Watched(
            url, listing.kind, fetched.etag, fetched.last_modified, fetched.status, fetched_at=_now()
        )
        # an index's children are polled each time: one may change while the index does not
        listed = None if listing.sitemaps else [link.url for link in listing.links]
        self.sources.append((record, listed))
        for link in listing.links:
            self.links.setdefault(link.url, link)
        for child in listing.sitemaps:
            if child in self.polled:
                continue
            if depth >= MAX_SITEMAP_DEPTH:
                self.fail(child, f"a sitemap nested more than {MAX_SITEMAP_DEPTH} deep (not read)")
                continue
            self.poll_url(child, depth + 1)

    def source_failed(self, record: Watched, reason: str, status: int | None) -> None:
        self.report.failed_sources += 1
        self.fail(record.key, reason)
        failed = replace(record, status=status, error=reason, attempts=record.attempts + 1, fetched_at=_now())
        self.sources.append((failed, []))

    def poll_path(self, path: str) -> None:
        self.report.sources += 1
        signatures: dict[str, tuple[str, str]] = {}  # key -> (path, signature)
        failed = False
        for name in expand_paths([path], recursive=True):
            if isinstance(name, Failure):
                self.fail(name.origin, name.reason)
                failed = True
                continue
            key = display_name(os.path.abspath(name))
            try:
                signatures[key] = (name, _signature(os.stat(name)))
            except OSError as err:
                self.fail(key, err.strerror or str(err))
                failed = True
        known = self.store.watched(list(signatures))
        changed = [
            (name, key, sig)
            for key, (name, sig) in signatures.items()
            if key not in known or known[key].etag != sig
        ]
        self.files += changed
        self.report.failed_sources += failed
        self.report.unchanged += not changed and not failed

    def save_sources(self) -> None:
        """The sources' records. A source keeps its validators only when every item it listed
        is read: else the next poll gets it whole (no 304) and tries the rest again."""
        self.store.save_watched(
            [
                record
                if listed is not None and all(url in self.done for url in listed)
                else replace(record, etag=None, last_modified=None)
                for record, listed in self.sources
            ]
        )

    # ------------------------------------------------------------ items

    def read_new(self) -> None:
        from ceasefire.ingest import ingest  # loads spaCy: only for a poll that found something new

        known = self.store.watched(list(self.links))
        self.done = {url for url, record in known.items() if record.done}
        todo = [link for url, link in self.links.items() if url not in self.done]
        self.report.new = len(todo) + len(self.files)
        if not todo and not self.files:
            return
        pending: deque[Watched | None] = deque()  # the record to save once each input is stored

        def inputs() -> Iterator[RawArticle | Failure]:
            for link in todo:
                item, record = self.read_page(link, known.get(link.url))
                self.items[link.url] = record
                pending.append(record)
                yield item
            for path, key, signature in self.files:
                yield from self.read_file(path, key, signature, pending)

        def stored(count: int) -> None:
            records = [pending.popleft() for _ in range(min(count, len(pending)))]
            self.store.save_watched([record for record in records if record is not None])

        report = ingest(inputs(), self.store, on_progress=stored)
        stored(len(pending))  # any input whose batch the progress did not count
        # a page fetched but no article (no text in it, not English): the record says why
        unread = {f.origin: f.reason for f in report.failures if f.origin in self.items}
        self.store.save_watched(
            [
                replace(self.items[url], error=reason)
                for url, reason in unread.items()
                if not self.items[url].error
            ]
        )
        self.done |= {url for url, record in self.items.items() if record.done}
        self.report.failures += report.failures
        self.report.ingest = report

    def read_page(self, link: Link, known: Watched | None) -> tuple[RawArticle | Failure, Watched]:
        """The page as the HTML reader reads it, with the listing's day, and its record."""
        try:
            fetched = self.prefetched.get(link.url) or self.fetcher.get(link.url)
        except FetchError as err:
            attempts = (known.attempts if known else 0) + 1
            given_up = not err.transient or attempts >= MAX_ATTEMPTS
            record = Watched(link.url, "page", None, None, err.status, err.reason, attempts, given_up, _now())
            return Failure(link.url, err.reason), record
        self.report.pages += 1
        suffix = ".txt" if fetched.content_type.startswith("text/plain") else ".html"
        item = next(read_source(fetched.body, link.url, suffix))
        if isinstance(item, RawArticle):
            # the page alone says what it is (a listing's title would make a menu page a
            # headline-only article); the listing's day (a feed's pubDate) is the article's
            item = replace(item, url=link.url, published=link.published)
        error = item.reason if isinstance(item, Failure) else None
        record = Watched(
            link.url, "page", fetched.etag, fetched.last_modified, fetched.status, error, 0, True, _now()
        )
        return item, record

    def read_file(
        self, path: str, key: str, signature: str, pending: deque[Watched | None]
    ) -> Iterator[RawArticle | Failure]:
        """The file's articles; its record goes with the last, so that it is saved only once
        the whole file is stored."""
        record = Watched(key, "file", etag=signature, done=True, fetched_at=_now())
        previous: RawArticle | Failure | None = None
        for item in read_paths([path]):
            if previous is not None:
                pending.append(None)
                yield previous
            previous = item
        if previous is None:  # nothing in it to read
            self.store.save_watched([record])
            return
        pending.append(record)
        yield previous


def poll(
    store: Store, sources: Sequence[str], fetcher: Fetcher, *, after_ingest: AfterIngest | None = None
) -> PollReport:
    """Poll each source once: URLs (feeds, sitemaps, pages) and local files or folders; ingest
    what is new. `after_ingest` is called when the poll stored articles."""
    work = _Poll(store, fetcher)
    requests = fetcher.requests
    for source in sources:
        if is_watchable_url(source):
            if source not in work.polled:
                work.poll_url(source)
        else:
            work.poll_path(source)
    work.read_new()
    work.save_sources()
    report = work.report
    report.requests = fetcher.requests - requests
    if after_ingest is not None and report.ingest and (report.ingest.inserted or report.ingest.replaced):
        after_ingest(store, report.ingest)
    return report


def watch(
    store: Store,
    sources: Sequence[str],
    fetcher: Fetcher,
    *,
    every: float,
    once: bool = False,
    after_ingest: AfterIngest | None = None,
    on_poll: Callable[[int, PollReport], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> PollReport:
    """Poll every `every` seconds (from the start of one poll to the next; at once when a poll
    took longer) until interrupted; with `once`, poll once and return its report.
    `on_poll(n, report)` is called after the n-th poll."""
    number = 0
    while True:
        started = clock()
        report = poll(store, sources, fetcher, after_ingest=after_ingest)
        number += 1
        if on_poll is not None:
            on_poll(number, report)
        if once:
            return report
        sleep(max(0.0, every - (clock() - started)))
