"""Exports analysts load without merging (issue 14, item 3), over a real store of the seed, the
example articles and the example zones: ACLED's table of incidents, Parquet with real types, CSV
whose codes stay text when read back, and GeoJSON of incidents and of zones."""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from ceasefire.cli import app as cli
from ceasefire.store import ACLED_DTYPES, Store, acled, features, formats, incidents, open_store
from ceasefire.store.acled import acled_row, inter_code, interaction
from ceasefire.store.schema import DATA_TABLES, ZONE_TABLES
from ceasefire.zones import add_zones
from tests.conftest import EXAMPLES, build_example_store

DEFAULT_THRESHOLDS = gc.get_threshold()

runner = CliRunner()

ACLED_COLUMNS = (
    "event_id_cnty event_date time_precision event_type sub_event_type actor1 assoc_actor_1 inter1 "
    "actor2 assoc_actor_2 inter2 interaction civilian_targeting iso country admin1 admin2 location "
    "latitude longitude geo_precision source source_scale notes fatalities timestamp"
).split()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "store.db"
    build_example_store(path, EXAMPLES / "sample.jsonl", statuses=False)
    return path


@pytest.fixture(scope="module")
def store(db: Path) -> Iterator[Store]:
    with open_store(str(db)) as opened:
        yield opened


def in_acled_scope(store: Store) -> set[str]:
    """The incidents one of whose reports ACLED types."""
    incidents = store.incidents(limit=None)
    found = set()
    for row in incidents:
        opened = store.incident(row["id"])
        assert opened is not None
        if any(r["acled_event_type"] for r in opened["reports"]):
            found.add(row["id"])
    return found


