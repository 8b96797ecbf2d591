"""Article records to table rows and back, without loss.

A record field with a column of the same name goes to that column; the few that need
shaping (ids, references, mentions, lists) are handled by name; any other field goes to the
row's ``extra`` JSON, so a field a stage adds to model.py survives a round trip untouched.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Table

from ceasefire.model import (
    Actor,
    Article,
    Event,
    Mention,
    Period,
    Place,
    Quote,
    Removal,
    TimeExpression,
)
from ceasefire.store import schema

Row = dict[str, Any]
R = TypeVar("R")


def content_hash(text: str) -> str:
    """The hash of an article's cleaned text: equal hashes mean the same content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_key(url: str | None, text_hash: str) -> str:
    """An article's identity across runs: its URL when it has one, else its content."""
    return url if url else f"sha256:{text_hash}"


def global_id(article_id: str, local_id: str) -> str:
    return f"{article_id}:{local_id}"


def _local_id(article_id: str, gid: str | None) -> str | None:
    prefix = f"{article_id}:"
    return gid[len(prefix) :] if gid and gid.startswith(prefix) else gid


# ---------------------------------------------------------------- records to rows


def _plain(value: Any) -> Any:
    """A JSON-ready copy of a field value (dataclasses to dicts, tuples to lists)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


_PARTITIONS: dict[tuple[type, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _partition(cls: type, table: Table, handled: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(fields with a column, fields for ``extra``) of a record class: computed once."""
    known = _PARTITIONS.get((cls, table.name))
    if known is None:
        names = [f.name for f in dataclasses.fields(cls) if f.name not in handled]
        known = (
            tuple(n for n in names if n in table.c),
            tuple(n for n in names if n not in table.c),
        )
        _PARTITIONS[(cls, table.name)] = known
    return known


def _split(record: Any, table: Table, handled: frozenset[str]) -> Row:
    """Columns named like the record's fields, and the unknown fields in ``extra``."""
    columns, others = _partition(type(record), table, handled)
    row: Row = {name: getattr(record, name) for name in columns}
    row["extra"] = {name: _plain(getattr(record, name)) for name in others} or None
    return row


@dataclass
class ArticleRows:
    """Everything one article writes, per table, in insertion order."""

    article: Row
    countries: list[Row] = field(default_factory=list)
    actors: list[Row] = field(default_factory=list)
    places: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    quotes: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    event_actors: list[Row] = field(default_factory=list)

    def by_table(self) -> list[tuple[Table, list[Row]]]:
        """Rows per table, parents first."""
        return [
            (schema.articles, [self.article]),
            (schema.article_countries, self.countries),
            (schema.actors, self.actors),
            (schema.places, self.places),
            (schema.mentions, self.mentions),
            (schema.quotes, self.quotes),
            (schema.events, self.events),
            (schema.event_actors, self.event_actors),
        ]


_ARTICLE_HANDLED = frozenset(
    {"actors", "places", "quotes", "events", "times", "countries", "removed", "segments"}
)
_ENTITY_HANDLED = frozenset({"id", "mentions"})
_QUOTE_HANDLED = frozenset({"id", "speaker", "speaker_mention"})
_EVENT_HANDLED = frozenset({"id", "actor", "recipient", "place"})


def _mention_rows(article_id: str, gid: str, kind: str, mentions: list[Mention]) -> list[Row]:
    return [
        {
            "article_id": article_id,
            "entity_id": gid,
            "kind": kind,
            "start": m.start,
            "end": m.end,
            "text": m.text,
        }
        for m in mentions
    ]


