"""Writes inside a caller's transaction: articles (idempotent by key) and failures.

Each function takes an open write connection and never commits: the caller's transaction
decides what is atomic (one article, or a batch), so a crash leaves whole articles only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from sqlalchemy import Connection, and_, delete, exists, insert, or_, select

from ceasefire.model import Article
from ceasefire.store import actor_names
from ceasefire.store.rows import article_key, content_hash, to_rows
from ceasefire.store.schema import (
    article_bands,
    articles,
    band_queue,
    event_sources,
    events,
    failures,
    fused_events,
    fusion_queue,
)


class SaveResult(StrEnum):
    inserted = "inserted"
    unchanged = "unchanged"  # same key, same text: nothing written
    replaced = "replaced"  # same key (or id), new text: the old version and its rows are gone


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _delete_articles(conn: Connection, ids: list[str]) -> None:
    """Delete articles and, by cascade, everything that came from them.

    Fused events that drew on them are dropped too: their counts would be stale. Their other
    reports go back to the fusion queue, so the corpus stage fuses them again with the new
    version.
    """
    stale = (
        select(event_sources.c.fused_id)
        .join(events, events.c.id == event_sources.c.event_id)
        .where(events.c.article_id.in_(ids))
    )
    survivors = (
        select(event_sources.c.event_id)
        .join(events, events.c.id == event_sources.c.event_id)
        .where(event_sources.c.fused_id.in_(stale), events.c.article_id.not_in(ids))
    )
    conn.execute(insert(fusion_queue).from_select(["event_id"], survivors))
    conn.execute(delete(fused_events).where(fused_events.c.id.in_(stale)))
    named = actor_names.merged_of(conn, ids)
    conn.execute(delete(articles).where(articles.c.id.in_(ids)))
    actor_names.recount(conn, named)


def save_article(
    conn: Connection,
    article: Article,
    *,
    minhash: bytes | None = None,
    bands: Sequence[int] = (),
    duplicate_of: str | None = None,
) -> SaveResult:
    """Store an article unless its key already holds the same text; replace it if not.

    The key is the URL, else the content hash. An article whose id is taken by another key
    replaces that one as well: an input's own id names one article. Its asserted events
    join the fusion queue; an original's `bands` (of its signature) index it for the
    near-duplicates to come.
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
    asserted = [{"event_id": row["id"]} for row in rows.events if row["status"] == "asserted"]
    if asserted and duplicate_of is None:
        conn.execute(insert(fusion_queue), asserted)
    if duplicate_of is None:
        _insert_bands(conn, article.id, bands)
    actor_names.add_article(conn, article.id)
    return SaveResult.replaced if existing else SaveResult.inserted


def _insert_bands(conn: Connection, article_id: str, bands: Sequence[int]) -> None:
    if bands:
        rows = [{"article_id": article_id, "band": n, "bucket": bucket} for n, bucket in enumerate(bands)]
        conn.execute(insert(article_bands), rows)


def band_matches(conn: Connection, buckets: Sequence[int]) -> list[tuple[str, str, bytes]]:
    """The originals sharing the bucket of a band with `buckets`, in ingest order."""
    if not buckets:
        return []
    # from the band index to the articles by their ids: never a pass over every article
    sharing = (
        select(article_bands.c.article_id)
        # one (band, bucket) equality per band: each an index lookup (a row-value IN is not, on
        # SQLite)
        .where(
            or_(
                *(and_(article_bands.c.band == n, article_bands.c.bucket == b) for n, b in enumerate(buckets))
            )
        )
        .distinct()
        .subquery("sharing")
    )
    query = (
        select(articles.c.id, articles.c.key, articles.c.minhash)
        .join(sharing, sharing.c.article_id == articles.c.id)
        .where(articles.c.duplicate_of.is_(None), articles.c.minhash.is_not(None))
        .order_by(articles.c.pk)
    )
    return [(row.id, row.key, row.minhash) for row in conn.execute(query)]


def unbanded(conn: Connection) -> list[tuple[str, bytes]]:
    query = (
        select(articles.c.id, articles.c.minhash)
        # the queued ids looked up (the queue is mostly empty), not every article read in order
        .where(articles.c.id.in_(select(band_queue.c.article_id)), articles.c.minhash.is_not(None))
        .order_by(articles.c.pk)
    )
    return [(row.id, row.minhash) for row in conn.execute(query)]


def save_bands(conn: Connection, bands: dict[str, Sequence[int]]) -> None:
    for article_id, buckets in bands.items():
        conn.execute(delete(article_bands).where(article_bands.c.article_id == article_id))
        _insert_bands(conn, article_id, buckets)
        conn.execute(delete(band_queue).where(band_queue.c.article_id == article_id))


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
