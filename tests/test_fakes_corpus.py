"""The pipeline over the 187 real Syria-war articles of FA-KES (corpora/fakes-syria-dev.csv).

Each row carries the incident's date and place as coded by the VDC monitor. The CSV is read the
way a user would ingest it: `--map text=article_content`. The CSV's date column is the answer
(the incident's date), never an input: days are read off the text and its dateline.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ceasefire.evaluate.match import near_enough
from ceasefire.geo import get_gazetteer
from ceasefire.model import Article, Event, Failure
from ceasefire.pipeline import extract
from ceasefire.read import parse_column_map, read_paths
from tests.conftest import shared_path

VIOLENT = {"ASSAULT", "COERCE"}


def gold_point(name: str) -> tuple[float, float]:
    """The Syrian place the gold names ("aleppo", "deir ezzor", "hasakeh")."""
    syrian = [c for c in get_gazetteer().lookup(name) if c.country == "SYR"]
    assert syrian, f"gold location {name!r} is not in the gazetteer"
    return syrian[0].lat, syrian[0].lon


def event_point(article: Article, event: Event) -> tuple[float, float] | None:
    place = next((p for p in article.places if p.id == event.place), None)
    if place is None or place.lat is None or place.lon is None:
        return None
    return place.lat, place.lon


def within_days(value: str | None, gold: dt.date, days: int) -> bool:
    """A day-precision date within `days` of the gold date; coarser dates do not count."""
    if value is None or len(value) != 10:
        return False
    return abs((dt.date.fromisoformat(value) - gold).days) <= days


@pytest.fixture(scope="module")
def processed() -> list[tuple[dict[str, str], Article | Failure]]:
    import csv

    path = shared_path("corpora/fakes-syria-dev.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    raws = read_paths([str(path)], parse_column_map("text=article_content"))
    results = list(extract(raws))
    assert len(results) == len(rows)
    return list(zip(rows, results, strict=True))


def test_no_article_crashes(processed: list[tuple[dict[str, str], Article | Failure]]) -> None:
    failures = [r for _, r in processed if isinstance(r, Failure)]
    for failure in failures:
        print(f"refused: {failure.origin}: {failure.reason}")
    # Only articles with no body left after cleaning may be refused (one is a bare headline).
    assert all("no article text" in f.reason for f in failures)
    assert len(failures) <= 2


def test_violent_events_located_and_dated(
    processed: list[tuple[dict[str, str], Article | Failure]],
) -> None:
    located = dated = both = killed_right = with_deaths = 0
    articles = [(row, a) for row, a in processed if isinstance(a, Article)]
    for row, article in articles:
        gold_lat, gold_lon = gold_point(row["location"])
        month, day, year = (int(part) for part in row["date"].split("/"))
        gold_day = dt.date(2000 + year, month, day)
        violent = [e for e in article.events if e.type in VIOLENT and e.status == "asserted"]
        near = [
            e
            for e in violent
            if (point := event_point(article, e)) and near_enough(gold_lat, gold_lon, *point)
        ]
        on_time = [e for e in violent if within_days(e.date, gold_day, 2)]
        located += bool(near)
        dated += bool(on_time)
        both += any(e in on_time for e in near)
        deaths = sum(int(row[c] or 0) for c in ("nb_civilians", "nb_noncivilians"))
        if deaths > 0:
            with_deaths += 1
            figures = [e.fatalities for e in violent if e.fatalities]
            killed_right += any(abs(f - deaths) <= 0.2 * deaths for f in figures)
    n = len(articles)
    print(
        f"FA-KES (n={n}): ASSAULT/COERCE within 50 km {located / n:.3f}, dated within 2 days "
        f"{dated / n:.3f}, both in one event {both / n:.3f}; fatalities within 20% "
        f"{killed_right / with_deaths:.3f} (n={with_deaths})"
    )
    assert both / n >= 0.4
    assert located / n >= 0.75
    # Dated from the text and its dateline alone (the target is 0.85; docs/accuracy.md).
    assert dated / n >= 0.8
    assert killed_right / with_deaths >= 0.5


def test_assaults_lie_in_syria(processed: list[tuple[dict[str, str], Article | Failure]]) -> None:
    """Of the asserted ASSAULT events with a place, at most 3% lie outside Syria or in a place
    with no country (issue 12: 13% before). What remains, by kind (39 of 1,360 when written):
    Iraq in "IS in Iraq and Syria" and "neighbouring Iraq" (8), the United States and Russia
    as the parties of a strike (7), Iraqi, Iranian and Turkish towns an article names beside
    Syria's (Mosul, Tehran, Kilis, Karkamis, Hatay), villages near the Jordanian border that
    GeoNames has only on its Jordanian side (Ash Shajarah, Manshiyah), and unlisted villages
    whose sentence names only a foreign town."""
    abroad, total = [], 0
    for _, article in processed:
        if isinstance(article, Failure):
            continue
        places = {p.id: p for p in article.places}
        for event in article.events:
            place = places.get(event.place or "")
            if event.type != "ASSAULT" or event.status != "asserted" or place is None:
                continue
            total += 1
            if place.country != "SYR":
                abroad.append((place.name, place.country))
    assert total > 1000
    assert len(abroad) <= 0.03 * total, sorted(abroad, key=str)