def test_acled_export_is_one_row_per_incident_in_acleds_terms(store: Store, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    result = runner.invoke(cli, ["export", str(out), "--db", str(db), "--format", "acled"])
    assert result.exit_code == 0, result.output
    assert "{" not in result.output and "incidents" in result.output  # a human summary
    table = pd.read_csv(out, parse_dates=["event_date"], dtype=ACLED_DTYPES)
    assert list(table.columns) == ACLED_COLUMNS
    assert table["inter1"].dtype == "Int64" and table["admin2"].dtype == "string"
    assert pd.api.types.is_datetime64_any_dtype(table["event_date"])
    scope = in_acled_scope(store)
    assert len(table) == len(scope) > 0
    assert table["event_id_cnty"].is_unique
    assert {i[3:] for i in table["event_id_cnty"]} == scope
    assert set(table["time_precision"]) <= {1, 2, 3}
    assert set(table["geo_precision"].dropna()) <= {1, 2, 3}
    assert (table["fatalities"] >= 0).all()
    # interaction: the two inter codes, the lower first, 0 for a side nobody names
    for row in table.itertuples():
        sides = [int(code) for code in (row.inter1, row.inter2) if not pd.isna(code)]
        if len(sides) == 2:
            assert row.interaction == int(f"{min(sides)}{max(sides)}")
    assert set(table["civilian_targeting"].dropna()) <= {"Civilian targeting"}
    # the sample's Eastern Ghouta clash: the army against a rebel group, nine dead, in a region
    (clash,) = table[table["notes"].str.contains("Jaish al-Islam in Eastern Ghouta")].itertuples()
    assert (clash.event_type, clash.sub_event_type) == ("Battles", "Armed clash")
    assert (clash.actor1, clash.inter1, clash.actor2, clash.inter2) == (
        "Syrian government forces",
        1,
        "Jaish al-Islam",
        2,
    )
    assert clash.interaction == 12 and clash.fatalities == 9
    assert (clash.iso, clash.country, clash.location, clash.geo_precision) == (
        760,
        "Syria",
        "Eastern Ghouta",
        2,
    )
    assert (clash.event_date.date().isoformat(), clash.time_precision) == ("2017-05-24", 1)
    assert pd.isna(clash.civilian_targeting)
    assert clash.timestamp > 1_500_000_000  # when the store took it, in Unix seconds


def test_parquet_has_dates_precisions_lists_and_structs(store: Store, tmp_path: Path) -> None:
    store.export("parquet", tmp_path)
    events = pq.read_schema(tmp_path / "events.parquet")
    for name in ("date", "date_from", "date_to"):
        assert events.field(name).type == pa.date32(), name
    assert events.field("date_precision").type == pa.string()
    fused = pq.read_schema(tmp_path / "fused_events.parquet")
    assert fused.field("date").type == pa.date32()
    assert fused.field("date_precision").type == pa.string()
    assert fused.field("actor_sectors").type == pa.list_(pa.string())
    articles = pq.read_schema(tmp_path / "articles.parquet")
    assert articles.field("published").type == pa.date32()
    assert pa.types.is_timestamp(articles.field("ingested_at").type)
    assert articles.field("segments").type == pa.list_(pa.list_(pa.int64()))
    times = articles.field("times").type
    assert pa.types.is_list(times) and pa.types.is_struct(times.value_type)
    # a week stays a week: its first day and its precision
    rows = pq.read_table(tmp_path / "events.parquet").to_pylist()
    assert {r["date_precision"] for r in rows if r["date"] is not None} <= {"day", "week", "month", "year"}
    # no nested value is left as JSON text
    for table in (*DATA_TABLES, *ZONE_TABLES):
        read = pq.read_table(tmp_path / f"{table.name}.parquet")
        for field in read.schema:
            if field.type == pa.string():
                for value in read.column(field.name).to_pylist():
                    assert not (value and value[0] in "[{"), (table.name, field.name, value)


def test_csv_codes_stay_text_when_read_back_as_documented(store: Store, tmp_path: Path) -> None:
    store.export("csv", tmp_path)
    dtypes = json.loads((tmp_path / "dtypes.json").read_text(encoding="utf-8"))
    events = pd.read_csv(tmp_path / "events.csv", dtype=dtypes["events"])
    assert "046" in set(events["cameo"])  # a CAMEO code is text: its leading zero stays
    assert events["fatalities"].dtype == "Int64"  # counts stay whole numbers beside empty cells
    assert events["lat"].dtype == "Float64"
    assert events["civilian_targeting"].dtype == "boolean"
    for table in (*DATA_TABLES, *ZONE_TABLES):  # every table reads back with its dtypes
        read = pd.read_csv(tmp_path / f"{table.name}.csv", dtype=dtypes[table.name])
        assert list(read.columns) == [c.name for c in table.columns]
    # read without them, pandas guesses a number and the code loses its zero
    assert "046" not in set(pd.read_csv(tmp_path / "events.csv")["cameo"].astype(str))


def test_geojson_of_incidents_and_of_zones(store: Store, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "incidents.geojson"
    result = runner.invoke(cli, ["export", str(out), "--db", str(db), "--format", "incidents-geojson"])
    assert result.exit_code == 0, result.output
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    located = [r for r in store.incidents(limit=None) if r["lat"] is not None]
    assert sorted(f["properties"]["id"] for f in collection["features"]) == sorted(r["id"] for r in located)
    for feature in collection["features"]:
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["n_reports"] >= 1

    out = tmp_path / "zones.geojson"
    report = store.export("zones-geojson", out)
    zones = json.loads(out.read_text(encoding="utf-8"))
    assert zones["type"] == "FeatureCollection" and report.rows == {"zones": 4}
    assert {f["properties"]["id"] for f in zones["features"]} == {z.id for z in store.zones()}
    for feature in zones["features"]:
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert feature["properties"]["name"]


def test_inter_codes_and_interaction_follow_acleds_codebook() -> None:
    assert inter_code("MIL", "SYR", "SYR", "Battles") == 1
    assert inter_code("MIL", "RUS", "SYR", "Battles") == 8  # a foreign state's forces
    assert inter_code("REB", "SYR", "SYR", "Battles") == 2
    assert inter_code("CVL", None, "SYR", "Violence against civilians") == 7
    assert inter_code("CVL", None, "SYR", "Protests") == 6  # the unarmed of a protest protest
    assert inter_code("LAB", None, "SYR", "Riots") == 5
    assert inter_code(None, "SYR", "SYR", "Battles") is None
    assert interaction((True, 1), (False, None)) == 10
    assert interaction((True, 7), (True, 1)) == 17  # the lower first
    assert interaction((True, 2), (True, 2)) == 22
    assert interaction((True, 1), (True, None)) is None  # a named side without a code
    assert interaction((False, None), (False, None)) is None


def test_a_geometry_column_of_mixed_shapes_stays_json_text(tmp_path: Path) -> None:
    square = [[[36.0, 35.0], [36.1, 35.0], [36.1, 35.1], [36.0, 35.1], [36.0, 35.0]]]
    zones = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"id": "one", "name": "One"},
                "geometry": {"type": "Polygon", "coordinates": square},
            },
            {
                "type": "Feature",
                "properties": {"id": "two", "name": "Two"},
                "geometry": {"type": "MultiPolygon", "coordinates": [square]},
            },
        ],
    }
    with open_store(str(tmp_path / "mixed.db")) as store:
        add_zones(store, zones)
        store.export("parquet", tmp_path / "out")
    read = pq.read_table(tmp_path / "out" / "zones.parquet")
    assert read.schema.field("geometry").type == pa.string()
    assert {json.loads(g)["type"] for g in read.column("geometry").to_pylist()} == {"Polygon", "MultiPolygon"}


