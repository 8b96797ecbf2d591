"""The limits every reader holds, so that no input can stall a run or exhaust the machine.

Each limit hit is a Failure naming the input and the limit; the run goes on. They are
documented for users in docs/limits.md (keep the two in step).
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

MiB = 2**20

#: A file that holds one article (text, HTML): no news article is this long.
MAX_ARTICLE_BYTES = 20 * MiB
#: A dump (JSONL, CSV, feed) is read whole into memory: above this, split it.
MAX_DUMP_BYTES = 1024 * MiB
#: The body of one record (its text or its HTML), in characters: a body beyond this is a page
#: dump, not an article.
MAX_BODY_CHARS = 1_000_000
#: Characters of one article analysed: cleaning cuts the rest at a paragraph end and records
#: a "truncated" removal. The analysis grows faster than the length (the events' rules with
#: its square: 50,000 characters of dense news took 5 s, 100,000 took 18 s and 560 MB on the
#: 2-core development machine), and the longest news articles run to tens of thousands.
MAX_ANALYSED_CHARS = 100_000
#: Every other field of a record (id, title, url, source, published), in characters.
MAX_FIELD_CHARS = 10_000
#: Tags in one HTML article. A large real page has a few thousand.
MAX_TAGS = 100_000
#: Attributes in one tag: real tags have a handful, and HTML extraction time grows with the
#: square of them (30,000 in one tag: 21 s).
MAX_ATTRIBUTES = 1_000
#: Seconds to clean one article (HTML extraction included) before it is given up.
MAX_CLEAN_SECONDS = 30

_TAG = re.compile(r"<[A-Za-z][^>]*>")
# Script, style and comment bodies hold "<" and "=" that are code, not markup.
_OPAQUE = re.compile(r"<(script|style)\b|<!--", re.IGNORECASE)
_OPAQUE_END = {
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
    "": re.compile(r"-->"),
}


def _markup(html: str) -> Iterator[str]:
    """The page in pieces, without script, style and comment bodies; each body is skipped in
    one search, so a page of unclosed openings costs one pass."""
    at = 0
    while (opening := _OPAQUE.search(html, at)) is not None:
        yield html[at : opening.start()]
        closing = _OPAQUE_END[(opening.group(1) or "").lower()].search(html, opening.end())
        if closing is None:
            return
        at = closing.end()
    yield html[at:]


def body_problem(field: str, value: str) -> str | None:
    """Why a record's text or HTML is over the limits, or None."""
    if len(value) > MAX_BODY_CHARS:
        return f"'{field}' is {len(value):,} characters (the limit is {MAX_BODY_CHARS:,})"
    problem = markup_problem(value) if field == "html" else None
    return f"'{field}' holds {problem}" if problem else None


def markup_problem(html: str) -> str | None:
    """Why an HTML page has more markup than the limits allow, or None."""
    tags = 0
    for piece in _markup(html):
        for match in _TAG.finditer(piece):
            tags += 1
            if tags > MAX_TAGS:
                return f"more than {MAX_TAGS:,} HTML tags"
            if match.group().count("=") > MAX_ATTRIBUTES:
                return f"an HTML tag with more than {MAX_ATTRIBUTES:,} attributes"
    return None


class TimeLimit(BaseException):
    """Work ran past its time limit. A BaseException, so that no library's `except Exception`
    swallows it halfway."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimit in the block once `seconds` have passed. It takes a timer signal, so it
    holds in a process's main thread (the CLI, ingest workers); elsewhere the block runs unbounded."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise TimeLimit

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
