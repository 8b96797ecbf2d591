"""The shipped actor tables (built by scripts/build_actors.py), loaded once per process.

35,000 phrases, of which an article meets a few dozen: loading reads each table's phrases into
a dictionary of their raw rows in one regex pass, and builds a phrase's entry (its code split
into country and sector) only when a lookup meets it, so that start-up pays for no entry it
does not use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from ceasefire.actors.codes import split_code

#: Table kinds that name an actor; the rest only feed other actors' codes.
#: capital: a seat of government (an actor only when it acts: "Moscow retaliated");
#: demonym: "Syrian"; people: "Syrians"; place: a city or region, never an actor.
ACTOR_KINDS = ("person", "organization", "group", "country")

Key = tuple[str, ...]
V = TypeVar("V")

DATA = Path(__file__).resolve().parents[1] / "data"

# A row: its phrase (the key column), then the rest of the line; "#" lines are comments.
_ROW = re.compile(r"^(?!#)([^\t\n]*)\t(.*)$", re.M)
# A phrase's first piece and the rest of it, to index the longest phrase starting with a piece.
_FIRST = re.compile(r"^(?!#)([^\t\n ]*)([^\t\n]*)\t", re.M)
# The codes of countries: rows of kind country or demonym.
_COUNTRY = re.compile(r"\t([^\t\n]*)\t(?:country|demonym)$", re.M)


@dataclass(frozen=True)
class Entry:
    name: str
    code: str
    kind: str
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class Agent:
    """A role word: its PLOVER sector, and the country a code like NGO~ implies."""

    code: str
    sector: str | None
    country: str | None


class Phrases(Generic[V]):
    """A table's phrases, as tuples of pieces, to values each built from its row's other
    columns on first lookup."""

    def __init__(self, rows: dict[str, str], build: Callable[[str], V]) -> None:
        self._rows = rows
        self._build = build
        self._built: dict[Key, V] = {}  # only phrases met: a miss is cheap and never kept

    def get(self, key: Key) -> V | None:
        """The value of a phrase, or None when the table has no such phrase."""
        value = self._built.get(key)
        if value is None:
            row = self._rows.get(" ".join(key))
            # A piece holding a space would join into some other phrase: no match.
            if row is None or any(" " in piece for piece in key):
                return None
            value = self._built[key] = self._build(row)
        return value

    def __contains__(self, key: Key) -> bool:
        return self.get(key) is not None

    def __getitem__(self, key: Key) -> V:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value


@dataclass(frozen=True)
class Tables:
    actors: Phrases[Entry]
    longest: dict[str, int]  # first piece -> length of the longest phrase starting with it
    agents: Phrases[Agent]


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@cache
def _countries() -> frozenset[str]:
    return frozenset(_COUNTRY.findall(_text("actors.tsv")))


def _entry(row: str) -> Entry:
    name, code, kind = row.split("\t")
    country, sector = split_code(code, _countries())
    if kind in ("country", "demonym", "people", "place"):
        sector = None  # a country named is the country, not its government
    elif kind == "capital":
        sector = "GOV"
    return Entry(name, code, kind, country, sector)


def _agent(code: str) -> Agent:
    prefix, _, suffix = code.partition("~")
    country, _ = split_code(prefix, _countries()) if prefix else (None, None)
    sector = split_code(suffix, frozenset())[1] if suffix else None
    if prefix and sector is None:
        sector = split_code(prefix, _countries())[1]
    return Agent(code, sector, country)


@lru_cache(maxsize=1)
def load_tables() -> Tables:
    actors = _text("actors.tsv")
    longest: dict[str, int] = {}
    for first, rest in _FIRST.findall(actors):
        size = rest.count(" ") + 1
        if size > longest.get(first, 0):
            longest[first] = size
    return Tables(
        Phrases(dict(_ROW.findall(actors)), _entry),
        longest,
        Phrases(dict(_ROW.findall(_text("agents.tsv"))), _agent),
    )