def test_exports_of_incidents_read_them_a_page_at_a_time(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = {fmt: tmp_path / f"whole-{fmt}" for fmt in ("acled", "incidents-geojson")}
    for fmt, path in whole.items():
        store.export(fmt, path)
    monkeypatch.setattr(incidents, "PAGE", 2)
    monkeypatch.setattr(features, "PAGE", 2)
    for fmt, path in whole.items():
        paged = tmp_path / f"paged-{fmt}"
        store.export(fmt, paged)
        assert paged.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def incident_of(event_type: str, sub: str, actors: list[str], civilians: bool) -> dict[str, Any]:
    """An incident row as the listing gives it, of one report typed as given."""
    row: dict[str, Any] = {"id": "i1", "country": "SYR", "date_from": "2017-05-24", "date_to": "2017-05-24"}
    row |= {"date_precision": "day", "place_precision": "city", "place": "Idlib", "admin1": "Idlib"}
    row |= {"lat": 35.93, "lon": 36.63, "sentence": "…", "fatalities_mode": None}
    row |= {"actors": actors, "recipients": []}
    report = {"acled_event_type": event_type, "acled_sub_event_type": sub, "civilian_targeting": civilians}
    report |= {"source": "a paper", "ingested_at": "2017-05-25T00:00:00+00:00"}
    return {"incident": row, "members": [report]}


def test_a_side_of_unknown_sector_takes_the_code_its_event_gives() -> None:
    # the crowd of a protest, named or not, is its protesters: 60
    protest = incident_of("Protests", "Peaceful protest", ["teachers"], civilians=False)
    row = acled_row(protest["incident"], protest["members"], {})
    assert row is not None and (row["inter1"], row["inter2"], row["interaction"]) == (6, None, 60)
    # rebels who kill villagers nobody names a sector for: the victims are civilians, 27
    attack = incident_of("Violence against civilians", "Attack", ["rebels"], civilians=True)
    sides = {("i1", "actor", "rebels"): ("REB", "SYR")}
    row = acled_row(attack["incident"], attack["members"], sides)
    assert row is not None and (row["inter1"], row["inter2"], row["interaction"]) == (2, 7, 27)
    assert row["civilian_targeting"] == "Civilian targeting" and row["actor2"] is None


@pytest.mark.parametrize("fmt", ["geojson", "incidents-geojson", "acled", "csv"])
def test_an_export_reads_and_writes_its_rows_without_the_cyclic_collector(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    rows_code = {Path(module.__file__ or "").resolve() for module in (features, acled, incidents, formats)}
    collections_in_rows: list[str] = []

    def seen(phase: str, _: dict[str, int]) -> None:
        frame = sys._getframe(1)
        while phase == "start" and frame is not None:
            if Path(frame.f_code.co_filename).resolve() in rows_code:
                collections_in_rows.append(frame.f_code.co_name)
                return
            frame = frame.f_back

    gc.set_threshold(1)  # with the collector on, nearly every allocation starts a collection
    gc.callbacks.append(seen)
    try:
        store.export(fmt, tmp_path / f"out-{fmt}")
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*DEFAULT_THRESHOLDS)
    assert collections_in_rows == []
    assert gc.isenabled()
