"""Near-duplicate detection on the FakeNewsCorpus sample: its identical bodies, copies the test
derives from other articles (a paragraph cut, boilerplate added, a sentence reworded), and no
link between distinct articles."""

from __future__ import annotations

import csv
import re
import time
from collections import defaultdict
from collections.abc import Callable

import pytest

from ceasefire.corpus.dedupe import (
    DEFAULT_THRESHOLD,
    DuplicateIndex,
    fingerprint,
    from_bytes,
    to_bytes,
    words,
)
from tests.conftest import shared_path

# Keeps the separators (split with a group) so the rest of the text is unchanged.
_SENTENCE_END = re.compile(r"((?<=[.!?])\s+|\n)")


@pytest.fixture(scope="module")
def bodies() -> list[str]:
    csv.field_size_limit(1 << 30)
    path = shared_path("corpora/fakenewscorpus-sample.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["content"] for row in csv.DictReader(handle)]


def ingest(texts: list[str], index: DuplicateIndex) -> list[int | None]:
    """The original each text copies (by position), adding only originals, as ingest does."""
    links: list[int | None] = []
    for position, text in enumerate(texts):
        signature = fingerprint(text)
        original = index.find(signature)
        if original is None:
            index.add(str(position), signature)
        links.append(None if original is None else int(original))
    return links


def test_identical_bodies_link_to_the_first_and_nothing_else(bodies: list[str]) -> None:
    links = ingest(bodies, DuplicateIndex())
    first_with_body: dict[str, int] = {}
    for position, body in enumerate(bodies):
        first_with_body.setdefault(body, position)
    expected = [None if first_with_body[b] == i else first_with_body[b] for i, b in enumerate(bodies)]
    assert links == expected
    groups: dict[int, int] = defaultdict(int)
    for position, original in enumerate(links):
        groups[position if original is None else original] += 1
    assert sum(size * (size - 1) // 2 for size in groups.values()) == 39


# Derived copies: the edits that separate re-posts of one story in scraped news.
def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def cut_paragraph(text: str) -> str:
    """Drop the middle one of the paragraphs that hold at most a fifth of the words."""
    kept = paragraphs(text)
    limit = len(words(text)) / 5
    small = [i for i, p in enumerate(kept) if len(words(p)) <= limit]
    del kept[small[len(small) // 2]]
    return "\n".join(kept)


def add_boilerplate(text: str) -> str:
    return (
        "Adjust Comment Print\n"
        + text
        + "\nMore news: Senate votes on the budget bill tonight"
        + "\nMore news: Ten photos you will not believe\nShare this: Facebook Twitter Email"
    )


def reword_sentence(text: str) -> str:
    """Reword the longest sentence of at most 40 words."""
    sentences = _SENTENCE_END.split(text)
    longest = max(
        (i for i, s in enumerate(sentences) if len(s.split()) <= 40), key=lambda i: len(sentences[i])
    )
    tokens = sentences[longest].split()
    # Drop every fourth word and swap two neighbours: a copy-editor's light touch.
    tokens = [t for i, t in enumerate(tokens) if i % 4 != 3]
    tokens[0:2] = tokens[1::-1]
    sentences[longest] = " ".join(tokens)
    return "".join(sentences)


def everything(text: str) -> str:
    return add_boilerplate(reword_sentence(cut_paragraph(text)))


def sources(bodies: list[str]) -> list[int]:
    """Articles with a unique body of at least 150 words in five or more paragraphs."""
    counts: dict[str, int] = defaultdict(int)
    for body in bodies:
        counts[body] += 1
    return [
        i
        for i, body in enumerate(bodies)
        if counts[body] == 1 and len(words(body)) >= 150 and len(paragraphs(body)) >= 5
    ]


def linked_sources(bodies: list[str], edit: Callable[[str], str]) -> dict[int, bool]:
    """For each source article: is its edited copy linked to it?"""
    index = DuplicateIndex()
    ingest(bodies, index)
    picked = sources(bodies)
    assert len(picked) >= 100
    return {i: index.find(fingerprint(edit(bodies[i]))) == str(i) for i in picked}


@pytest.mark.parametrize("edit", [cut_paragraph, add_boilerplate, reword_sentence])
def test_copies_with_one_edit_link_to_their_source(bodies: list[str], edit: Callable[[str], str]) -> None:
    assert all(linked_sources(bodies, edit).values())


def test_copies_with_every_edit_at_once(bodies: list[str]) -> None:
    linked = linked_sources(bodies, everything)
    # Long articles keep enough shingles through all three edits; short ones mostly do.
    assert all(found for i, found in linked.items() if len(words(bodies[i])) >= 300)
    assert sum(linked.values()) / len(linked) >= 0.9


def test_distinct_articles_stay_apart_even_when_sharing_site_boilerplate(bodies: list[str]) -> None:
    # Distinct bodies: every pair whose estimated similarity is highest stays below the
    # threshold (the closest are two short posts of one site around the same footer).
    unique = list(dict.fromkeys(bodies))
    signatures = [fingerprint(text) for text in unique]
    closest = max(a.jaccard(b) for i, a in enumerate(signatures) for b in signatures[i + 1 :])
    assert 0.3 < closest < DEFAULT_THRESHOLD


def test_signatures_round_trip_and_the_index_rebuilds(bodies: list[str]) -> None:
    stored = [to_bytes(fingerprint(text)) for text in bodies]
    rebuilt = DuplicateIndex()
    links = []
    for position, data in enumerate(stored):
        original = rebuilt.find(from_bytes(data))
        if original is None:
            rebuilt.add(str(position), from_bytes(data))
        links.append(None if original is None else int(original))
    assert links == ingest(bodies, DuplicateIndex())


def test_threshold_is_an_option() -> None:
    text = " ".join(f"word{i}" for i in range(200))
    half = " ".join(f"word{i}" for i in range(100)) + " " + " ".join(f"other{i}" for i in range(100))
    strict, loose = DuplicateIndex(threshold=0.9), DuplicateIndex(threshold=0.2)
    for index in (strict, loose):
        index.add("a", fingerprint(text))
    assert strict.find(fingerprint(half)) is None
    assert loose.find(fingerprint(half)) == "a"
    with pytest.raises(ValueError):
        DuplicateIndex(threshold=0.0)


def test_empty_and_short_texts() -> None:
    index = DuplicateIndex()
    index.add("empty", fingerprint("  ...  "))
    assert index.find(fingerprint("")) is None
    index.add("title", fingerprint("Peace talks in Astana"))
    assert index.find(fingerprint("PEACE talks in Astana!")) == "title"
    assert index.find(fingerprint("Peace talks in Geneva")) is None
    with pytest.raises(ValueError):
        index.add("title", fingerprint("again"))


def test_fingerprinting_is_cheap(bodies: list[str]) -> None:
    fingerprint("warm up")
    start = time.perf_counter()
    for text in bodies:
        fingerprint(text)
    per_article_ms = (time.perf_counter() - start) * 1000 / len(bodies)
    # spaCy's small pipeline takes tens of ms for such articles; this must be a small share.
    assert per_article_ms < 5
