"""Near-duplicate articles: MinHash signatures over word shingles, and an LSH index over them.

The same wire story reaches a corpus many times: re-posted with another share bar, a cut
paragraph, a reworded lead. Such a copy is linked to the first article ingested, not processed
again. Signatures serialise to bytes, and their LSH band buckets to integers, so a store can
keep them and find the candidates for a new article with an index.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash

#: Words per shingle. Shorter shingles ("one of the") are shared by unrelated articles and
#: inflate their similarity; longer ones let every small edit destroy more shingles. Five
#: words is the usual balance for news prose, and the corpus measurements bear it out.
SHINGLE_WORDS = 5
NUM_PERM = 128
#: Estimated Jaccard at or above which an article is a near-duplicate. Measured on the
#: FakeNewsCorpus sample (5-word shingles): the closest distinct articles, two short posts
#: wrapped in one site's footer, reach 0.39 exact (0.45 estimated); copies with a paragraph
#: cut, a share bar and link lines added, or a sentence reworded reach at least 0.65 exact
#: (0.59 estimated). 0.55 sits between, about 2.5 standard errors of a 128-permutation estimate
#: from the distinct side. Copies of short articles (<300 words) with all three edits at once
#: can fall below it: with that much changed they are rewrites, not copies.
DEFAULT_THRESHOLD = 0.55
_SEED = 1
# affine32: datasketch's collision-free permutation scheme (32-bit hashes in, 32-bit out).
_SCHEME = "affine32"

_WORD = re.compile(r"\w+")
# An odd 64-bit multiplier for the polynomial that folds a shingle's word hashes into one.
_FOLD = np.uint64(0x9E3779B97F4A7C15)
_LOW32 = np.uint64(0xFFFFFFFF)


def words(text: str) -> list[str]:
    """Normalised words: NFKC, case-folded, punctuation dropped (it varies between copies)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingle_hashes(text: str, k: int = SHINGLE_WORDS) -> np.ndarray:
    """32-bit hashes of the text's k-word shingles (one shingle when the text is shorter).

    Words are hashed once each with crc32 (C speed, stable across runs, unlike ``hash``);
    the k hashes of every window are folded together in numpy, so the cost per article is
    one pass over its words rather than one Python hash call per shingle.
    """
    word_hashes = np.fromiter((zlib.crc32(word.encode()) for word in words(text)), dtype=np.uint64)
    windows = max(len(word_hashes) - k + 1, 1) if len(word_hashes) else 0
    folded = word_hashes[:windows].copy()
    for offset in range(1, min(k, len(word_hashes))):
        folded = folded * _FOLD + word_hashes[offset : offset + windows]
    return ((folded >> np.uint64(32)) ^ (folded & _LOW32)).astype(np.uint32)


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> np.ndarray:
    # Generated once per size: building them is the costly part of a fresh MinHash.
    from datasketch import MinHash  # datasketch (and SciPy) load on first use, not at start-up

    permutations: np.ndarray = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME).permutations
    return permutations


def fingerprint(text: str, num_perm: int = NUM_PERM) -> LeanMinHash:
    """The MinHash signature of a text's word shingles (empty when it has no words)."""
    from datasketch import LeanMinHash, MinHash

    sketch = MinHash(
        num_perm=num_perm, seed=_SEED, scheme=_SCHEME, hashfunc=int, permutations=_permutations(num_perm)
    )
    hashes = shingle_hashes(text)
    if len(hashes):
        sketch.update_batch(hashes.tolist())
    return LeanMinHash(sketch)


def to_bytes(signature: LeanMinHash) -> bytes:
    """The signature in datasketch's portable form (seed, scheme and hash values)."""
    buffer = bytearray(signature.bytesize())
    signature.serialize(buffer)
    return bytes(buffer)


def from_bytes(data: bytes) -> LeanMinHash:
    """A signature back from :func:`to_bytes`."""
    from datasketch import LeanMinHash

    signature: LeanMinHash = LeanMinHash.deserialize(data)
    return signature


#: The stored originals that share a band bucket with these (``bands``), deduplicated, in
#: ingest order: each as (key, signature bytes).
StoredMatches = Callable[[list[int]], list[tuple[str, bytes]]]


@lru_cache(maxsize=4)
def _band_ranges(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    from datasketch import MinHashLSH

    # LSH only proposes candidates; weighting misses over false candidates keeps recall
    # high near the threshold, and every candidate is verified by its estimated Jaccard.
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
    return tuple(lsh.hashranges)


def bands(signature: LeanMinHash, threshold: float = DEFAULT_THRESHOLD) -> list[int]:
    """The signature's LSH buckets, one per band (none for an empty text), as 63-bit integers
    a database can index: two articles are candidates when they share the bucket of a band."""
    if signature.is_empty():
        return []
    values = signature.hashvalues
    return [
        int.from_bytes(hashlib.blake2b(values[start:end].tobytes(), digest_size=8).digest(), "big") >> 1
        for start, end in _band_ranges(threshold, len(values))
    ]


class DuplicateIndex:
    """Signatures of the articles seen so far; finds the original a new article copies.

    Deterministic: among earlier articles at or above the threshold, the most similar wins
    and ties go to the one added first, so the first article ingested is the original. Add
    only originals (a copy's key resolves to its original's anyway). `stored` looks up the
    candidates a store holds, by their band buckets (an index, not a scan): those come
    before any added here.
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        num_perm: int = NUM_PERM,
        stored: StoredMatches | None = None,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.stored = stored
        self._buckets: defaultdict[tuple[int, int], list[str]] = defaultdict(list)
        self._signatures: dict[str, LeanMinHash] = {}
        self._order: dict[str, int] = {}

    def add(self, key: str, signature: LeanMinHash) -> None:
        """Index an article's signature under its key (an empty text is never a match)."""
        if key in self._signatures:
            raise ValueError(f"{key!r} is already indexed")
        self._order[key] = len(self._order)
        self._signatures[key] = signature
        for band, bucket in enumerate(bands(signature, self.threshold)):
            self._buckets[band, bucket].append(key)

    def find(self, signature: LeanMinHash) -> str | None:
        """The key of the best earlier match with estimated Jaccard ≥ threshold, else None."""
        buckets = bands(signature, self.threshold)
        if not buckets:
            return None
        candidates: dict[str, tuple[tuple[int, int], LeanMinHash]] = {}
        for position, (key, data) in enumerate(self.stored(buckets) if self.stored else []):
            candidates[key] = ((0, position), from_bytes(data))
        for band, bucket in enumerate(buckets):
            for key in self._buckets.get((band, bucket), ()):
                candidates.setdefault(key, ((1, self._order[key]), self._signatures[key]))
        best: tuple[float, tuple[int, int]] | None = None
        match = None
        for key, (order, other) in candidates.items():
            similarity = signature.jaccard(other)
            if similarity < self.threshold:
                continue
            rank = (-similarity, order)
            if best is None or rank < best:
                best, match = rank, key
        return match
