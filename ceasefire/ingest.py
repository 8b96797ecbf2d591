"""Corpus ingest: read → clean → skip what is stored → near-duplicates → analyse → store → fuse.

Incremental: what a run costs depends on what it adds, not on what the store holds. A new
article's near-duplicate candidates are looked up by their LSH band buckets (an index); its
reports are queued and fused with the incidents near them in time and place, rewriting only
those that change; only its events are placed in the zones. `Store.rebuild_incidents` fuses
everything afresh when the rules change (``ceasefire incidents-rebuild``).

Every article-level stage (cleaning, parsing, the components) and its batching is
ceasefire.pipeline's; this module adds only the corpus-level steps around it: what is stored
already, near-duplicates, writing, fusion and zones. Worker processes clean and analyse; the
main process alone decides what is new and writes, in input order, one transaction per batch.
So an ingest killed at any moment and run again skips what it had stored and ends with the
records of an uninterrupted run.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ceasefire.corpus import (
    DEFAULT_THRESHOLD,
    DuplicateIndex,
    bands,
    fingerprint,
    from_bytes,
    fuse_pending,
    to_bytes,
)
from ceasefire.model import Article, CleanText, Failure, RawArticle
from ceasefire.nlp import load_nlp
from ceasefire.pipeline import BATCH_SIZE, analyse, article_id, batches, prepare, unanalysed_article
from ceasefire.store import Store, article_key, content_hash
from ceasefire.zones import assign_new_events


@dataclass
class Prepared:
    """A cleaned article and what the main process needs to decide its fate."""

    raw: RawArticle
    cleaned: CleanText
    id: str
    key: str
    content_hash: str
    minhash: bytes
    bands: list[int]  # the minhash's LSH band buckets
    duplicate_of: str | None = None  # set by the main process
    unchanged: bool = False  # already stored as it is
    article: Article | None = None  # the analysis, for new originals


@dataclass
class IngestReport:
    read: int = 0
    inserted: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)
    # of the failures, those the store held already from an earlier run (same input, same reason)
    recorded_before: int = 0
    incidents_changed: int = 0  # the incidents this run made or rewrote
    seconds: float = 0.0
    ids: list[str] = field(default_factory=list)  # each article read, in input order (not failures)
    saved: list[str] = field(default_factory=list)  # the articles inserted or replaced

    @property
    def rate(self) -> float:
        """Articles read per second."""
        return self.read / self.seconds if self.seconds else 0.0


def _prepare_batch(
    items: list[RawArticle | Failure], published: str | None, threshold: float
) -> list[Prepared | Failure]:
    """In a worker: clean and fingerprint."""
    out: list[Prepared | Failure] = []
    for item in items:
        if isinstance(item, Failure):
            out.append(item)
            continue
        cleaned = prepare(item, published)
        if isinstance(cleaned, Failure):
            out.append(cleaned)
            continue
        digest = content_hash(cleaned.text)
        signature = fingerprint(cleaned.text)
        out.append(
            Prepared(
                raw=item,
                cleaned=cleaned,
                id=article_id(item, cleaned.text),
                key=article_key(item.url, digest),
                content_hash=digest,
                minhash=to_bytes(signature),
                bands=bands(signature, threshold),
            )
        )
    return out


def _analyse_batch(items: list[Prepared | Failure]) -> list[Prepared | Failure]:
    """In a worker: analyse the new originals; pass everything else through."""
    todo = [i for i in items if isinstance(i, Prepared) and not i.unchanged and not i.duplicate_of]
    for item, article in zip(todo, analyse([(p.raw, p.cleaned) for p in todo]), strict=True):
        item.article = article
    return items


class _Decider:
    """The main process's decisions, in input order: stored already, near-duplicate, or new."""

    def __init__(self, store: Store, threshold: float | None) -> None:
        self.store = store
        self.linking = threshold is not None
        self.threshold = threshold or DEFAULT_THRESHOLD
        self.index = DuplicateIndex(self.threshold, stored=self._stored)
        self.keys: dict[str, str] = {}
        self.this_run: dict[str, tuple[str, str]] = {}  # id -> (content hash, origin) read now
        # originals stored before bands were kept get theirs once
        if unbanded := store.unbanded():
            store.save_bands({i: bands(from_bytes(m), self.threshold) for i, m in unbanded})

    def _stored(self, buckets: list[int]) -> list[tuple[str, bytes]]:
        found = self.store.near_duplicate_candidates(buckets)
        self.keys.update((stored_id, key) for stored_id, key, _ in found)
        return [(stored_id, minhash) for stored_id, _, minhash in found]

    def decide(self, prepared: Iterable[list[Prepared | Failure]]) -> Iterator[list[Prepared | Failure]]:
        for batch in prepared:
            yield [self._decide(item) if isinstance(item, Prepared) else item for item in batch]

    def _decide(self, item: Prepared) -> Prepared | Failure:
        earlier = self.this_run.get(item.id)
        if earlier is not None and earlier[0] != item.content_hash:
            # an input's id names one article: a second text under it is the input's error
            return Failure(item.raw.origin, f"id {item.id!r} already names another article ({earlier[1]})")
        self.this_run[item.id] = (item.content_hash, item.raw.origin)
        if earlier is not None or self.store.has_article(item.key, item.content_hash):
            item.unchanged = True
            return item
        signature = from_bytes(item.minhash)
        original = self.index.find(signature) if self.linking else None
        # A new version of a stored URL replaces it; it is not a duplicate of its old self.
        if original is not None and self.keys.get(original) != item.key:
            item.duplicate_of = original
            return item
        self.index.add(item.id, signature)
        self.keys[item.id] = item.key
        return item


