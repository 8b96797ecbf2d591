"""Incidents: the fused events, listed, filtered, mapped and opened in the store, the API and
the CLI, over a real store of the seed, the example articles and zones and the articles of
tests/statuses.py (two reports of one shelling of Idlib, five and six killed, beside reports of
it that are negated, planned, hypothetical or background).

An incident is what an analyst counts: every asserted report of an original article lies in
exactly one incident, no report that is not asserted lies in any, and an incident's figures are
its reports' (a range, the most-reported figure, how many reports and articles).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ceasefire.api import create_app
from ceasefire.cli import app as cli
from ceasefire.store import Filters, Near, Store, open_store
from tests.conftest import build_example_store, first_examples
from tests.statuses import ASSERTED_IDS, DAY, IDLIB

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("incidents") / "store.db"
    build_example_store(path, first_examples(path.parent))
    return path


@pytest.fixture(scope="module")
def store(db: Path) -> Iterator[Store]:
    with open_store(str(db)) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db)), base_url="http://localhost") as test_client:
        yield test_client


def shelling(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The Idlib shelling of tests/statuses.py: the incident of the two asserted reports."""
    (found,) = [row for row in rows if row["date"] == DAY and row["place"] == "Idlib"]
    return found


# ---------------------------------------------------------------- the store


def test_every_asserted_report_lies_in_exactly_one_incident(store: Store) -> None:
    incidents = store.incidents(limit=None)
    reports = store.events(limit=None)
    assert len(incidents) == len(store.load_fused()) < len(reports)
    assert sum(row["n_reports"] for row in incidents) == len(reports)
    # none of the reports that did not happen makes or joins an incident
    every = store.events(Filters(status=None), limit=None)
    others = {row["id"] for row in every if row["status"] != "asserted"}
    assert others
    members = [report["id"] for row in incidents for report in store.incident(row["id"])["reports"]]
    assert len(members) == len(set(members)) == len(reports)
    assert not others & set(members)


def test_an_incident_gives_its_own_facts(store: Store) -> None:
    row = shelling(store.incidents(limit=None))
    assert row["type"] == "ASSAULT" and row["date_precision"] == "day"
    assert (row["date_from"], row["date_to"]) == (DAY, DAY)
    assert (row["lat"], row["lon"]) == pytest.approx(IDLIB) and row["place_precision"] == "city"
    # five and six killed: the range, and the most-reported (a tie goes to the lower figure)
    assert (row["fatalities_min"], row["fatalities_max"], row["fatalities_mode"]) == (5, 6, 5)
    assert row["n_reports"] == 2 and row["n_articles"] == 2
    assert row["sentence"] in {"Government forces shelled Idlib on Wednesday, killing five people."}
    assert row["zones"] == ["idlib"]
    # its page: every report, in order of publication, with the sentence's place in its text
    detail = store.incident(row["id"])
    assert detail is not None and detail["incident"] == row
    assert {report["id"] for report in detail["reports"]} == ASSERTED_IDS
    for report in detail["reports"]:
        text = store.load_article(report["article_id"]).text
        assert text[report["start"] : report["end"]].strip() == report["sentence"].strip()
    assert store.incident("no-such-incident") is None
    assert store.incident_of("status-b:e1") == row["id"]
    assert store.incident_of("status-a:e2") is None  # negated: in no incident


def test_a_date_range_spans_the_reports_dated_to_the_day(store: Store) -> None:
    checked = 0
    for row in store.incidents(limit=None):
        if row["date_precision"] != "day":
            continue
        detail = store.incident(row["id"])
        assert detail is not None
        days = [r["date"] for r in detail["reports"] if r["date_precision"] == "day"]
        assert (row["date_from"], row["date_to"]) == (min(days), max(days))
        assert row["date"] in days
        checked += 1
    assert checked > 3


def test_the_filters_are_those_of_the_events(store: Store) -> None:
    every = store.incidents(limit=None)
    kinds = {row["type"] for row in every}
    assert {"ASSAULT", "CONSULT"} <= kinds
    assaults = store.incidents(Filters(type=["ASSAULT"]), limit=None)
    assert assaults and {row["type"] for row in assaults} == {"ASSAULT"}
    may = store.incidents(Filters(since="2017-05-15", until="2017-05-21"), limit=None)
    assert may and all(row["date_to"] >= "2017-05-15" and row["date_from"] <= "2017-05-21" for row in may)
    assert len(may) < len(every)
    in_idlib = store.incidents(Filters(zone="idlib"), limit=None)
    assert shelling(in_idlib) and all("idlib" in row["zones"] for row in in_idlib)
    assert {row["place"] for row in store.incidents(Filters(text="Khan Shaykhun"), limit=None)} == {
        "Khan Shaykhun"
    }
    near = store.incidents(Filters(near=Near(*IDLIB, 5)), limit=None)
    assert [row["place"] for row in near] == ["Idlib"] and near[0]["distance_km"] < 1
    assert {row["country"] for row in store.incidents(Filters(country="syr"), limit=None)} == {"SYR"}
    by_actor = store.incidents(Filters(actor="Putin"), limit=None)
    assert by_actor and all(
        any("Putin" in name for name in row["actors"] + row["recipients"]) for row in by_actor
    )
    # the filters on what was reported hold for one report, the same one for all of them
    assert shelling(store.incidents(Filters(zone="idlib", actor="Warplanes", text="bombed"), limit=None))
    assert store.incidents(Filters(actor="Warplanes", text="Government forces"), limit=None) == []
    # latest first, undated last, and pages that walk the whole list
    dated = [row["date_from"] for row in every if row["date"]]
    assert dated == sorted(dated, reverse=True)
    assert every[-1]["date"] is None
    pages = [
        row["id"] for offset in range(0, len(every), 5) for row in store.incidents(limit=5, offset=offset)
    ]
    assert pages == [row["id"] for row in every]


