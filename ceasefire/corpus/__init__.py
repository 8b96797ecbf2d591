"""Corpus-level stages: near-duplicate articles and fusion of events across reports.

Pure and store-agnostic: they take model records and plain values, so the ingest command
can wire them to any store.
"""

from ceasefire.corpus.dedupe import (
    DEFAULT_THRESHOLD,
    DuplicateIndex,
    bands,
    fingerprint,
    from_bytes,
    to_bytes,
)
from ceasefire.corpus.fuse import fuse, fuse_pending
from ceasefire.corpus.ids import incident_id

__all__ = [
    "DEFAULT_THRESHOLD",
    "DuplicateIndex",
    "bands",
    "fingerprint",
    "from_bytes",
    "fuse",
    "fuse_pending",
    "incident_id",
    "to_bytes",
]
