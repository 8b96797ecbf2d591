"""Zones: GeoJSON in, events assigned to the zones that hold them, reports per period.

The store holds the seed (published 2017-05-04: the Azaz car bomb of Wednesday 2017-05-03)
and short articles written for this test: strikes on Idlib across two weeks after the
Astana zones took effect (2017-05-06), one of them reported twice; a meeting and an
agreement in Idlib; a clash in Rastan (northern Homs zone) before the start; a car bomb in
Damascus, outside the zones; fighting placed only "in Syria". Of the four Astana outlines,
only the Idlib zone holds Idlib and the northern Homs zone holds Rastan; none holds Azaz or
Damascus (Azaz lay in the Turkish-held north, outside the memorandum's zones), so a test zone
drawn around Azaz and the Syrian centroid covers those cases.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ceasefire.cli import app
from ceasefire.ingest import ingest
from ceasefire.read import read_paths
from ceasefire.store import Filters, Store, open_store
from ceasefire.zones import add_zones, assign_events, zone_report
from tests.conftest import shared_path
from tests.statuses import ASSERTED_IDS, DAY, ZONE, fill, status_articles
from tests.store_writer import synthetic

runner = CliRunner()

ARTICLES = [
    (
        "rastan-0502",
        "2017-05-02",
        "Clashes in Rastan",
        "Rebels clashed with government forces in Rastan on Tuesday, killing three fighters, a "
        "monitoring group said. The fighting lasted several hours.",
    ),
    (
        "idlib-0508",
        "2017-05-08",
        "Warplanes strike Idlib",
        "Syrian government warplanes bombed the city of Idlib on Monday, killing seven civilians, "
        "local medics said. Residents said the raids hit a market.",
    ),
    (
        "idlib-0508b",
        "2017-05-08",
        "Market hit in Idlib",
        "Seven civilians were killed in Idlib on Monday when government jets struck a crowded "
        "market, the health directorate reported, and dozens of stalls burned.",
    ),
    (
        "idlib-talks",
        "2017-05-09",
        "Talks in Idlib",
        "Local council leaders met Turkish officials in Idlib on Tuesday to discuss the monitoring "
        "of the zone. Both sides agreed in Idlib on Tuesday to open a new crossing.",
    ),
    (
        "damascus-0509",
        "2017-05-09",
        "Car bomb in Damascus",
        "A car bomb exploded in Damascus on Tuesday, killing six people near a checkpoint, state media said.",
    ),
    (
        "idlib-0510",
        "2017-05-10",
        "Shelling in Idlib",
        "Artillery shelled Idlib on Wednesday and killed two children, rescuers said. The shelling "
        "came days after the Astana memorandum took effect.",
    ),
    (
        "syria-0511",
        "2017-05-11",
        "Fighting in Syria",
        "Government forces attacked rebels in Syria on Thursday, killing ten fighters, a war monitor said.",
    ),
    (
        "idlib-province-0512",
        "2017-05-12",
        "Strikes across Idlib province",
        "Air strikes hit villages across Idlib province on Friday, killing four civilians, activists said.",
    ),
    (
        "idlib-0517",
        "2017-05-17",
        "Idlib shelled again",
        "Government troops shelled Idlib on Wednesday, killing one man, activists reported. "
        "Families fled toward the Turkish border.",
    ),
]

# Around Azaz (36.59 N, 37.05 E) and Syria's centroid (35.01 N, 38.54 E); not Idlib or Rastan.
NORTH_TEST_ZONE = {
    "type": "Feature",
    "properties": {"id": "north-test", "name": "Azaz to the Euphrates (test)", "start": "2017-05-06"},
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[36.9, 34.9], [39.0, 34.9], [39.0, 36.7], [36.9, 36.7], [36.9, 34.9]]],
    },
}


def _square(zone_id: str, lat: float, lon: float, start: str | None = "2017-05-06") -> dict[str, Any]:
    """A Feature: a small square around a point (synthetic articles sit at 35.0 + i/100, 36.0)."""
    ring = [
        [lon - 0.01, lat - 0.01],
        [lon + 0.01, lat - 0.01],
        [lon + 0.01, lat + 0.01],
        [lon - 0.01, lat + 0.01],
        [lon - 0.01, lat - 0.01],
    ]
    return {
        "type": "Feature",
        "properties": {"id": zone_id, "name": f"Zone {zone_id}", "start": start},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed and test articles, with the Astana zones added between the two ingests: the second
    ingest assigns its events itself."""
    folder = tmp_path_factory.mktemp("zones")
    path = folder / "zones.db"
    articles = folder / "articles.jsonl"
    articles.write_text(
        "".join(
            json.dumps(
                {
                    "id": i,
                    "published": day,
                    "title": title,
                    "text": text,
                    "source": "test",
                    "url": f"https://example.org/{i}",
                }
            )
            + "\n"
            for i, day, title, text in ARTICLES
        ),
        encoding="utf-8",
    )
    with open_store(str(path)) as store:
        ingest(read_paths([str(shared_path("seed/deescalation-zones.txt"))]), store, published="2017-05-04")
        astana = json.loads(shared_path("zones/astana-2017-approx.geojson").read_text(encoding="utf-8"))
        add_zones(store, astana)
        add_zones(store, NORTH_TEST_ZONE)
        ingest(read_paths([str(articles)]), store)
    return path


