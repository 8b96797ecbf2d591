"""The actors listing's table, kept up to date: one row per merged actor (name, kind, country,
sector, code) with the original articles naming it, its mentions and the first and last
publication day. Saving an article adds its actors' counts; deleting articles counts their
actors' rows again from what stays. The listing then reads one indexed page of it.

Each function takes an open connection and never commits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, func, insert, select

from ceasefire.store.schema import actor_names, actors, articles, mentions

_MERGED = ("name", "kind", "country", "sector", "code")
#: Rows written per statement when the whole table is counted again.
_CHUNK = 2_000


def merged_key(row: Any) -> str:
    """The merged actor's key: its five fields, as JSON."""
    return json.dumps([row[name] for name in _MERGED], ensure_ascii=False)


def _tallies(conn: Connection, *conds: ColumnElement[bool]) -> Iterable[dict[str, Any]]:
    """(merged fields, articles, mentions, first and last seen) over the original articles' actors."""
    per_actor = (
        select(mentions.c.entity_id, func.count().label("n"))
        .where(mentions.c.kind == "actor")
        .group_by(mentions.c.entity_id)
    )
    if conds:  # counted only for the actors asked about, not every mention of the store
        per_actor = per_actor.where(mentions.c.entity_id.in_(select(actors.c.id).where(*conds)))
    counted = per_actor.subquery()
    group = [actors.c[name] for name in _MERGED]
    query = (
        select(
            *group,
            func.count(func.distinct(actors.c.article_id)).label("articles"),
            func.sum(func.coalesce(counted.c.n, 0)).label("mentions"),
            func.min(articles.c.published).label("first_seen"),
            func.max(articles.c.published).label("last_seen"),
        )
        .join(articles, articles.c.id == actors.c.article_id)
        .outerjoin(counted, counted.c.entity_id == actors.c.id)
        .where(articles.c.duplicate_of.is_(None), *conds)
        .group_by(*group)
    )
    for row in conn.execute(query).mappings():
        yield {**row, "key": merged_key(row), "mentions": int(row["mentions"] or 0)}


def add_article(conn: Connection, article_id: str) -> None:
    """Add a just-saved original article's actors to their merged rows."""
    found = list(_tallies(conn, actors.c.article_id == article_id))
    if not found:
        return
    keys = [row["key"] for row in found]
    stored = {
        row["key"]: row
        for row in conn.execute(select(actor_names).where(actor_names.c.key.in_(keys))).mappings()
    }
    merged = []
    for row in found:
        before = stored.get(row["key"])
        if before is not None:
            seen = [d for d in (before["first_seen"], before["last_seen"], row["first_seen"]) if d]
            row = {
                **row,
                "articles": before["articles"] + row["articles"],
                "mentions": before["mentions"] + row["mentions"],
                "first_seen": min(seen, default=None),
                "last_seen": max(seen, default=None),
            }
        merged.append(row)
    conn.execute(delete(actor_names).where(actor_names.c.key.in_(keys)))
    conn.execute(insert(actor_names), merged)


def merged_of(conn: Connection, article_ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """The merged actors (as their five fields) that these articles name."""
    group = [actors.c[name] for name in _MERGED]
    query = select(*group).where(actors.c.article_id.in_(list(article_ids))).distinct()
    return [tuple(row) for row in conn.execute(query)]


def recount(conn: Connection, merged: Sequence[tuple[Any, ...]] | None = None) -> int:
    """Count the merged rows again from the store: those of `merged` (after articles naming them
    were deleted), or every one (None). Returns the rows written."""
    if merged is not None and not merged:
        return 0
    conds: list[ColumnElement[bool]] = []
    if merged is None:
        conn.execute(delete(actor_names))
    else:
        names = sorted({fields[0] for fields in merged})
        conn.execute(delete(actor_names).where(actor_names.c.name.in_(names)))
        # every merged row of those names, whichever was touched: the names index finds them
        conds.append(actors.c.name.in_(names))
    written, batch = 0, []
    for row in _tallies(conn, *conds):
        batch.append(row)
        if len(batch) == _CHUNK:
            conn.execute(insert(actor_names), batch)
            written, batch = written + len(batch), []
    if batch:
        conn.execute(insert(actor_names), batch)
    return written + len(batch)
