"""The id of a fused event: the same members give the same id, whoever computes it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def incident_id(members: Iterable[str]) -> str:
    """The fused event's id: the first 16 hex digits of the sha256 of its member event ids,
    sorted, one per line (stable across runs and orders of ingest)."""
    return hashlib.sha256("\n".join(sorted(members)).encode()).hexdigest()[:16]