@pytest.fixture()
def store(db: Path) -> Any:
    with open_store(str(db)) as opened:
        yield opened


def _entry(store: Store, zone_id: str, **kwargs: Any) -> dict[str, Any]:
    (entry,) = zone_report(store, zone_id, **kwargs)
    return entry


def _zones_of(store: Store, article_id: str) -> set[str]:
    rows = [r for r in store.events(limit=None) if r["article_id"] == article_id and r["lat"]]
    assert rows, article_id
    return {z for r in rows for z in r["zones"]}


def test_the_astana_zones_hold_idlib_and_rastan_not_azaz_or_damascus(store: Store) -> None:
    assert [z.id for z in store.zones()] == [
        "eastern-ghouta",
        "idlib",
        "north-homs",
        "north-test",
        "south",
    ]
    assert _zones_of(store, "idlib-0510") == {"idlib"}
    assert _zones_of(store, "rastan-0502") == {"north-homs"}
    assert _zones_of(store, "damascus-0509") == set()
    seed = [r for r in store.events(limit=None) if r["place"] == "Azaz"]
    assert seed and all(r["zones"] == ["north-test"] for r in seed)


def test_a_country_level_place_is_in_no_zone(store: Store) -> None:
    # Syria's point (its centroid) lies inside north-test, but "in Syria" says nothing of where.
    in_syria = [r for r in store.events(limit=None) if r["place"] == "Syria"]
    assert {r["article_id"] for r in in_syria} >= {"syria-0511"}
    assert all(r["zones"] == [] for r in in_syria)


def test_a_province_level_place_is_in_no_zone(store: Store) -> None:
    # "across Idlib province" places the strikes at the province's point, which lies inside the
    # Idlib zone; but which villages, the text does not say: the zone does not count them.
    rows = [r for r in store.events(limit=None) if r["article_id"] == "idlib-province-0512"]
    assert rows and all(r["place"] == "Idlib" and r["lat"] for r in rows), rows
    assert all(r["zones"] == [] for r in rows)


def test_weekly_report_counts_each_real_event_once_with_change_and_violations(store: Store) -> None:
    entry = _entry(store, "idlib", by="week")
    assert entry["zone"] == {
        "id": "idlib",
        "start": "2017-05-06",
        "end": None,
        "name": "Idlib zone (Idlib province and adjoining parts of Latakia, Hama and Aleppo)",
    }
    w19, w20 = entry["periods"]
    assert (w19["period"], w19["start"], w19["end"]) == ("2017-W19", "2017-05-08", "2017-05-14")
    # the strike of the 8th (two articles, several sentences) and the shelling of the 10th;
    # the meeting and the agreement of the 9th (the events stage may find more in the talk)
    assert w19["per_type"]["ASSAULT"] == 2 and {"AGREE", "CONSULT"} <= set(w19["per_type"])
    assert (w19["events"], w19["fatalities"], w19["change"]) == (sum(w19["per_type"].values()), 9, None)
    assert [(v["date"], v["type"], v["fatalities"]) for v in w19["violations"]] == [
        ("2017-05-08", "ASSAULT", 7),
        ("2017-05-10", "ASSAULT", 2),
    ]
    strike = w19["violations"][0]
    assert strike["articles"] == 2 and strike["place"] == "Idlib"
    assert strike["article_id"] in {"idlib-0508", "idlib-0508b"} and "Idlib" in strike["sentence"]
    assert strike["url"] == f"https://example.org/{strike['article_id']}"
    assert (w20["period"], w20["per_type"], w20["fatalities"]) == ("2017-W20", {"ASSAULT": 1}, 1)
    assert w20["change"] == {
        "events": 1 - w19["events"],
        "fatalities": -8,
        "per_type": {t: -n for t, n in w19["per_type"].items()} | {"ASSAULT": -1},
    }
    assert [v["article_id"] for v in w20["violations"]] == ["idlib-0517"]


