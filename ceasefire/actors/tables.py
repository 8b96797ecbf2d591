"""The shipped actor tables (built by scripts/build_actors.py), loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ceasefire.actors.codes import split_code

#: Table kinds that name an actor; the rest only feed other actors' codes.
#: capital: a seat of government (an actor only when it acts: "Moscow retaliated");
#: demonym: "Syrian"; people: "Syrians"; place: a city or region, never an actor.
ACTOR_KINDS = ("person", "organization", "group", "country")

Key = tuple[str, ...]

DATA = Path(__file__).resolve().parents[1] / "data"


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


@dataclass(frozen=True)
class Tables:
    actors: dict[Key, Entry]
    longest: dict[str, int]  # first piece -> length of the longest phrase starting with it
    agents: dict[Key, Agent]


def _rows(name: str) -> list[list[str]]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if not line.startswith("#")]


@lru_cache(maxsize=1)
def load_tables() -> Tables:
    actor_rows = _rows("actors.tsv")
    countries = frozenset(code for _, _, code, kind in actor_rows if kind in ("country", "demonym"))
    actors: dict[Key, Entry] = {}
    longest: dict[str, int] = {}
    for phrase, name, code, kind in actor_rows:
        key = tuple(phrase.split(" "))
        country, sector = split_code(code, countries)
        if kind in ("country", "demonym", "people", "place"):
            sector = None  # a country named is the country, not its government
        elif kind == "capital":
            sector = "GOV"
        actors[key] = Entry(name, code, kind, country, sector)
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    agents: dict[Key, Agent] = {}
    for phrase, code in _rows("agents.tsv"):
        prefix, _, suffix = code.partition("~")
        country, _ = split_code(prefix, countries) if prefix else (None, None)
        sector = split_code(suffix, frozenset())[1] if suffix else None
        if prefix and sector is None:
            sector = split_code(prefix, countries)[1]
        agents[tuple(phrase.split(" "))] = Agent(code, sector, country)
    return Tables(actors, longest, agents)
