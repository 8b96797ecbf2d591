"""`ceasefire watch`: a web site on 127.0.0.1 serves a feed, a sitemap and article pages made at
test time from FA-KES articles (../shared); the watch ingests what is new, once, survives what
fails, resumes after a restart, and is polite (conditional GETs, robots.txt, a per-host rate)."""

from __future__ import annotations

import csv
import itertools
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli import app
from ceasefire.ingest import IngestReport
from ceasefire.store import Store, open_store
from ceasefire.watch import Fetcher, Politeness, parse_duration, poll, watch
from tests.conftest import shared_path

ROOT = Path(__file__).resolve().parents[1]
#: Short enough that the tests take seconds: the slow page sleeps longer than TIMEOUT.
TIMEOUT = 0.3
FAST = Politeness(timeout=TIMEOUT, per_host=0.0, retries=1, backoff=0.01)
NOT_AN_ARTICLE = (
    b"<html><head></head><body><nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav></body></html>"
)


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0  # seconds before it answers


@dataclass
class Hit:
    path: str
    at: float  # time.monotonic() when the request came
    headers: dict[str, str]
    status: int = 0  # what the site answered


@dataclass
class Site:
    """A web site the test writes (path -> Page; 404 elsewhere), and every request it got."""

    port: int = 0
    pages: dict[str, Page] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests(self, path: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.path == path]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hit = Hit(self.path, time.monotonic(), {k.lower(): v for k, v in self.headers.items()})
            site.hits.append(hit)
            page = site.pages.get(self.path)
            if page is not None and page.delay:
                time.sleep(page.delay)
            if page is None:
                hit.status = 404
            elif (page.etag and self.headers.get("If-None-Match") == page.etag) or (
                page.last_modified and self.headers.get("If-Modified-Since") == page.last_modified
            ):
                hit.status = 304
            else:
                hit.status = page.status
            try:
                self.send_response(hit.status)
                if page is not None and hit.status != 304:
                    self.send_header("Content-Type", page.content_type)
                    self.send_header("Content-Length", str(len(page.body)))
                if page is not None and page.etag:
                    self.send_header("ETag", page.etag)
                if page is not None and page.last_modified:
                    self.send_header("Last-Modified", page.last_modified)
                if page is None or hit.status == 304:
                    self.send_header("Content-Length", "0")
                self.end_headers()
                if page is not None and hit.status != 304:
                    self.wfile.write(page.body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (the slow page)
                pass

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    served.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def stories() -> list[tuple[str, str]]:
    """(title, text) of the first FA-KES articles."""
    with shared_path("corpora/fakes-syria-dev.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(8), csv.DictReader(handle), strict=False)]
    return [(row["article_title"], row["article_content"]) for row in rows]


def article_page(title: str, text: str) -> Page:
    sentences = re.split(r"(?<=\.) ", text)
    paragraphs = "".join(
        f"<p>{escape(' '.join(sentences[i : i + 3]))}</p>" for i in range(0, len(sentences), 3)
    )
    html = (
        f"<!doctype html><html><head><title>{escape(title)}</title></head><body>"
        f"<article><h1>{escape(title)}</h1>{paragraphs}</article></body></html>"
    )
    return Page(html.encode())


def rss(site: Site, paths: list[str], **page: str) -> Page:
    items = "".join(
        f"<item><title>Story {n}</title><link>{site.url(path)}</link>"
        "<pubDate>Tue, 05 Jul 2016 10:00:00 GMT</pubDate></item>"
        for n, path in enumerate(paths, start=1)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title>{items}</channel></rss>'
    return Page(body.encode(), "application/rss+xml", **page)  # type: ignore[arg-type]


def serve_stories(site: Site, stories: list[tuple[str, str]], count: int, first: int = 0) -> list[str]:
    """Pages /news/N.html of `count` stories; their paths."""
    paths = []
    for n in range(first, first + count):
        paths.append(f"/news/{n}.html")
        site.pages[paths[-1]] = article_page(*stories[n])
    return paths


def fetcher(politeness: Politeness = FAST) -> Fetcher:
    return Fetcher(politeness)


def failures(db: Path) -> dict[str, str]:
    """origin -> reason of the store's recorded failures."""
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT origin, reason FROM failures").fetchall())


def stored_urls(store: Store) -> set[str]:
    return {row["url"] for row in store.articles(limit=None)}


def closed_port() -> int:
    """A port nothing listens on: a dead feed's connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_new_items_are_ingested_once_and_an_unchanged_feed_costs_no_page_fetch(
    site: Site, stories: list[tuple[str, str]], tmp_path: Path
) -> None:
    paths = serve_stories(site, stories, 3)
    site.pages["/feed.xml"] = rss(site, paths, etag='"v1"')
    feed = site.url("/feed.xml")
    with open_store(str(tmp_path / "w.db")) as store, fetcher() as client:
        first = poll(store, [feed], client)
        assert first.ingest is not None and first.ingest.inserted == 3
        assert (first.new, first.pages, first.failures) == (3, 3, [])
        assert stored_urls(store) == {site.url(p) for p in paths}

        second = poll(store, [feed], client)
        feed_hits = site.requests("/feed.xml")
        assert feed_hits[1].headers["if-none-match"] == '"v1"' and feed_hits[1].status == 304
        assert (second.unchanged, second.new, second.pages, second.ingest) == (1, 0, 0, None)
        assert [len(site.requests(p)) for p in paths] == [1, 1, 1]  # no page fetched again

        # a new story in the feed: only it is fetched and ingested
        paths += serve_stories(site, stories, 1, first=3)
        site.pages["/feed.xml"] = rss(site, paths, etag='"v2"')
        third = poll(store, [feed], client)
        assert third.ingest is not None and (third.new, third.pages, third.ingest.inserted) == (1, 1, 1)
        assert [len(site.requests(p)) for p in paths] == [1, 1, 1, 1]
        assert len(store.articles(limit=None)) == 4


def test_what_fails_is_recorded_and_the_watch_goes_on(
    site: Site, stories: list[tuple[str, str]], tmp_path: Path
) -> None:
    good = serve_stories(site, stories, 2)
    site.pages["/down.html"] = Page(b"oops", status=500)
    site.pages["/slow.html"] = Page(article_page(*stories[2]).body, delay=TIMEOUT * 3)
    site.pages["/menu.html"] = Page(NOT_AN_ARTICLE)
    site.pages["/feed.xml"] = rss(
        site, [good[0], "/down.html", "/slow.html", "/menu.html", good[1]], etag='"1"'
    )
    site.pages["/broken.rss"] = Page(b"this is { not a feed", "application/rss+xml")
    dead = f"http://127.0.0.1:{closed_port()}/feed.xml"
    sources = [dead, site.url("/broken.rss"), site.url("/feed.xml")]
    db = tmp_path / "w.db"
    with open_store(str(db)) as store, fetcher() as client:
        report = poll(store, sources, client)
        assert report.ingest is not None and report.ingest.inserted == 2
        assert stored_urls(store) == {site.url(p) for p in good}
        reasons = {failure.origin: failure.reason for failure in report.failures}
        expected = {
            dead: "cannot connect",
            site.url("/broken.rss"): "not a readable RSS/Atom feed",
            site.url("/down.html"): "HTTP 500",
            site.url("/slow.html"): "timed out",
            site.url("/menu.html"): "no article text",
        }
        assert set(reasons) == set(expected)
        for origin, reason in expected.items():
            assert reason in reasons[origin]
        assert failures(db) == reasons  # recorded as ingest records failures
        assert (report.sources, report.failed_sources) == (3, 2)
        # a 500 and a timeout are tried again at once (retries=1), then at the next poll
        assert len(site.requests("/down.html")) == 2 and len(site.requests("/slow.html")) == 2

        again = poll(store, sources, client)
        # the feed lists pages still to read: fetched whole, not answered 304
        assert "if-none-match" not in site.requests("/feed.xml")[1].headers
        assert len(site.requests("/down.html")) == 4 and len(site.requests("/slow.html")) == 4
        assert len(site.requests("/menu.html")) == 1  # not an article: read once, not again
        assert again.ingest is not None and again.ingest.inserted == 0
        record = store.watched([site.url("/down.html")])[site.url("/down.html")]
        assert (record.attempts, record.done, record.status) == (2, False, 500)


def test_a_restart_resumes_without_refetching(
    site: Site, stories: list[tuple[str, str]], tmp_path: Path
) -> None:
    paths = serve_stories(site, stories, 2)
    site.pages["/feed.xml"] = rss(site, paths[:1], last_modified="Tue, 05 Jul 2016 10:00:00 GMT")
    sources = [site.url("/feed.xml"), site.url(paths[1])]  # a feed, and an article page itself
    db = str(tmp_path / "w.db")
    with open_store(db) as store, fetcher() as client:
        assert poll(store, sources, client).new == 2
    hits = len(site.hits)
    with open_store(db) as store, fetcher() as client:  # a new process, as it were
        report = poll(store, sources, client)
        assert (report.new, report.pages, report.ingest, report.unchanged) == (0, 0, None, 2)
        assert len(store.articles(limit=None)) == 2
    later = site.hits[hits:]
    assert [hit.path for hit in later] == ["/robots.txt", "/feed.xml"]  # the page is not asked again
    assert later[1].headers["if-modified-since"] == "Tue, 05 Jul 2016 10:00:00 GMT"
    assert later[1].status == 304


def test_robots_txt_is_obeyed(site: Site, stories: list[tuple[str, str]], tmp_path: Path) -> None:
    site.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    site.pages["/private/1.html"] = article_page(*stories[0])
    public = serve_stories(site, stories, 1, first=1)
    site.pages["/feed.xml"] = rss(site, ["/private/1.html", *public])
    db = tmp_path / "w.db"
    with open_store(str(db)) as store, fetcher() as client:
        report = poll(store, [site.url("/feed.xml")], client)
        assert report.ingest is not None and report.ingest.inserted == 1
        assert stored_urls(store) == {site.url(public[0])}
        poll(store, [site.url("/feed.xml")], client)
    assert site.requests("/private/1.html") == []
    assert failures(db) == {site.url("/private/1.html"): "disallowed by the site's robots.txt"}
    assert len(site.requests("/robots.txt")) == 1  # read once, kept


def test_a_robots_txt_for_ceasefire_alone_stops_it(site: Site, tmp_path: Path) -> None:
    site.pages["/robots.txt"] = Page(b"User-agent: ceasefire\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    site.pages["/feed.xml"] = rss(site, [])
    with open_store(str(tmp_path / "w.db")) as store, fetcher() as client:
        report = poll(store, [site.url("/feed.xml")], client)
    assert site.requests("/feed.xml") == []
    assert [f.reason for f in report.failures] == ["disallowed by the site's robots.txt"]


def test_requests_to_one_host_are_spaced(site: Site, stories: list[tuple[str, str]], tmp_path: Path) -> None:
    interval = 0.2
    paths = serve_stories(site, stories, 2)
    site.pages["/feed.xml"] = rss(site, paths)
    polite = Politeness(timeout=TIMEOUT, per_host=interval, retries=0)
    with open_store(str(tmp_path / "w.db")) as store, fetcher(polite) as client:
        poll(store, [site.url("/feed.xml")], client)
    times = [hit.at for hit in site.hits]
    assert [hit.path for hit in site.hits] == ["/robots.txt", "/feed.xml", *paths]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= interval * 0.95, gaps


def test_a_sitemap_index_and_its_sitemaps_are_read(
    site: Site, stories: list[tuple[str, str]], tmp_path: Path
) -> None:
    paths = serve_stories(site, stories, 2)
    site.pages["/sitemap.xml"] = Page(
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>/news-sitemap.xml</loc></sitemap></sitemapindex>",
        "application/xml",
    )
    entries = "".join(
        f"<url><loc>{site.url(path)}</loc><news:news><news:publication_date>2016-07-0{n}T08:00:00Z"
        f"</news:publication_date><news:title>Story {n}</news:title></news:news></url>"
        for n, path in enumerate(paths, start=1)
    )
    site.pages["/news-sitemap.xml"] = Page(
        (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>'
        ).encode(),
        "application/xml",
        etag='"s1"',
    )
    with open_store(str(tmp_path / "w.db")) as store, fetcher() as client:
        report = poll(store, [site.url("/sitemap.xml")], client)
        assert report.ingest is not None and report.ingest.inserted == 2
        assert stored_urls(store) == {site.url(p) for p in paths}
        again = poll(store, [site.url("/sitemap.xml")], client)
    assert (again.new, again.pages) == (0, 0)
    # the index is read each time (a child may change while it does not); the child is a 304
    assert [hit.status for hit in site.requests("/news-sitemap.xml")] == [200, 304]


def test_a_folder_gives_its_new_and_changed_files(stories: list[tuple[str, str]], tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.html").write_bytes(article_page(*stories[0]).body)
    (inbox / "two.txt").write_text(stories[1][1], encoding="utf-8")
    (inbox / "picture.png").write_bytes(b"\x89PNG")  # not read: no reader for it
    with open_store(str(tmp_path / "w.db")) as store, fetcher() as client:
        first = poll(store, [str(inbox)], client)
        assert first.ingest is not None and (first.new, first.ingest.inserted) == (2, 2)
        second = poll(store, [str(inbox)], client)
        assert (second.new, second.unchanged, second.ingest) == (0, 1, None)
        (inbox / "three.txt").write_text(stories[2][1], encoding="utf-8")
        (inbox / "two.txt").write_text(stories[3][1], encoding="utf-8")
        os.utime(inbox / "two.txt", ns=(0, 10**18))  # changed, whatever the clock's resolution
        third = poll(store, [str(inbox)], client)
        assert third.ingest is not None and (third.new, third.ingest.inserted) == (2, 2)
        assert len(store.articles(limit=None)) == 4
    assert client.requests == 0


def test_after_ingest_is_called_after_a_poll_that_stored_articles(
    site: Site, stories: list[tuple[str, str]], tmp_path: Path
) -> None:
    site.pages["/feed.xml"] = rss(site, serve_stories(site, stories, 1), etag='"1"')
    calls: list[tuple[Store, IngestReport]] = []
    with open_store(str(tmp_path / "w.db")) as store, fetcher() as client:
        for _ in range(2):
            poll(store, [site.url("/feed.xml")], client, after_ingest=lambda s, r: calls.append((s, r)))
        assert len(calls) == 1 and calls[0][0] is store and calls[0][1].inserted == 1


def test_the_loop_polls_every_interval_until_stopped(site: Site, tmp_path: Path) -> None:
    site.pages["/feed.xml"] = rss(site, [])
    slept: list[float] = []
    polls: list[int] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 2:
            raise KeyboardInterrupt

    with open_store(str(tmp_path / "w.db")) as store, fetcher() as client, pytest.raises(KeyboardInterrupt):
        watch(
            store,
            [site.url("/feed.xml")],
            client,
            every=60,
            sleep=sleep,
            on_poll=lambda n, _: polls.append(n),
        )
    assert polls == [1, 2] and all(55 < seconds <= 60 for seconds in slept)


def test_durations_read_as_typed() -> None:
    assert [parse_duration(text) for text in ("15m", "30s", "1h", "90", "500ms", "1.5h")] == [
        900,
        30,
        3600,
        90,
        0.5,
        5400,
    ]
    assert parse_duration("0", allow_zero=True) == 0
    for bad in ("soon", "-5m", "0", "15 minutes"):
        with pytest.raises(ValueError, match="not a duration"):
            parse_duration(bad)


def test_the_command_polls_once_and_says_what_it_did(
    site: Site, stories: list[tuple[str, str]], tmp_path: Path
) -> None:
    runner = CliRunner()
    site.pages["/feed.xml"] = rss(site, [*serve_stories(site, stories, 1), "/gone.html"])
    db = str(tmp_path / "w.db")
    options = ["--once", "--db", db, "--rate", "0", "--timeout", "1s", "--retries", "0"]
    result = runner.invoke(app, ["watch", site.url("/feed.xml"), *options])
    assert result.exit_code == 0, result.stderr
    assert f"{site.url('/gone.html')}: HTTP 404" in result.stderr
    assert "poll 1: 1 sources (0 unchanged, 0 failed), 2 new items, 1 pages fetched" in result.stderr
    assert "stored 1 new" in result.stderr and "; 1 failed" in result.stderr
    user_agent = site.requests("/feed.xml")[0].headers["user-agent"]
    assert re.fullmatch(r"ceasefire/\S+ \(.*\)", user_agent)

    dead = runner.invoke(app, ["watch", f"http://127.0.0.1:{closed_port()}/feed.xml", *options])
    assert dead.exit_code == 1 and "cannot connect" in dead.stderr  # no source could be read
    missing = runner.invoke(app, ["watch", str(tmp_path / "nowhere"), *options])
    assert (
        missing.exit_code == 2 and "neither an http(s) URL nor an existing file or folder" in missing.stderr
    )
    bad_every = runner.invoke(app, ["watch", str(tmp_path), "--every", "soon", "--db", db])
    assert bad_every.exit_code == 2 and "--every: not a duration: 'soon'" in bad_every.stderr


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_command_stops_cleanly(stop: signal.Signals, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    command = [sys.executable, "-m", "ceasefire", "watch", str(inbox), "--every", "1h"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [*command, "--db", str(tmp_path / "w.db")], stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        assert process.stderr is not None
        line = process.stderr.readline()  # the first poll's line: then it sleeps
        assert line.startswith("poll 1: 1 sources"), line
        process.send_signal(stop)
        assert process.wait(timeout=20) == 0
        assert "watch: stopped" in process.stderr.read()


def test_a_store_from_before_the_watch_gets_its_table(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with open_store(str(db)):
        pass
    with sqlite3.connect(db) as conn:  # back to the shape before migration step 8
        conn.execute("DROP TABLE watched")
        conn.execute("DELETE FROM schema_version WHERE version = 8")
    site.pages["/feed.xml"] = rss(site, [], etag='"1"')
    with open_store(str(db)) as store, fetcher() as client:
        poll(store, [site.url("/feed.xml")], client)
        assert store.watched([site.url("/feed.xml")])[site.url("/feed.xml")].etag == '"1"'