def test_daily_report_includes_the_empty_days_between(store: Store) -> None:
    periods = _entry(store, "idlib", by="day")["periods"]
    assert [p["period"] for p in periods] == [f"2017-05-{d:02d}" for d in range(8, 18)]
    assert {p["period"]: p["per_type"].get("ASSAULT") for p in periods if p["events"]} == {
        "2017-05-08": 1,
        "2017-05-09": None,
        "2017-05-10": 1,
        "2017-05-17": 1,
    }
    assert sum(p["fatalities"] for p in periods) == 10
    eleventh, seventeenth = periods[3], periods[9]
    tenth = periods[2]
    assert eleventh["change"] == {
        "events": -tenth["events"],
        "fatalities": -2,
        "per_type": {t: -n for t, n in tenth["per_type"].items()},
    }
    assert seventeenth["change"] == {"events": 1, "fatalities": 1, "per_type": {"ASSAULT": 1}}
    # the meeting and the agreement are events, not violations
    assert {"AGREE", "CONSULT"} <= set(periods[1]["per_type"]) and periods[1]["violations"] == []


def test_events_before_the_start_are_counted_but_are_not_violations(store: Store) -> None:
    (rastan,) = _entry(store, "north-homs")["periods"]
    assert (rastan["period"], rastan["per_type"], rastan["fatalities"]) == ("2017-W18", {"ASSAULT": 1}, 3)
    assert rastan["violations"] == []
    # the seed's Azaz car bomb of 2017-05-03, told in three sentences: one event, five dead
    (azaz,) = _entry(store, "north-test", by="day")["periods"]
    assert (azaz["period"], azaz["per_type"], azaz["fatalities"]) == ("2017-05-03", {"ASSAULT": 1}, 5)
    assert azaz["violations"] == []


def test_since_and_until_bound_the_periods(store: Store) -> None:
    periods = _entry(store, "idlib", by="week", since="2017-05-15")["periods"]
    assert [(p["period"], p["events"], p["change"]) for p in periods] == [("2017-W20", 1, None)]
    window = _entry(store, "idlib", by="day", since="2017-05-11", until="2017-05-13")["periods"]
    assert [(p["period"], p["events"]) for p in window] == [
        ("2017-05-11", 0),
        ("2017-05-12", 0),
        ("2017-05-13", 0),
    ]
    assert _entry(store, "eastern-ghouta")["periods"] == []
    assert [e["zone"]["id"] for e in zone_report(store)] == [z.id for z in store.zones()]
    with pytest.raises(KeyError):
        zone_report(store, "atlantis")
    with pytest.raises(ValueError, match="by must be"):
        zone_report(store, by="month")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="since is not an ISO date"):
        zone_report(store, since="last week")
    with pytest.raises(ValueError, match="since 2017-05-20 is after until 2017-05-10"):
        zone_report(store, since="2017-05-20", until="2017-05-10")


def test_the_zone_filter_on_events(store: Store) -> None:
    rows = store.events(Filters(zone="idlib"), limit=None)
    assert {r["article_id"] for r in rows} == {
        "idlib-0508",
        "idlib-0508b",
        "idlib-talks",
        "idlib-0510",
        "idlib-0517",
    }
    assert all("idlib" in r["zones"] for r in rows)
    assaults = store.events(Filters(zone="north-homs", type=["ASSAULT"]), limit=None)
    assert {r["article_id"] for r in assaults} == {"rastan-0502"}
    assert store.events(Filters(zone="south"), limit=None) == []
    with pytest.raises(ValueError, match="zone filter does not apply"):
        store.quotes(Filters(zone="idlib"))


