"""The word lists every component reads, each kept once as a data file under ``data/lexicons``.

A list is a ``.txt`` file, one entry a line (``#`` starts a comment; an entry may hold spaces:
"according to"). A table is a ``.tsv`` file: a key, a tab, a value. Files are read on first use
and kept for the life of the process, so nothing is read at import time. Components declare
the lexicons they read (``ceasefire.components``); a test checks that each name a component's
package reads is declared and that every file here is read by someone.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

LEXICONS = Path(__file__).resolve().parent / "data" / "lexicons"


class UnknownLexicon(LookupError):
    """No data file of that name exists."""


def _lines(name: str, suffix: str) -> list[str]:
    path = LEXICONS / f"{name}{suffix}"
    if not path.is_file():
        raise UnknownLexicon(f"no lexicon {name!r}: {path} does not exist")
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].rstrip()
        if entry.strip():
            entries.append(entry.strip() if suffix == ".txt" else entry)
    return entries


@cache
def word_list(name: str) -> tuple[str, ...]:
    """The entries of ``data/lexicons/NAME.txt``, in file order."""
    return tuple(_lines(name, ".txt"))


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``data/lexicons/NAME.txt`` as a set."""
    return frozenset(word_list(name))


@cache
def table(name: str) -> dict[str, str]:
    """The rows of ``data/lexicons/NAME.tsv``: key -> value, in file order."""
    rows: dict[str, str] = {}
    for line in _lines(name, ".tsv"):
        key, _, value = line.partition("\t")
        rows[key.strip()] = value.strip()
    return rows


@cache
def tagged(name: str, tag: str) -> frozenset[str]:
    """The keys of ``data/lexicons/NAME.tsv`` whose value, a list of space-separated tags,
    holds ``tag``: one file for a list and its sublists ("say" is a cue that "inverts")."""
    return frozenset(key for key, tags in table(name).items() if tag in tags.split())