def test_incidents_are_asserted_only(store: Store) -> None:
    with pytest.raises(ValueError, match="asserted"):
        store.incidents(Filters(status=("negated",)))
    assert len(store.incidents(Filters(status=None), limit=None)) == len(store.incidents(limit=None))


def test_the_summary_counts_incidents_and_the_reports_they_fuse(store: Store) -> None:
    summary = store.summary()
    per_type = {kind: (n, reports) for kind, n, reports in summary["incidents_per_type"]}
    assaults = store.incidents(Filters(type=["ASSAULT"]), limit=None)
    assert per_type["ASSAULT"] == (len(assaults), sum(row["n_reports"] for row in assaults))
    assert [row["id"] for row in summary["latest_incidents"]] == [
        row["id"] for row in store.incidents(limit=10)
    ]


# ---------------------------------------------------------------- the API


def test_api_lists_maps_and_opens_incidents(client: TestClient, store: Store) -> None:
    listed = client.get("/api/incidents", params={"limit": 500}).json()
    assert [row["id"] for row in listed["items"]] == [row["id"] for row in store.incidents(limit=None)]
    page = client.get("/api/incidents", params={"limit": 3}).json()
    assert len(page["items"]) == 3 and page["next"] == "/api/incidents?limit=3&offset=3"
    row = shelling(client.get("/api/incidents", params={"type": "ASSAULT", "zone": "idlib"}).json()["items"])
    geo = client.get("/api/incidents.geojson", params={"type": "ASSAULT"})
    assert geo.headers["content-type"] == "application/geo+json"
    features = geo.json()["features"]
    assert all(f["properties"]["type"] == "ASSAULT" for f in features)
    (point,) = [f for f in features if f["properties"]["id"] == row["id"]]
    assert point["geometry"]["coordinates"] == pytest.approx([IDLIB[1], IDLIB[0]])
    opened = client.get(f"/api/incidents/{row['id']}").json()
    assert opened["incident"]["id"] == row["id"]
    assert {report["id"] for report in opened["reports"]} == ASSERTED_IDS
    assert client.get("/api/incidents/nothing-here").status_code == 404
    # an event says which incident it belongs to; one that did not happen belongs to none
    assert client.get("/api/events/status-a:e1").json()["incident_id"] == row["id"]
    assert client.get("/api/events/status-a:e2").json()["incident_id"] is None


def test_api_incident_filters_are_checked(client: TestClient) -> None:
    for params, named in (
        ({"type": "ATTACK"}, "type"),
        ({"since": "05/04/2017"}, "since"),
        ({"status": "negated"}, "status"),
        ({"near": "1,2"}, "near"),
    ):
        response = client.get("/api/incidents", params=params)
        assert response.status_code == 400, params
        assert response.json()["error"]["message"].startswith(named), params


# ---------------------------------------------------------------- the CLI


def test_cli_incidents_with_the_events_filters_and_formats(db: Path, store: Store) -> None:
    result = runner.invoke(cli, ["incidents", "--db", str(db), "--format", "jsonl", "--limit", "500"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == [row["id"] for row in store.incidents(limit=None)]
    chosen = runner.invoke(
        cli, ["incidents", "--db", str(db), "-f", "jsonl", "--type", "assault", "--zone", "idlib"]
    )
    assert shelling([json.loads(line) for line in chosen.stdout.splitlines()])["n_reports"] == 2
    geo = runner.invoke(cli, ["incidents", "--db", str(db), "--format", "geojson", "--type", "ASSAULT"])
    assert geo.exit_code == 0 and json.loads(geo.stdout)["type"] == "FeatureCollection"
    table = runner.invoke(
        cli, ["incidents", "--db", str(db), "--near", "35.93,36.63,5"], env={"COLUMNS": "200"}
    )
    assert table.exit_code == 0, table.output
    assert "Incidents (1)" in table.stdout and "5–6 (mostly 5)" in table.stdout
    # incidents are asserted only: the command has no --status (the API refuses one)
    refused = runner.invoke(cli, ["incidents", "--db", str(db), "--status", "negated"])
    assert refused.exit_code == 2 and "No such option: --status" in refused.stderr


def test_cli_summary_counts_incidents(db: Path, store: Store) -> None:
    result = runner.invoke(cli, ["summary", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    incidents = store.incidents(limit=None)
    reports = sum(row["n_reports"] for row in incidents)
    assert f"{len(incidents)} incidents fused from {reports} asserted reports" in result.stdout
    per_type = result.stdout.split("Incidents per type")[1].split("Top actors")[0]
    assaults = store.incidents(Filters(type=["ASSAULT"]), limit=None)
    n = sum(row["n_reports"] for row in assaults)
    assert f"│ ASSAULT │ {len(assaults)} " in per_type and f"│ {n} " in per_type
    latest = result.stdout.split("Latest incidents")[1]
    assert "did not shell" not in latest and "300,000" not in latest
