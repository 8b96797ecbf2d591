"""RSS and Atom feed files: one article per entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ceasefire.model import EARLIEST_DAY, LATEST_DAY, Failure, RawArticle
from ceasefire.read.limits import body_problem

if TYPE_CHECKING:
    import feedparser


def entry_date(entry: feedparser.FeedParserDict) -> str | None:
    """A feed entry's day of publication (else of its last update), ISO; None when it has none
    in the years an article can carry."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        day = dt.date(*parsed[:3]) if parsed else None
    except (TypeError, ValueError):
        return None
    return day.isoformat() if day and EARLIEST_DAY <= day <= LATEST_DAY else None


def articles_from_feed(text: str, origin: str) -> Iterator[RawArticle | Failure]:
    """Entries with their full content when the feed carries it, else their summary."""
    import feedparser  # loads only when a feed is read: start-up stays quick for other inputs

    feed = feedparser.parse(text)
    if not feed.entries:
        reason = "no entries in the feed"
        if feed.get("bozo"):
            reason = f"not a readable RSS/Atom feed ({feed.get('bozo_exception')})"
        yield Failure(origin, reason)
        return
    source = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        contents = entry.get("content") or []
        body = contents[0].get("value") if contents else entry.get("summary")
        if not body:
            yield Failure(f"{origin}#{number}", "entry has no content or summary")
            continue
        if problem := body_problem("html", body):
            yield Failure(f"{origin}#{number}", problem)
            continue
        yield RawArticle(
            origin=f"{origin}#{number}",
            html=f"<html><body><article>{body}</article></body></html>",
            title=entry.get("title"),
            url=entry.get("link"),
            source=source,
            published=entry_date(entry),
            id=entry.get("id"),
        )
