"""What `ceasefire watch` has seen: one row per polled source and per item (a URL or a file),
with the validators of its last fetch, so that a restarted watch refetches nothing it read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import Connection, delete, insert, select

from ceasefire.store.schema import watched

#: Keys per IN (...) list: well under SQLite's limit on bound variables.
_KEYS_PER_QUERY = 500


@dataclass(frozen=True)
class Watched:
    """The watch's record of one source or item."""

    key: str  # a URL, or a file's absolute path
    kind: str  # feed, sitemap, page, file
    etag: str | None = None  # the server's ETag; for a file, its size and modification time
    last_modified: str | None = None  # the server's Last-Modified
    status: int | None = None  # HTTP status of the last fetch
    error: str | None = None  # why the last fetch or read failed
    attempts: int = 0  # failed fetches in a row
    done: bool = False  # an item read (or given up): not fetched again
    fetched_at: str | None = None  # UTC, ISO


def _chunks(keys: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        yield keys[start : start + _KEYS_PER_QUERY]


def load_watched(conn: Connection, keys: Sequence[str]) -> dict[str, Watched]:
    """The records of those of `keys` the watch has seen."""
    found: dict[str, Watched] = {}
    for chunk in _chunks(list(dict.fromkeys(keys))):
        for row in conn.execute(select(watched).where(watched.c.key.in_(chunk))).mappings():
            found[row["key"]] = Watched(**row)
    return found


def save_watched(conn: Connection, records: Sequence[Watched]) -> None:
    """Write records, each replacing the one of its key (delete then insert: the same on
    every dialect)."""
    latest = {record.key: record for record in records}  # the last of a key wins
    for chunk in _chunks(list(latest)):
        conn.execute(delete(watched).where(watched.c.key.in_(chunk)))
    if latest:
        conn.execute(insert(watched), [asdict(record) for record in latest.values()])
