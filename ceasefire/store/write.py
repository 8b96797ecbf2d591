"""Writes inside a caller's transaction: articles (idempotent by key) and failures.

Each function takes an open write connection and never commits: the caller's transaction
decides what is atomic (one article, or a batch), so a crash leaves whole articles only.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Connection, delete, exists, insert, or_, select

from ceasefire.model import Article
from ceasefire.store import actor_names
from ceasefire.store.rows import article_key, content_hash, to_rows
from ceasefire.store.schema import articles, event_sources, events, failures, fused_events


class SaveResult(StrEnum):
    inserted = "inserted"
    unchanged = "unchanged"  # same key, same text: nothing written
    replaced = "replaced"  # same key (or id), new text: the old version and its rows are gone


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _delete_articles(conn: Connection, ids: list[str]) -> None:
    """Delete articles and, by cascade, everything that came from them.

    Fused events that drew on them are dropped too: their counts would be stale, and the
    corpus stage fuses the new version again.
    """
    stale = (
        select(event_sources.c.fused_id)
        .join(events, events.c.id == event_sources.c.event_id)
        .where(events.c.article_id.in_(ids))
    )
    conn.execute(delete(fused_events).where(fused_events.c.id.in_(stale)))
    named = actor_names.merged_of(conn, ids)
    conn.execute(delete(articles).where(articles.c.id.in_(ids)))
    actor_names.recount(conn, named)


def save_article(
    conn: Connection,
    article: Article,
    *,
    minhash: bytes | None = None,
    duplicate_of: str | None = None,
) -> SaveResult:
    """Store an article unless its key already holds the same text; replace it if not.

    The key is the URL, else the content hash. An article whose id is taken by another key
    replaces that one as well: an input's own id names one article.
    """
    text_hash = content_hash(article.text)
    key = article_key(article.url, text_hash)
    existing = conn.execute(
        select(articles.c.id, articles.c.key, articles.c.content_hash).where(
            or_(articles.c.key == key, articles.c.id == article.id)
        )
    ).all()
    if article.origin:  # it went through this time: its earlier failures are history
        conn.execute(delete(failures).where(failures.c.origin == article.origin))
    if any(row.key == key and row.content_hash == text_hash for row in existing):
        return SaveResult.unchanged
    if existing:
        _delete_articles(conn, [row.id for row in existing])
    rows = to_rows(
        article,
        key=key,
        text_hash=text_hash,
        ingested_at=now_iso(),
        minhash=minhash,
        duplicate_of=duplicate_of,
    )
    for table, table_rows in rows.by_table():
        if table_rows:
            conn.execute(insert(table), table_rows)
    actor_names.add_article(conn, article.id)
    return SaveResult.replaced if existing else SaveResult.inserted


def has_article(conn: Connection, key: str, text_hash: str) -> bool:
    """True when the store holds this key with this content (the input can be skipped)."""
    found = select(articles.c.pk).where(articles.c.key == key, articles.c.content_hash == text_hash)
    return bool(conn.scalar(select(exists(found))))


def record_failure(conn: Connection, origin: str, reason: str) -> bool:
    """Note a failed input once per (origin, reason); True when it was new."""
    seen = select(failures.c.pk).where(failures.c.origin == origin, failures.c.reason == reason)
    if conn.scalar(select(exists(seen))):
        return False
    conn.execute(insert(failures).values(origin=origin, reason=reason, at=now_iso()))
    return True