def _warm_worker() -> None:
    load_nlp()


#: Runs a function over batches elsewhere (worker processes, a cluster) and yields the
#: results in input order, like the built-in map; it may run ahead of what is consumed.
Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[Any]]


def ingest(
    inputs: Iterable[RawArticle | Failure],
    store: Store,
    *,
    published: str | None = None,
    workers: int = 1,
    threshold: float | None = DEFAULT_THRESHOLD,
    batch_size: int = BATCH_SIZE,
    on_progress: Callable[[int], None] | None = None,
    mapper: Mapper | None = None,
) -> IngestReport:
    """Ingest articles into the store; `on_progress(n)` is called as each batch is stored.

    `threshold` None stores near-duplicates as articles of their own instead of linking them.
    `mapper` runs the cleaning and the analysis of batches (ceasefire.scale runs them on a
    Dask cluster); by default they run here, or in a pool of `workers` processes. Either
    way this process decides and writes, in input order, so the records are the same.
    """
    report = IngestReport()
    started = time.perf_counter()
    decider = _Decider(store, threshold)
    prepare_batch = partial(_prepare_batch, published=published, threshold=decider.threshold)
    pool = (
        multiprocessing.get_context("fork").Pool(workers, initializer=_warm_worker)
        if workers > 1 and mapper is None
        else None
    )
    try:
        run = mapper or (pool.imap if pool else map)
        prepared = run(prepare_batch, batches(inputs, batch_size))
        analysed = run(_analyse_batch, decider.decide(prepared))
        for batch in analysed:
            _store_batch(store, batch, report)
            if on_progress:
                on_progress(len(batch))
    finally:
        if pool:
            pool.terminate()
    change = store.fuse(fuse_pending)
    report.incidents_changed = len(change.added)
    # only the new events go into their zones; replaced articles' links cascaded away
    assign_new_events(store, report.saved)
    report.seconds = time.perf_counter() - started
    return report


def _store_batch(store: Store, batch: list[Prepared | Failure], report: IngestReport) -> None:
    report.read += len(batch)
    report.ids.extend(i.id for i in batch if isinstance(i, Prepared))
    saving = [i for i in batch if isinstance(i, Prepared) and not i.unchanged]
    report.unchanged += sum(isinstance(i, Prepared) and i.unchanged for i in batch)
    report.failures.extend(i for i in batch if isinstance(i, Failure))
    records = [p.article or unanalysed_article(p.raw, p.cleaned) for p in saving]
    minhashes: list[bytes | None] = [p.minhash for p in saving]
    duplicates = [p.duplicate_of for p in saving]
    saved = store.save_articles(
        records, minhashes=minhashes, bands=[p.bands for p in saving], duplicates_of=duplicates
    )
    for result, record in zip(saved, records, strict=True):
        report.inserted += result == "inserted"
        report.replaced += result == "replaced"
        report.unchanged += result == "unchanged"
        if result != "unchanged":
            report.saved.append(record.id)
    report.duplicates += sum(d is not None for d in duplicates)
    for failure in (i for i in batch if isinstance(i, Failure)):
        report.recorded_before += not store.record_failure(failure.origin, failure.reason)