def test_adding_again_replaces_and_removing_unlinks(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "small.db")) as store:
        store.save_articles([synthetic(10), synthetic(20)])  # at 35.10 and 35.20 N, 36.0 E
        add_zones(store, _square("z", 35.10, 36.0))
        assert [r["zones"] for r in store.events(Filters(zone="z"), limit=None)] == [["z"]]
        # same id, new outline and dates: the old links go, the new ones come
        (moved,) = add_zones(store, _square("z", 35.20, 36.0, start=None))
        assert moved.start is None and len(store.zones()) == 1
        assert store.zones(["z", "nowhere"]) == [moved] and store.zones(["nowhere"]) == []
        assert [r["article_id"] for r in store.events(Filters(zone="z"), limit=None)] == ["art20v1"]
        assert assign_events(store) == 1
        assert store.remove_zone("z") and not store.remove_zone("z")
        assert store.zones() == [] and all(r["zones"] == [] for r in store.events(limit=None))
        assert zone_report(store) == []


BAD_GEOJSON = [
    ([1, 2], "expected a FeatureCollection or a Feature"),
    ({"type": "Polygon", "coordinates": []}, "not a FeatureCollection or a Feature"),
    ({"type": "FeatureCollection", "features": []}, "has no features"),
    ({**_square("a", 35.0, 36.0), "properties": {"name": "no id"}}, r"feature 1: properties\.id"),
    ({**_square("a", 35.0, 36.0), "properties": {"id": "a"}}, r"feature 1 \('a'\): properties\.name"),
    (
        {**_square("a", 35.0, 36.0), "geometry": {"type": "Point", "coordinates": [36.0, 35.0]}},
        r"feature 1 \('a'\): the geometry must be a Polygon or MultiPolygon, not 'Point'",
    ),
    (
        {**_square("a", 35.0, 36.0), "geometry": {"type": "Polygon", "coordinates": "nowhere"}},
        r"feature 1 \('a'\): malformed Polygon",
    ),
    (
        {
            **_square("a", 35.0, 36.0),
            "geometry": {"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [36, 35]]]},
        },
        r"feature 1 \('a'\): invalid outline \(Too few points",
    ),
    (
        {**_square("a", 35.0, 36.0), "geometry": {"type": "MultiPolygon", "coordinates": []}},
        r"feature 1 \('a'\): the MultiPolygon has no area",
    ),
    (
        {
            **_square("a", 35.0, 36.0),
            "geometry": {  # a bow tie: the outline crosses itself
                "type": "Polygon",
                "coordinates": [[[36, 35], [37, 36], [37, 35], [36, 36], [36, 35]]],
            },
        },
        r"invalid outline \(Self-intersection",
    ),
    (
        {
            **_square("a", 35.0, 36.0),
            "geometry": {"type": "Polygon", "coordinates": [[[35, 136], [36, 136], [36, 137], [35, 136]]]},
        },
        r"out of range \(GeoJSON order",
    ),
    (_square("a", 35.0, 36.0, start="6 May 2017"), r"properties\.start is not an ISO date"),
    (
        {
            **_square("a", 35.0, 36.0),
            "properties": {"id": "a", "name": "A", "start": "2017-05-06", "end": "2017-05-01"},
        },
        "end 2017-05-01 is before start",
    ),
    (
        {"type": "FeatureCollection", "features": [_square("a", 35.0, 36.0), _square("a", 35.1, 36.0)]},
        "two features have the id 'a'",
    ),
]


@pytest.mark.parametrize(("geojson", "message"), BAD_GEOJSON)
def test_bad_geojson_is_refused_with_a_clear_error_and_stores_nothing(
    tmp_path: Path, geojson: Any, message: str
) -> None:
    with open_store(str(tmp_path / "bad.db")) as store:
        with pytest.raises(ValueError, match=message):
            add_zones(store, geojson)
        assert store.zones() == []


def test_a_multipolygon_zone_holds_events_in_either_part(tmp_path: Path) -> None:
    parts = [_square("m", lat, 36.0)["geometry"]["coordinates"] for lat in (35.10, 35.30)]
    with open_store(str(tmp_path / "multi.db")) as store:
        store.save_articles([synthetic(i) for i in (10, 20, 30)])
        add_zones(
            store,
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"id": "m", "name": "Two parts"},
                        "geometry": {"type": "MultiPolygon", "coordinates": parts},
                    }
                ],
            },
        )
        rows = store.events(Filters(zone="m"), limit=None)
        assert sorted(r["article_id"] for r in rows) == ["art10v1", "art30v1"]


