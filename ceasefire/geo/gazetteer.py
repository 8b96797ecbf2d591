"""The offline gazetteer: typed lookups over ceasefire/data/gazetteer.sqlite.

The index is built by scripts/build_gazetteer.py. SQLite keeps start-up instant and memory
small (pages are read on demand), which matters because every worker process opens it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ceasefire.model import PlaceFeature, PlacePrecision
from ceasefire.text import loose_key, name_key, strip_article

DATA = Path(__file__).resolve().parents[1] / "data"
GAZETTEER_PATH = DATA / "gazetteer.sqlite"

#: Ids from here on are hand-added places (scripts/build_gazetteer.py), not GeoNames ids.
ADDED_ID_BASE = 2_000_000_000
#: How a name met its entry, best first (the build script writes these numbers).
PRIMARY, ALTERNATE, NO_ARTICLE, LOOSE = 0, 1, 2, 3

# Lookups repeat across articles (the same towns recur); beyond this many, start afresh.
_CACHE_LIMIT = 50_000
_COLUMNS = "p.gid, p.name, p.lat, p.lon, p.country, p.admin1, p.feature, p.population, p.precision, p.capital"


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    geonames_id: int
    name: str
    lat: float
    lon: float
    country: str  # ISO 3166 alpha-3; "" for a continent or a region of several countries
    admin1: str | None
    feature: PlaceFeature
    population: int
    match: int  # how the name met this entry: PRIMARY, ALTERNATE, NO_ARTICLE or LOOSE
    precision: PlacePrecision
    capital: bool = False  # the seat of its country's government

    @property
    def geonames(self) -> int | None:
        """The GeoNames id; None for a hand-added place GeoNames' files lack."""
        return self.geonames_id if self.geonames_id < ADDED_ID_BASE else None


class Gazetteer:
    """Read-only lookups: names to candidates, countries by code, demonyms to countries."""

    def __init__(self, path: Path = GAZETTEER_PATH) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._cache: dict[str, list[Candidate]] = {}
        self._demonyms = dict(self._db.execute("SELECT key, country FROM demonyms"))
        self._countries = {
            c.country: c
            for c in self._query("SELECT 0, " + _COLUMNS + " FROM places p WHERE p.feature = 'country'", ())
        }

    def lookup(self, name: str) -> list[Candidate]:
        """Entries the name may denote: exact and alternate names first; only when none
        match, the name without its Arabic article; only then the loose spelling key."""
        key = name_key(name)
        if key not in self._cache:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = self._lookup(key) if key else []
        return self._cache[key]

    def country(self, iso3: str) -> Candidate | None:
        """The country entry for an ISO 3166 alpha-3 code."""
        return self._countries.get(iso3)

    def demonym(self, word: str) -> str | None:
        """ISO3 of the country a demonym or adjective names ("Syrian", "Turks")."""
        return self._demonyms.get(name_key(word))

    def _lookup(self, key: str) -> list[Candidate]:
        bare = strip_article(key)
        keys = {key: PRIMARY, loose_key(key): LOOSE}
        if bare:
            keys[bare] = NO_ARTICLE
        rows = self._db.execute(
            f"SELECT key, kind, gid FROM names WHERE key IN ({','.join('?' * len(keys))})",
            tuple(keys),
        ).fetchall()
        if not rows:
            return []
        # The match of each entry: the kind of its key, no better than the query form's
        # (a name met only without its article, or only loosely, is a weaker match).
        best: dict[int, int] = {}
        for found_key, kind, gid in rows:
            grade = max(kind, keys[found_key])
            if kind == LOOSE and keys[found_key] != LOOSE:
                continue  # a loose key can only be met by the loose form of the query
            best[gid] = min(grade, best.get(gid, LOOSE))
        # Only the best tier: exact or alternate names, else article-less, else loose; but a
        # country or division met without its article ("Anbar", Al Anbar) competes with the
        # exact and alternate names of lesser places (a village in Turkey also called Anbar).
        top = min(_tier(g) for g in best.values())
        chosen = [gid for gid, g in best.items() if _tier(g) == top or g == NO_ARTICLE]
        sql = f"SELECT 0, {_COLUMNS} FROM places p WHERE p.gid IN ({','.join('?' * len(chosen))})"
        found = [replace(c, match=best[c.geonames_id]) for c in self._query(sql, tuple(chosen))]
        kept = [c for c in found if _tier(c.match) == top or c.feature in ("country", "admin1")]
        return sorted(kept, key=lambda c: c.geonames_id)

    def _query(self, sql: str, params: tuple[object, ...]) -> list[Candidate]:
        rows = self._db.execute(sql, params)
        return [
            Candidate(
                gid, name, lat, lon, country, admin1, feature, population, kind, precision, bool(capital)
            )
            for kind, gid, name, lat, lon, country, admin1, feature, population, precision, capital in rows
        ]


def _tier(kind: int) -> int:
    """Exact and alternate names compete with each other; weaker matches only among peers."""
    return max(kind, ALTERNATE)


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, opened once."""
    return Gazetteer()
