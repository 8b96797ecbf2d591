"""Fused events: one real-world event and every article event that reports it.

The corpus stage decides what to fuse; this module only stores and reads its results.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, insert, select

from ceasefire.store.schema import event_sources, fused_events


@dataclass
class FusedEvent:
    id: str
    type: str  # a PLOVER type
    date: str | None
    place: str | None  # a place name, for display
    lat: float | None
    lon: float | None
    country: str | None
    fatalities_min: int | None
    fatalities_max: int | None
    fatalities_mode: int | None
    # store event ids ("<article_id>:e1"); read back sorted
    sources: list[str] = field(default_factory=list)


def save_fused(conn: Connection, fused: Iterable[FusedEvent]) -> int:
    """Insert or replace fused events by id, with their sources; returns how many."""
    batch = list(fused)
    if not batch:
        return 0
    conn.execute(delete(fused_events).where(fused_events.c.id.in_([f.id for f in batch])))
    conn.execute(
        insert(fused_events),
        [
            {
                "id": f.id, "type": f.type, "date": f.date, "place": f.place,
                "lat": f.lat, "lon": f.lon, "country": f.country,
                "fatalities_min": f.fatalities_min, "fatalities_max": f.fatalities_max,
                "fatalities_mode": f.fatalities_mode, "n_sources": len(f.sources),
            }
            for f in batch
        ],
    )
    links = [{"fused_id": f.id, "event_id": e} for f in batch for e in dict.fromkeys(f.sources)]
    if links:
        conn.execute(insert(event_sources), links)
    return len(batch)


def load_fused(conn: Connection) -> list[FusedEvent]:
    """Every fused event with its sources, ordered by id."""
    sources: defaultdict[str, list[str]] = defaultdict(list)
    for link in conn.execute(
        select(event_sources).order_by(event_sources.c.fused_id, event_sources.c.event_id)
    ):
        sources[link.fused_id].append(link.event_id)
    rows = conn.execute(select(fused_events).order_by(fused_events.c.id)).mappings()
    return [
        FusedEvent(
            **{k: v for k, v in row.items() if k != "n_sources"}, sources=sources[row["id"]]
        )
        for row in rows
    ]