def test_export_includes_the_zones_and_their_events(store: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    report = store.export("parquet", tmp_path)
    zones = pq.read_table(tmp_path / "zones.parquet").to_pylist()
    assert [z["id"] for z in zones] == [z.id for z in store.zones()]
    assert zones[0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}  # a struct, not JSON text
    in_zones = pq.read_table(tmp_path / "event_zones.parquet").to_pylist()
    every_event = store.events(Filters(include_duplicates=True), limit=None)
    listed = {(r["id"], z) for r in every_event for z in r["zones"]}
    assert {(r["event_id"], r["zone_id"]) for r in in_zones} == listed
    assert report.rows["event_zones"] == len(in_zones) > 0


def test_cli_report_and_events_by_zone(db: Path) -> None:
    result = runner.invoke(app, ["zones", "report", "idlib", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)
    assert [(p["period"], p["fatalities"], len(p["violations"])) for p in entry["periods"]] == [
        ("2017-W19", 9, 2),
        ("2017-W20", 1, 1),
    ]
    table = runner.invoke(app, ["zones", "report", "--db", str(db), "--by", "day", "--until", "2017-05-09"])
    assert table.exit_code == 0, table.output
    assert "Northern Homs zone" in table.stdout and "2017-05-02" in table.stdout
    assert "Violations (1)" in table.stdout  # the strike of the 8th; the 10th is after --until
    listed = runner.invoke(app, ["zones", "list", "--db", str(db)])
    assert listed.exit_code == 0 and "eastern-ghouta" in listed.stdout
    events = runner.invoke(app, ["events", "--db", str(db), "--zone", "north-homs", "--format", "jsonl"])
    assert events.exit_code == 0, events.output
    assert {json.loads(line)["article_id"] for line in events.stdout.splitlines()} == {"rastan-0502"}
    unknown = runner.invoke(app, ["zones", "report", "atlantis", "--db", str(db)])
    assert unknown.exit_code == 1 and "no zone 'atlantis'" in unknown.stderr


def test_cli_add_list_remove(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    zones_file = Path(__file__).resolve().parents[1] / "ceasefire" / "examples" / "zones.geojson"
    for _ in range(2):  # adding the same file again replaces, it does not duplicate
        added = runner.invoke(app, ["zones", "add", str(zones_file), "--db", db])
        assert added.exit_code == 0, added.output
        assert "4 zones added: idlib, north-homs, eastern-ghouta, south" in added.stderr
    with open_store(db) as store:
        assert len(store.zones()) == 4
    removed = runner.invoke(app, ["zones", "remove", "south", "--db", db])
    assert removed.exit_code == 0 and "zone south removed" in removed.stderr
    again = runner.invoke(app, ["zones", "remove", "south", "--db", db])
    assert again.exit_code == 1 and "no zone 'south'" in again.stderr
    listed = runner.invoke(app, ["zones", "list", "--db", db])
    assert "Zones (3)" in listed.stdout and "south" not in listed.stdout
    bad = tmp_path / "bad.geojson"
    bad.write_text(json.dumps(_square("x", 35.0, 36.0, start="soon")), encoding="utf-8")
    refused = runner.invoke(app, ["zones", "add", str(bad), "--db", db])
    assert refused.exit_code == 1
    assert "bad.geojson: feature 1 ('x'): properties.start is not an ISO date" in refused.stderr
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf-8")
    unreadable = runner.invoke(app, ["zones", "add", str(broken), "--db", db])
    assert unreadable.exit_code == 1 and "cannot read it as JSON" in unreadable.stderr


def test_zones_on_postgresql() -> None:
    """The same tables, assignment, report and filter on a PostgreSQL server (skips without)."""
    from tests.pg import fresh_schema, server_url

    with fresh_schema(server_url()) as url, open_store(url) as store:
        articles = [synthetic(i) for i in (10, 11, 20)]
        for article, day in zip(articles, ("2017-05-11", "2017-05-12", "2017-05-12"), strict=True):
            article.events[0].date = day
        store.save_articles(articles)
        add_zones(store, _square("pg", 35.105, 36.0, start="2017-05-12"))
        assert assign_events(store) == 2
        (entry,) = zone_report(store, "pg", by="day")
        assert [
            (p["period"], p["events"], p["fatalities"], len(p["violations"])) for p in entry["periods"]
        ] == [("2017-05-11", 1, 10, 0), ("2017-05-12", 1, 11, 1)]
        assert entry["periods"][1]["change"] == {"events": 0, "fatalities": 1, "per_type": {"ASSAULT": 0}}
        assert {r["article_id"] for r in store.events(Filters(zone="pg"), limit=None)} == {
            "art10v1",
            "art11v1",
        }
        assert store.remove_zone("pg") and zone_report(store) == []


def test_only_asserted_events_count_in_a_zone(tmp_path: Path) -> None:
    # one real shelling (two asserted reports, 5 and 6 killed) beside a denial, a plan, a
    # warning and a toll of 300,000 since 2011, all of ASSAULT in Idlib on the same day
    with open_store(str(tmp_path / "statuses.db")) as store:
        fill(store)
        (entry,) = zone_report(store, "idlib-test", by="day")
        every = store.events(Filters(zone="idlib-test", status=None), limit=None)
    (period,) = entry["periods"]
    assert period["period"] == DAY and period["per_type"] == {"ASSAULT": 1}
    assert period["fatalities"] in (5, 6)
    (violation,) = period["violations"]
    assert violation["event_id"] in ASSERTED_IDS and violation["articles"] == 2
    assert len(every) == 7  # all are in the zone: the status alone keeps them out


def test_undated_events_of_undated_articles_are_left_out_of_reports(tmp_path: Path) -> None:
    # FA-KES articles come without a publication date: an undated event there has no day
    undated = status_articles()
    undated[1].published = None
    undated[1].events[0].date = None
    with open_store(str(tmp_path / "undated.db")) as store:
        store.save_articles(undated)
        add_zones(store, ZONE)
        (entry,) = zone_report(store, "idlib-test", by="week")
    (period,) = entry["periods"]
    assert period["per_type"] == {"ASSAULT": 1} and period["fatalities"] == 5


def _outline(name: str, ring: list[list[float]]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"id": "z", "name": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


# A box drawn for the test around Saraqib and Maarat al-Numan (lon 36.6-36.9, lat 35.6-35.9),
# in [longitude, latitude] order; both readings of it lie within the coordinate ranges.
AROUND_SARAQIB = [[36.6, 35.6], [36.9, 35.6], [36.9, 35.9], [36.6, 35.9], [36.6, 35.6]]


def test_a_zone_with_swapped_axes_is_refused_by_the_towns_it_names(tmp_path: Path) -> None:
    swapped = [[lat, lon] for lon, lat in AROUND_SARAQIB]
    with open_store(str(tmp_path / "axes.db")) as store:
        with pytest.raises(ValueError, match=r"feature 1 \('z'\): .*\[latitude, longitude\]"):
            add_zones(store, _outline("Saraqib and Maarat al-Numan", swapped))
        assert store.zones() == []
        (zone,) = add_zones(store, _outline("Saraqib and Maarat al-Numan", AROUND_SARAQIB))
        assert zone.id == "z"
        # a name that gives no known town cannot tell the axes apart: the outline is taken
        assert add_zones(store, _outline("Sector B", swapped))


def test_the_example_zones_load_and_swapped_they_are_refused(tmp_path: Path) -> None:
    examples = json.loads((Path("ceasefire/examples/zones.geojson")).read_text(encoding="utf-8"))
    with open_store(str(tmp_path / "examples.db")) as store:
        assert len(add_zones(store, examples)) == len(examples["features"])
        for feature in examples["features"]:
            geometry = feature["geometry"]
            flipped = [[[lat, lon] for lon, lat in ring] for ring in geometry["coordinates"]]
            with pytest.raises(ValueError, match="latitude, longitude"):
                add_zones(store, {**feature, "geometry": {**geometry, "coordinates": flipped}})
