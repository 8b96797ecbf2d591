"""Fetching with politeness: one HTTP client, a clear User-Agent, robots.txt, a least interval
between two requests to one host, timeouts, and bounded retries with exponential backoff."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

#: The most a response may hold: a sitemap may be 50 MB (the protocol's limit), and a page
#: beyond the readers' own limit (20 MiB) is refused by them.
MAX_RESPONSE_BYTES = 64 * 2**20
#: How long robots.txt is trusted (RFC 9309: at most a day), and how long a host whose
#: robots.txt could not be reached is left alone before it is asked again.
ROBOTS_TTL_S = 24 * 3600.0
ROBOTS_RETRY_S = 60.0
#: A robots.txt Crawl-delay beyond this is taken as this: a site's whim must not stall a watch.
MAX_CRAWL_DELAY_S = 60.0
#: How long a Retry-After header may make a retry wait.
MAX_RETRY_AFTER_S = 60.0


def _version() -> str:
    try:
        return version("ceasefire")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


#: Names the program, its version and what it does, so that a site's operator knows who asks.
USER_AGENT = f"ceasefire/{_version()} (news watcher; obeys robots.txt)"


@dataclass(frozen=True)
class Politeness:
    """How the watch treats the hosts it asks."""

    user_agent: str = USER_AGENT
    timeout: float = 20.0  # seconds to connect, and between two reads of a response
    per_host: float = 1.0  # least seconds between two requests to one host
    retries: int = 2  # further tries after a timeout, a connection error, a 429 or a 5xx
    backoff: float = 2.0  # seconds before the first retry, doubled for each next one


@dataclass(frozen=True)
class Fetched:
    """A response: 200 with its body, or 304 (not modified since the validators sent)."""

    url: str
    status: int
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


class FetchError(Exception):
    """A URL that could not be fetched. `transient` failures (timeouts, connection errors, 429,
    5xx, an unreachable robots.txt) may succeed later; the others will not. `wait`: how long
    the server asked to be left alone before a retry (Retry-After)."""

    def __init__(
        self, url: str, reason: str, *, transient: bool, status: int | None = None, wait: float = 0.0
    ) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.transient, self.status, self.wait = url, reason, transient, status, wait


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _retry_after(response: httpx.Response) -> float:
    value = response.headers.get("retry-after", "")
    return min(float(value), MAX_RETRY_AFTER_S) if value.isdigit() else 0.0


class Fetcher:
    """Fetches URLs one at a time, politely. `sleep` and `clock` are the waits' (tests pass
    their own); `requests` counts every request sent, robots.txt and retries included."""

    def __init__(
        self,
        politeness: Politeness = Politeness(),
        *,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.politeness = politeness
        self.client = client or httpx.Client(
            headers={"User-Agent": politeness.user_agent},
            timeout=politeness.timeout,
            follow_redirects=True,
        )
        self.sleep, self.clock = sleep, clock
        self.requests = 0
        self._last_request: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        # host -> (its rules, None when it has none, or the FetchError of its robots.txt; when)
        self._robots: dict[str, tuple[RobotFileParser | FetchError | None, float]] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """The URL's response, conditional on the validators of an earlier one when given;
        FetchError when robots.txt disallows it or it cannot be fetched."""
        rules = self._rules(url)
        if isinstance(rules, FetchError):
            raise FetchError(url, f"robots.txt unreachable ({rules.reason})", transient=True)
        if rules is not None and not rules.can_fetch(self.politeness.user_agent, url):
            raise FetchError(url, "disallowed by the site's robots.txt", transient=False)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._fetch(url, headers)

    def _rules(self, url: str) -> RobotFileParser | FetchError | None:
        """The host's robots.txt rules, fetched once a day: None when it has none (a 4xx),
        the FetchError when it could not be reached (RFC 9309: then nothing is fetched)."""
        host = _host(url)
        cached = self._robots.get(host)
        if cached is not None:
            kept, at = cached
            if self.clock() - at < (ROBOTS_RETRY_S if isinstance(kept, FetchError) else ROBOTS_TTL_S):
                return kept
        rules: RobotFileParser | FetchError | None
        try:
            found = self._fetch(f"{host}/robots.txt", {})
        except FetchError as err:
            rules = err if err.transient else None  # a 4xx: the site has no rules
        else:
            rules = RobotFileParser()
            rules.parse(found.body.decode("utf-8", "replace").splitlines())
            delay = rules.crawl_delay(self.politeness.user_agent)
            if delay is not None:
                self._crawl_delay[host] = min(float(delay), MAX_CRAWL_DELAY_S)
        self._robots[host] = (rules, self.clock())
        return rules

    def _wait_for(self, host: str) -> None:
        interval = max(self.politeness.per_host, self._crawl_delay.get(host, 0.0))
        last = self._last_request.get(host)
        if last is not None and (left := last + interval - self.clock()) > 0:
            self.sleep(left)
        self._last_request[host] = self.clock()

    def _fetch(self, url: str, headers: dict[str, str]) -> Fetched:
        """One GET, tried again after a transient failure, waiting backoff × 2^n (or the
        server's Retry-After, bounded) before the n-th retry."""
        tries = self.politeness.retries + 1
        for attempt in range(tries):
            try:
                return self._fetch_once(url, headers)
            except FetchError as err:
                if not err.transient or attempt == tries - 1:
                    raise
                self.sleep(max(self.politeness.backoff * 2**attempt, err.wait))
        raise AssertionError("unreachable: the last try returns or raises")

    def _fetch_once(self, url: str, headers: dict[str, str]) -> Fetched:
        self._wait_for(_host(url))
        self.requests += 1
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status == 429 or status >= 500:
                    raise FetchError(
                        url, f"HTTP {status}", transient=True, status=status, wait=_retry_after(response)
                    )
                if status >= 400:
                    raise FetchError(url, f"HTTP {status}", transient=False, status=status)
                body = self._read_body(url, response) if status != 304 else b""
                return Fetched(
                    url=url,
                    status=status,
                    body=body,
                    content_type=response.headers.get("content-type", "").lower(),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        except httpx.TimeoutException as err:
            reason = f"timed out ({type(err).__name__} after {self.politeness.timeout:g} s)"
            raise FetchError(url, reason, transient=True) from err
        except httpx.TransportError as err:
            raise FetchError(url, f"cannot connect ({err or type(err).__name__})", transient=True) from err
        except httpx.HTTPError as err:  # too many redirects, a malformed response
            raise FetchError(url, f"{type(err).__name__}: {err}", transient=False) from err

    @staticmethod
    def _read_body(url: str, response: httpx.Response) -> bytes:
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise FetchError(url, f"larger than {MAX_RESPONSE_BYTES >> 20} MiB", transient=False)
            chunks.append(chunk)
        return b"".join(chunks)