def to_rows(
    article: Article,
    *,
    key: str,
    text_hash: str,
    ingested_at: str,
    minhash: bytes | None,
    duplicate_of: str | None,
) -> ArticleRows:
    aid = article.id
    row = _split(article, schema.articles, _ARTICLE_HANDLED)
    published = Period.parse(article.published[:10] if article.published else None)
    row.update(
        # a publication date the calendar lacks or out of range ("May 2017", "9999-12-31", from
        # any entry point) is refused: the article is stored as undated, never sorted first
        published=article.published if published and published.in_range() else None,
        key=key,
        content_hash=text_hash,
        ingested_at=ingested_at,
        minhash=minhash,
        duplicate_of=duplicate_of,
        segments=[list(s) for s in article.segments],
        removed=_plain(article.removed),
        times=_plain(article.times),
    )
    out = ArticleRows(article=row)
    out.countries = [{"article_id": aid, "seq": i, "country": c} for i, c in enumerate(article.countries)]
    entity_lists: tuple[tuple[Table, str, Sequence[Actor | Place], list[Row]], ...] = (
        (schema.actors, "actor", article.actors, out.actors),
        (schema.places, "place", article.places, out.places),
    )
    for table, kind, entities, sink in entity_lists:
        for seq, entity in enumerate(entities):
            gid = global_id(aid, entity.id)
            entity_row = _split(entity, table, _ENTITY_HANDLED)
            entity_row.update(id=gid, article_id=aid, local_id=entity.id, seq=seq)
            sink.append(entity_row)
            out.mentions.extend(_mention_rows(aid, gid, kind, entity.mentions))
    for seq, quote in enumerate(article.quotes):
        quote_row = _split(quote, schema.quotes, _QUOTE_HANDLED)
        said = quote.speaker_mention
        quote_row.update(
            id=global_id(aid, quote.id),
            article_id=aid,
            local_id=quote.id,
            seq=seq,
            speaker_id=global_id(aid, quote.speaker) if quote.speaker else None,
            speaker_start=said.start if said else None,
            speaker_end=said.end if said else None,
            speaker_text=said.text if said else None,
        )
        out.quotes.append(quote_row)
    places = {p.id: p for p in article.places}
    published_day = published.start.isoformat() if published and published.in_range() else None
    for seq, ev in enumerate(article.events):
        event_row = _split(ev, schema.events, _EVENT_HANDLED)
        gid = global_id(aid, ev.id)
        place = places.get(ev.place) if ev.place else None
        period = Period.parse(ev.date)
        period = period if period and period.in_range() else None
        event_row.update(
            id=gid,
            article_id=aid,
            local_id=ev.id,
            seq=seq,
            place_id=global_id(aid, ev.place) if ev.place else None,
            date_precision=period.precision if period else None,
            date_from=period.start.isoformat() if period else published_day,
            date_to=period.end.isoformat() if period else published_day,
            sentence=article.text[ev.start : ev.end],
            lat=place.lat if place else None,
            lon=place.lon if place else None,
            country=place.country if place else None,
        )
        out.events.append(event_row)
        for role, ids in (("actor", ev.actor), ("recipient", ev.recipient)):
            out.event_actors.extend(
                {"event_id": gid, "role": role, "seq": i, "actor_id": global_id(aid, a)}
                for i, a in enumerate(ids)
            )
    return out


# ---------------------------------------------------------------- rows to records


def _build(cls: type[R], row: Mapping[str, Any], **given: Any) -> R:
    """A record from its columns, its ``extra`` and the fields given explicitly."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs = {k: row[k] for k in names if k in row and k not in given}
    kwargs.update({k: v for k, v in (row.get("extra") or {}).items() if k in names})
    kwargs.update(given)
    return cls(**kwargs)


def from_rows(
    article: Mapping[str, Any],
    countries: Sequence[Mapping[str, Any]],
    actors: Sequence[Mapping[str, Any]],
    places: Sequence[Mapping[str, Any]],
    mentions: Sequence[Mapping[str, Any]],
    quotes: Sequence[Mapping[str, Any]],
    events: Sequence[Mapping[str, Any]],
    event_actors: Sequence[Mapping[str, Any]],
) -> Article:
    """The Article that ``to_rows`` was given; child rows come ordered by ``seq``."""
    aid = article["id"]
    said: defaultdict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        said[m["entity_id"]].append(Mention(m["start"], m["end"], m["text"]))
    roles: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for link in event_actors:
        roles[(link["event_id"], link["role"])].append(_local_id(aid, link["actor_id"]) or "")
    return _build(
        Article,
        article,
        countries=[c["country"] for c in countries],
        removed=[Removal(**r) for r in article["removed"]],
        segments=[(s[0], s[1]) for s in article["segments"]],
        times=[TimeExpression(**t) for t in article["times"]],
        actors=[_build(Actor, a, id=a["local_id"], mentions=said[a["id"]]) for a in actors],
        places=[_build(Place, p, id=p["local_id"], mentions=said[p["id"]]) for p in places],
        quotes=[
            _build(
                Quote,
                q,
                id=q["local_id"],
                speaker=_local_id(aid, q["speaker_id"]),
                speaker_mention=(
                    Mention(q["speaker_start"], q["speaker_end"], q["speaker_text"])
                    if q["speaker_text"] is not None
                    else None
                ),
            )
            for q in quotes
        ],
        events=[
            _build(
                Event,
                e,
                id=e["local_id"],
                place=_local_id(aid, e["place_id"]),
                actor=roles[(e["id"], "actor")],
                recipient=roles[(e["id"], "recipient")],
            )
            for e in events
        ],
    )
