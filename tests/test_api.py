"""The HTTP API over a store of the seed and a few articles written for these tests."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import Point, shape
from typer.testing import CliRunner

from ceasefire.api import create_app, is_loopback
from ceasefire.api.limits import MAX_BODY_BYTES
from ceasefire.api.routes import incidents as incident_routes
from ceasefire.cli import app as cli
from ceasefire.ingest import ingest
from ceasefire.model import PLOVER_TYPES, RawArticle
from ceasefire.read import read_paths
from ceasefire.store import open_store
from ceasefire.zones import add_zones
from tests.conftest import shared_path
from tests.statuses import ASSERTED_IDS, OTHER_STATUSES, fill, statuses_of

SCRIPT_TITLE = "Shelling kills five in Saraqeb <script>alert(1)</script>"
SARAQEB = (
    "Government forces shelled the town of Saraqeb in Idlib province on Tuesday, killing five "
    "civilians, activists said. <script>alert('x')</script> The Syrian Observatory for Human "
    "Rights said the shelling hit a market.\n\nRescue workers said they were searching the rubble."
)
KIEV = (
    "Thousands of people protested in Kiev on Saturday against the government, demanding the "
    "resignation of the prime minister. Police arrested twelve protesters near parliament, "
    "witnesses said."
)
WRITTEN = [
    RawArticle(
        origin="test:saraqeb",
        title=SCRIPT_TITLE,
        text=SARAQEB,
        url="https://example.org/saraqeb",
        source="written for the test",
        published="2017-06-14",
    ),
    RawArticle(
        origin="test:kiev",
        title="Protest in Kiev",
        text=KIEV,
        url="https://example.org/kiev",
        source="written for the test",
        published="2017-05-20",
    ),
]


#: The clients' base URL: the app answers only to the loopback names by default.
LOCAL = "http://localhost"


def box(lon0: float, lat0: float, lon1: float, lat1: float) -> dict[str, Any]:
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "Polygon", "coordinates": [ring]}


# Two zones drawn for the test: around Azaz (the seed's bombing, two days before the start)
# and around Saraqib (the written shelling, weeks after it).
ZONES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"id": "azaz", "name": "Azaz", "start": "2017-05-06"},
            "geometry": box(36.9, 36.45, 37.2, 36.7),
        },
        {
            "type": "Feature",
            "properties": {"id": "idlib", "name": "Idlib", "start": "2017-05-06"},
            "geometry": box(36.5, 35.6, 37.0, 36.1),
        },
    ],
}


def build_store(db: Path) -> None:
    with open_store(str(db)) as store:
        ingest(read_paths([str(shared_path("seed/deescalation-zones.txt"))]), store, published="2017-05-04")
        add_zones(store, ZONES)
        ingest(list(WRITTEN), store)  # the ingest assigns the events to the zones


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("api") / "store.db"
    build_store(db)
    with TestClient(create_app(str(db)), base_url=LOCAL) as test_client:
        yield test_client


@pytest.fixture()
def writable(tmp_path: Path) -> Iterator[TestClient]:
    """A store of its own for the tests that write."""
    db = tmp_path / "store.db"
    build_store(db)
    with TestClient(create_app(str(db)), base_url=LOCAL) as test_client:
        yield test_client


def items(client: TestClient, url: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(url, params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["next"] is None
    rows: list[dict[str, Any]] = body["items"]
    return rows


def error_of(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    message: str = body["error"]["message"]
    assert message
    return message


# ---------------------------------------------------------------- reading


def test_health_counts_articles(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok", "articles": 3}


def test_events_listing_shape_and_default_limit(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert body["limit"] == 50 and body["offset"] == 0 and body["next"] is None
    every = body["items"]
    assert len(every) > 10
    for field in (
        "id",
        "article_id",
        "type",
        "mode",
        "date",
        "place",
        "lat",
        "lon",
        "fatalities",
        "actors",
        "recipients",
        "sentence",
        "title",
        "url",
        "zones",
    ):
        assert field in every[0]
    assert {e["type"] for e in every} <= set(PLOVER_TYPES)


def test_event_type_filter_takes_several(client: TestClient) -> None:
    found = items(client, "/api/events", type=["PROTEST", "coerce"])
    assert {e["type"] for e in found} == {"PROTEST", "COERCE"}
    assert any("protested in Kiev" in e["sentence"] for e in found)
    assert all(e["type"] != "ASSAULT" for e in found)


def test_event_date_filters(client: TestClient) -> None:
    found = items(client, "/api/events", since="2017-05-10", until="2017-05-31")
    assert found and {e["url"] for e in found} == {"https://example.org/kiev"}
    before = items(client, "/api/events", until="2017-05-04")
    assert before and all(e["url"] is None for e in before)  # the seed has no URL


def test_event_country_actor_text_filters(client: TestClient) -> None:
    ukraine = items(client, "/api/events", country="ukr")
    assert ukraine and {e["country"] for e in ukraine} == {"UKR"}
    police = items(client, "/api/events", actor="police")
    assert police and all(any("police" in a.lower() for a in e["actors"]) for e in police)
    shelled = items(client, "/api/events", text="shelled")
    assert shelled and all("shelled" in e["sentence"] for e in shelled)


def test_event_near_filter(client: TestClient) -> None:
    found = items(client, "/api/events", near="36.59,37.05,10")
    assert found and {e["place"] for e in found} == {"Azaz"}
    assert all(e["distance_km"] <= 10 for e in found)
    assert items(client, "/api/events", near="0,0,10") == []


def test_event_zone_filter(client: TestClient) -> None:
    idlib = items(client, "/api/events", zone="idlib")
    assert idlib and all("idlib" in e["zones"] for e in idlib)
    assert any("shelled the town of Saraqeb" in e["sentence"] for e in idlib)
    azaz = items(client, "/api/events", zone="azaz")
    assert azaz and {e["place"] for e in azaz} == {"Azaz"}


def test_events_geojson(client: TestClient) -> None:
    response = client.get("/api/events.geojson")
    assert response.status_code == 200 and "geo+json" in response.headers["content-type"]
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    rows = items(client, "/api/events")
    located = {e["id"]: e for e in rows if e["lat"] is not None}
    assert len(located) < len(rows)  # some events have no place, and get no feature
    features = collection["features"]
    assert {f["properties"]["id"] for f in features} == set(located)
    for feature in features:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        row = located[feature["properties"]["id"]]
        assert (lon, lat) == (row["lon"], row["lat"])
    kyiv = [f for f in features if f["properties"]["place"] == "Kyiv"]
    assert kyiv and all(f["geometry"]["coordinates"][1] > 50 for f in kyiv)  # [lon, lat], not [lat, lon]
    protests = client.get("/api/events.geojson", params={"type": "PROTEST"}).json()["features"]
    assert protests and {f["properties"]["type"] for f in protests} == {"PROTEST"}
    assert len(client.get("/api/events.geojson", params={"limit": 2}).json()["features"]) == 2


def test_pagination_walks_every_page_and_keeps_filters(client: TestClient) -> None:
    wanted = items(client, "/api/events", type=["ASSAULT", "CONSULT"])
    seen: list[str] = []
    url: str | None = "/api/events?type=ASSAULT&type=CONSULT&limit=3"
    pages = 0
    while url:
        body = client.get(url).json()
        assert all(e["type"] in {"ASSAULT", "CONSULT"} for e in body["items"])
        seen += [e["id"] for e in body["items"]]
        url = body["next"]
        if url:
            assert "type=ASSAULT" in url and "type=CONSULT" in url and "limit=3" in url
        pages += 1
    assert len(seen) == len(set(seen)) and seen == [e["id"] for e in wanted]
    assert pages == -(-len(wanted) // 3)


def test_event_page_lists_every_report(client: TestClient) -> None:
    azaz = items(client, "/api/events", near="36.59,37.05,10", type="ASSAULT")
    fused = [client.get(f"/api/events/{e['id']}").json() for e in azaz]
    widest = max(fused, key=lambda page: len(page["sources"]))
    assert len(widest["sources"]) >= 2  # the bombing is told in several sentences
    assert widest["event"]["id"] in {s["event_id"] for s in widest["sources"]}
    article = client.get(f"/api/articles/{widest['event']['article_id']}").json()
    for source in widest["sources"]:
        assert source["article_id"] == article["id"]
        assert source["sentence"] == article["text"][source["start"] : source["end"]]
        assert source["published"] == "2017-05-04"
    alone = items(client, "/api/events", country="UKR", type="PROTEST")[0]
    page = client.get(f"/api/events/{alone['id']}").json()
    assert page["event"]["id"] == alone["id"]
    assert [s["event_id"] for s in page["sources"]] == [alone["id"]]


def test_an_incident_total_counts_only_as_far_as_the_deepest_page(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = len(items(client, "/api/incidents"))
    monkeypatch.setattr(incident_routes, "MAX_COUNTED", every - 1)
    body = client.get("/api/incidents", params={"limit": 1}).json()
    assert (body["total"], body["total_exact"]) == (every - 1, False)
    monkeypatch.setattr(incident_routes, "MAX_COUNTED", every)
    body = client.get("/api/incidents", params={"limit": 1}).json()
    assert (body["total"], body["total_exact"]) == (every, True)


def test_incidents_give_their_total_and_sort(client: TestClient) -> None:
    every = items(client, "/api/incidents")
    first = client.get("/api/incidents", params={"limit": 2}).json()
    assert first["total"] == len(every) > 2 and len(first["items"]) == 2 and first["total_exact"]
    assert client.get("/api/incidents", params={"type": "ASSAULT", "limit": 1}).json()["total"] == len(
        [row for row in every if row["type"] == "ASSAULT"]
    )
    by_toll = items(client, "/api/incidents", sort="-fatalities")
    tolls = [row["fatalities_mode"] for row in by_toll]
    known = [t for t in tolls if t is not None]
    assert known == sorted(known, reverse=True) and tolls[: len(known)] == known  # no toll: last
    least = items(client, "/api/incidents", sort="reports")
    assert [r["n_reports"] for r in least] == sorted(r["n_reports"] for r in every)
    oldest = items(client, "/api/incidents", sort="date")
    dated = [r["date_from"] for r in oldest if r["date"]]
    assert dated == sorted(dated)
    assert {r["id"] for r in by_toll} == {r["id"] for r in every}
    assert "sort" in error_of(client.get("/api/incidents", params={"sort": "place"}), 400)


def test_articles_listing_and_record(client: TestClient) -> None:
    listed = items(client, "/api/articles")
    assert len(listed) == 3
    assert [a["title"] for a in items(client, "/api/articles", country="UKR")] == ["Protest in Kiev"]
    assert [a["url"] for a in items(client, "/api/articles", since="2017-06-01")] == [
        "https://example.org/saraqeb"
    ]
    assert [a["url"] for a in items(client, "/api/articles", until="2017-05-04")] == [None]
    assert len(items(client, "/api/articles", actor="Putin")) == 1
    assert [a["title"] for a in items(client, "/api/articles", text="protested")] == ["Protest in Kiev"]
    seed = next(a for a in listed if a["url"] is None)
    record = client.get(f"/api/articles/{seed['id']}").json()
    assert record["duplicate_of"] is None and record["published"] == "2017-05-04"
    assert "Erdogan" in record["text"] or "Erdoğan" in record["text"]
    for actor in record["actors"]:
        for mention in actor["mentions"]:
            assert record["text"][mention["start"] : mention["end"]] == mention["text"]
    for quote in record["quotes"]:
        assert quote["text"] in record["text"][quote["start"] : quote["end"]]
    assert all(e["start"] < e["end"] for e in record["events"]) and record["places"]


def test_script_in_title_and_text_comes_back_verbatim(client: TestClient) -> None:
    row = items(client, "/api/articles", since="2017-06-01")[0]
    response = client.get(f"/api/articles/{row['id']}")
    assert response.headers["content-type"].startswith("application/json")
    record = response.json()
    assert record["title"] == SCRIPT_TITLE
    assert "<script>alert('x')</script>" in record["text"]
    events = items(client, "/api/events", text="Observatory market")
    assert any("<script>alert('x')</script>" in e["sentence"] for e in events)


def test_quotes_filters(client: TestClient) -> None:
    putin = items(client, "/api/quotes", speaker="Putin")
    assert putin and {q["speaker"] for q in putin} == {"Vladimir Putin"}
    market = items(client, "/api/quotes", text="market")
    assert market and all("market" in q["text"] for q in market)
    assert {q["published"] for q in items(client, "/api/quotes", since="2017-06-01")} == {"2017-06-14"}
    assert {q["published"] for q in items(client, "/api/quotes", until="2017-05-04")} == {"2017-05-04"}


def test_actors_filters(client: TestClient) -> None:
    people = items(client, "/api/actors", kind="person")
    assert people and {a["kind"] for a in people} == {"person"}
    russian = items(client, "/api/actors", country="RUS")
    assert "Vladimir Putin" in {a["name"] for a in russian} and {a["country"] for a in russian} == {"RUS"}
    assert [a["name"] for a in items(client, "/api/actors", text="Mistura")] == ["Staffan de Mistura"]


def test_zones_and_zone_report(client: TestClient) -> None:
    collection = client.get("/api/zones").json()
    assert collection["type"] == "FeatureCollection"
    assert {f["properties"]["id"] for f in collection["features"]} == {"azaz", "idlib"}
    assert all(shape(f["geometry"]).is_valid for f in collection["features"])
    report = client.get("/api/zones/idlib/report", params={"by": "week"}).json()
    assert report["zone"]["id"] == "idlib" and report["zone"]["start"] == "2017-05-06"
    violations = [v for p in report["periods"] for v in p["violations"]]
    assert violations and all(v["title"] == SCRIPT_TITLE for v in violations)
    # the Azaz bombing came two days before the zone's start: counted, not a violation
    azaz = client.get("/api/zones/azaz/report", params={"by": "day"}).json()
    assert sum(p["events"] for p in azaz["periods"]) > 0
    assert not any(p["violations"] for p in azaz["periods"])
    assert azaz["periods"][0]["period"] == "2017-05-03"
    error_of(client.get("/api/zones/nowhere/report"), 404)
    error_of(client.get("/api/zones/idlib/report", params={"by": "month"}), 400)


def test_countries_basemap(client: TestClient) -> None:
    response = client.get("/api/countries.geojson")
    assert response.status_code == 200
    collection = response.json()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) > 170
    by_code = {f["properties"]["iso_a3"]: f for f in collection["features"]}
    assert by_code["SYR"]["properties"]["name"] == "Syria"
    assert shape(by_code["SYR"]["geometry"]).contains(Point(36.29, 33.51))  # Damascus
    assert "FRA" in by_code  # Natural Earth writes -99 for France's ISO_A3


def test_openapi_docs(client: TestClient) -> None:
    assert client.get("/api/docs").status_code == 200
    assert "/api/events" in client.get("/api/openapi.json").json()["paths"]


def test_openapi_docs_load_nothing_from_outside(client: TestClient) -> None:
    page = client.get("/api/docs").text
    assets = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", page)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is loaded from outside the server"
        assert client.get(asset).status_code == 200, asset


# ---------------------------------------------------------------- the published schemas

Schema = dict[str, Any]
JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def fields(prefix: str, names: str) -> list[str]:
    return [prefix + name for name in names.split()]


# What the dashboard reads from each API response (ceasefire/web/static/js/*.js), as paths
# into the response: `a.b` a field of an object, `a[]` each item of a list.
DASHBOARD_READS: dict[str, list[str]] = {
    "/api/types": ["[]"],
    "/api/statuses": ["[]"],
    "/api/zones": fields("features[].", "properties.id properties.name geometry.type geometry.coordinates"),
    "/api/countries.geojson": fields("features[].", "geometry.type geometry.coordinates"),
    "/api/events": [
        "next",
        *fields(
            "items[].",
            "id date type status trigger place actors recipients fatalities sentence title article_id",
        ),
    ],
    "/api/events.geojson": [
        "features[].geometry.coordinates",
        *fields(
            "features[].properties.",
            "id type status place date date_precision fatalities sentence title source article_id",
        ),
    ],
    "/api/incidents": [
        "next",
        "total",
        *fields(
            "items[].",
            "id date date_precision date_from date_to type place actors recipients fatalities_min "
            "fatalities_max fatalities_mode n_reports n_articles sentence title article_id",
        ),
    ],
    "/api/incidents.geojson": [
        "features[].geometry.coordinates",
        *fields(
            "features[].properties.",
            "id type place place_precision date date_precision date_from date_to fatalities_min "
            "fatalities_max fatalities_mode n_reports n_articles sentence title article_id",
        ),
    ],
    "/api/incidents/{incident_id}": [
        *fields(
            "incident.",
            "type date date_precision date_from date_to place place_precision admin1 country lat lon actors "
            "recipients fatalities_min fatalities_max fatalities_mode injured_min injured_max injured_mode "
            "n_reports n_articles zones",
        ),
        *fields(
            "reports[].",
            "id article_id title url source published start end date place fatalities trigger sentence",
        ),
    ],
    "/api/events/{event_id}": [
        "incident_id",
        *fields(
            "event.",
            "type mode date place lat lon actors recipients fatalities injured status zones "
            "acled_event_type acled_sub_event_type civilian_targeting",
        ),
        *fields("sources[].", "article_id title url source published start end"),
    ],
    "/api/articles/{article_id}": [
        "id",
        "title",
        "url",
        "source",
        "published",
        "text",
        "duplicate_of",
        *fields("actors[].", "id name kind country sector mentions[].start mentions[].end"),
        *fields("places[].", "name feature country mentions[].start mentions[].end"),
        *fields("quotes[].", "id speaker speaker_mention.text kind start end"),
    ],
    "/api/quotes": [
        "next",
        *fields(
            "items[].",
            "local_id text kind cue speaker speaker_text speaker_country url title article_id "
            "published source",
        ),
    ],
    "/api/alerts": [
        "next",
        "total",
        *fields("items[].", "id kind zone_id rule_id incident_id fired_at message"),
        *fields("items[].payload.incident.", "sentence title article_id n_articles"),
        *fields("items[].payload.", "week.period week.start week.end previous.period previous.violations"),
        *fields("items[].deliveries[].", "channel target status error"),
    ],
    "/api/alerts/rules": fields("[].", "id kind description channels[].channel channels[].target"),
    "/api/zones/{zone_id}/report": [
        *fields("zone.", "id name start end"),
        *fields("periods[].", "period start end events per_type fatalities"),
        *fields("periods[].change.", "events fatalities per_type"),
        *fields("periods[].violations[].", "event_id type date place fatalities sentence title article_id"),
    ],
}
JS = Path(__file__).resolve().parents[1] / "ceasefire" / "web" / "static" / "js"


def resolved(schema: Schema, doc: Schema) -> Schema:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def misfits(value: Any, schema: Schema, doc: Schema, where: str = "") -> list[str]:
    """Where `value` departs from `schema`; an object's fields must all be declared."""
    schema = resolved(schema, doc)
    if "anyOf" in schema:
        tries = [misfits(value, branch, doc, where) for branch in schema["anyOf"]]
        return [] if not all(tries) else min(tries, key=len)
    if "const" in schema and value != schema["const"]:
        return [f"{where}: {value!r} is not {schema['const']!r}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} is not one of {schema['enum']}"]
    kind = schema.get("type")
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{where}: not an object"]
        fields, others = schema.get("properties", {}), schema.get("additionalProperties")
        found = [f"{where}.{key}: missing" for key in schema.get("required", []) if key not in value]
        for key, item in value.items():
            if key in fields:
                found += misfits(item, fields[key], doc, f"{where}.{key}")
            elif isinstance(others, dict):
                found += misfits(item, others, doc, f"{where}.{key}")
            else:
                found.append(f"{where}.{key}: not declared")
        return found
    if kind == "array":
        if not isinstance(value, list):
            return [f"{where}: not a list"]
        if "prefixItems" in schema:
            if len(value) != len(schema["prefixItems"]):
                return [f"{where}: {len(value)} items, not {len(schema['prefixItems'])}"]
            pairs = list(zip(value, schema["prefixItems"], strict=True))
        else:
            pairs = [(item, schema.get("items", {})) for item in value]
        return [p for i, (item, sub) in enumerate(pairs) for p in misfits(item, sub, doc, f"{where}[{i}]")]
    if kind in JSON_TYPES and (
        not isinstance(value, JSON_TYPES[kind]) or (isinstance(value, bool) and kind != "boolean")
    ):
        return [f"{where}: {value!r} is not {kind}"]
    return []


def declares(schema: Schema, path: list[str], doc: Schema) -> bool:
    """Whether the field at `path` (see DASHBOARD_READS) is declared in `schema`."""
    schema = resolved(schema, doc)
    if not path:
        return True
    if "anyOf" in schema:
        return any(declares(branch, path, doc) for branch in schema["anyOf"])
    head, rest = path[0], path[1:]
    if head == "[]":
        return schema.get("type") == "array" and declares(schema.get("items", {}), rest, doc)
    fields = schema.get("properties", {})
    return head in fields and declares(fields[head], rest, doc)


def steps(path: str) -> list[str]:
    """`a[].b` → ['a', '[]', 'b']."""
    found = []
    for name in path.split("."):
        field = name.removesuffix("[]")
        found += ([field] if field else []) + (["[]"] if name.endswith("[]") else [])
    return found


def success_schema(operation: Schema) -> tuple[str, Schema]:
    """The media type and schema of an operation's 2xx response."""
    (response,) = [r for status, r in operation["responses"].items() if status.startswith("2")]
    ((media, content),) = response["content"].items()
    return media, content.get("schema", {})


@pytest.fixture(scope="module")
def openapi(client: TestClient) -> Schema:
    doc: Schema = client.get("/api/openapi.json").json()
    return doc


def test_every_route_publishes_its_response_schema(openapi: Schema) -> None:
    published = {(m.upper(), path) for path, ops in openapi["paths"].items() for m in ops}
    assert ("GET", "/api/types") in published and len(published) > 10
    for method, path in published:
        media, schema = success_schema(openapi["paths"][path][method.lower()])
        assert media in ("application/json", "application/geo+json"), (method, path)
        body = resolved(schema, openapi)
        assert body.get("properties") or body.get("items"), f"{method} {path} declares no fields"


def test_every_response_fits_its_published_schema(client: TestClient, openapi: Schema) -> None:
    ids = {
        "event_id": [row["id"] for row in items(client, "/api/events")],
        "article_id": [row["id"] for row in items(client, "/api/articles")],
        "zone_id": ["azaz", "idlib"],
        "incident_id": [row["id"] for row in items(client, "/api/incidents")],
    }
    queries: dict[
        str, list[dict[str, Any]]
    ] = {  # besides each route's defaults: what brings out its optional fields
        "/api/events": [{"limit": 500}, {"near": "35.9,36.8,50"}, {"status": "all", "limit": 500}],
        "/api/events.geojson": [{"status": "all"}],
        "/api/incidents": [{"limit": 500}, {"near": "35.9,36.8,50"}],
        "/api/articles": [{"limit": 500}],
        "/api/quotes": [{"limit": 500}],
        "/api/actors": [{"limit": 500}],
        "/api/alerts": [
            "next",
            "total",
            *fields("items[].", "id kind zone_id rule_id incident_id fired_at message"),
            *fields("items[].payload.incident.", "sentence title article_id n_articles"),
            *fields(
                "items[].payload.", "week.period week.start week.end previous.period previous.violations"
            ),
            *fields("items[].deliveries[].", "channel target status error"),
        ],
        "/api/alerts/rules": fields("[].", "id kind description channels[].channel channels[].target"),
        "/api/zones/{zone_id}/report": [{"by": "day"}, {"since": "2017-05-01", "until": "2017-07-01"}],
    }
    for path, operations in openapi["paths"].items():
        if "get" not in operations:
            continue
        media, schema = success_schema(operations["get"])
        urls = [path]
        for name, values in ids.items():
            urls = (
                [url.replace(f"{{{name}}}", value) for url in urls for value in values]
                if name in path
                else urls
            )
        for url in urls:
            for params in [{}, *queries.get(path, [])]:
                response = client.get(url, params=params)
                assert response.status_code == 200, (url, params, response.text)
                assert response.headers["content-type"] == media, url
                assert misfits(response.json(), schema, openapi) == [], (url, params)


def test_the_fields_the_dashboard_reads_are_declared(openapi: Schema) -> None:
    for path, read in DASHBOARD_READS.items():
        _, schema = success_schema(openapi["paths"][path]["get"])
        undeclared = [field for field in read if not declares(schema, steps(field), openapi)]
        assert undeclared == [], path
    # and the list above names every route the dashboard calls
    called = {
        re.sub(r"\$\{[^}]*\}", "{}", found)
        for script in JS.glob("*.js")
        for found in re.findall(r"['`](/api/[^'`?]*)['`]", script.read_text(encoding="utf-8"))
    }
    assert called == {re.sub(r"\{[^}]*\}", "{}", path) for path in DASHBOARD_READS}


def test_types_are_the_plover_types_in_order(client: TestClient) -> None:
    assert client.get("/api/types").json() == list(PLOVER_TYPES)


# ---------------------------------------------------------------- statuses


@pytest.fixture(scope="module")
def status_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A store where only the status tells the events apart (tests/statuses.py)."""
    db = tmp_path_factory.mktemp("statuses") / "store.db"
    with open_store(str(db)) as store:
        fill(store)
    with TestClient(create_app(str(db)), base_url=LOCAL) as test_client:
        yield test_client


def test_statuses_are_listed_asserted_first(client: TestClient) -> None:
    assert client.get("/api/statuses").json() == [
        "asserted",
        "negated",
        "hypothetical",
        "planned",
        "background",
    ]


def test_listings_and_the_map_show_asserted_events_by_default(status_client: TestClient) -> None:
    assert set(statuses_of(items(status_client, "/api/events"))) == ASSERTED_IDS
    mapped = status_client.get("/api/events.geojson").json()["features"]
    assert {f["properties"]["id"] for f in mapped} == ASSERTED_IDS
    in_zone = items(status_client, "/api/events", zone="idlib-test", type="ASSAULT")
    assert set(statuses_of(in_zone)) == ASSERTED_IDS
    counted = {a["id"]: a["n_events"] for a in items(status_client, "/api/articles")}
    assert counted == {"status-a": 1, "status-b": 1}


def test_the_status_parameter_shows_the_others(status_client: TestClient) -> None:
    every = statuses_of(items(status_client, "/api/events", status="all"))
    assert len(every) == 7 and set(every.values()) == {"asserted"} | OTHER_STATUSES
    listed = statuses_of(items(status_client, "/api/events", status="negated,planned"))
    assert sorted(listed.values()) == ["negated", "negated", "planned"]
    repeated = statuses_of(items(status_client, "/api/events", status=["background", "asserted"]))
    assert sorted(repeated.values()) == ["asserted", "asserted", "background"]
    mapped = status_client.get("/api/events.geojson", params={"status": "all"}).json()["features"]
    assert {f["properties"]["status"] for f in mapped} == {"asserted"} | OTHER_STATUSES


def test_an_event_page_shows_any_status_and_the_acled_fields(status_client: TestClient) -> None:
    background = status_client.get("/api/events/status-a:e5").json()["event"]
    assert (background["status"], background["fatalities"]) == ("background", 300_000)
    assert background["acled_event_type"] is None and background["civilian_targeting"] is None
    shelling = status_client.get("/api/events/status-a:e1").json()
    assert shelling["event"]["acled_event_type"] == "Explosions/Remote violence"
    assert shelling["event"]["acled_sub_event_type"] == "Shelling/artillery/missile attack"
    assert shelling["event"]["civilian_targeting"] is True
    assert {s["event_id"] for s in shelling["sources"]} == ASSERTED_IDS  # fused, alone of its kind
    strikes = items(
        status_client, "/api/events", acled_type="Shelling/artillery/missile attack", status="all"
    )
    assert set(statuses_of(strikes)) == ASSERTED_IDS


def test_status_responses_fit_their_published_schemas(status_client: TestClient, openapi: Schema) -> None:
    for path, params in (("/api/events", {"status": "all"}), ("/api/events.geojson", {"status": "all"})):
        _, schema = success_schema(openapi["paths"][path]["get"])
        assert misfits(status_client.get(path, params=params).json(), schema, openapi) == [], path
    _, schema = success_schema(openapi["paths"]["/api/events/{event_id}"]["get"])
    assert misfits(status_client.get("/api/events/status-a:e5").json(), schema, openapi) == []


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"near": "Aleppo"}, "near"),
        ({"near": "95,37,10"}, "near"),
        ({"near": "36,37,-1"}, "near"),
        ({"since": "yesterday"}, "since"),
        ({"country": "Syria"}, "country"),
        ({"type": "FIGHT"}, "type"),
        ({"status": "maybe"}, "status"),
        ({"status": "asserted,rumoured"}, "status"),
        ({"limit": 501}, "limit"),
        ({"offset": -1}, "offset"),
    ],
)
def test_bad_parameters_are_400(client: TestClient, params: dict[str, Any], named: str) -> None:
    assert named in error_of(client.get("/api/events", params=params), 400)


def test_unknown_ids_routes_and_methods(client: TestClient) -> None:
    assert "nope" in error_of(client.get("/api/events/nope"), 404)
    assert "nope" in error_of(client.get("/api/articles/nope"), 404)
    error_of(client.get("/api/nowhere"), 404)
    error_of(client.delete("/api/events"), 405)


def test_too_large_body_is_413(client: TestClient) -> None:
    big = json.dumps({"text": "x" * (MAX_BODY_BYTES + 10)})
    error_of(client.post("/api/articles", content=big, headers={"content-type": "application/json"}), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted as it arrives
        yield b'{"text": "'
        for _ in range(3):
            yield b"y" * MAX_BODY_BYTES

    response = client.post("/api/articles", content=chunks(), headers={"content-type": "application/json"})
    error_of(response, 413)


@pytest.mark.parametrize(
    "body",
    [
        {"source": "neither text nor title"},
        {"text": "Some text.", "published": "last week"},
        {"text": "Some text.", "colour": "red"},
        {"text": 42},
    ],
)
def test_invalid_bodies_are_422(client: TestClient, body: dict[str, Any]) -> None:
    error_of(client.post("/api/articles", json=body), 422)


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/articles", content=b'{"text": ', headers={"content-type": "application/json"}
    )
    error_of(response, 422)


# ---------------------------------------------------------------- writing


def test_post_inserts_then_unchanged_then_replaced(writable: TestClient) -> None:
    article = {
        "title": "Clashes near Hama",
        "url": "https://example.org/hama",
        "source": "written for the test",
        "published": "2017-07-02",
        "text": "Rebels attacked army positions north of Hama on Saturday, killing three soldiers, "
        'the army said. "We will respond," the army commander said in a statement.',
    }
    first = writable.post("/api/articles", json=article)
    assert first.status_code == 201, first.text
    created = first.json()
    assert created["result"] == "inserted" and created["events"] >= 1 and created["quotes"] >= 1
    record = writable.get(f"/api/articles/{created['id']}").json()
    assert (len(record["events"]), len(record["quotes"])) == (created["events"], created["quotes"])
    assert writable.get("/api/health").json()["articles"] == 4

    again = writable.post("/api/articles", json=article).json()
    assert again == {**created, "result": "unchanged"}

    edited = {**article, "text": "Rebels shelled army positions north of Hama on Sunday, the army said."}
    replaced = writable.post("/api/articles", json=edited).json()
    assert replaced["result"] == "replaced" and replaced["id"] != created["id"]
    error_of(writable.get(f"/api/articles/{created['id']}"), 404)
    hama = items(writable, "/api/events", text="Hama")
    assert hama and all("Sunday" in e["sentence"] for e in hama)
    assert writable.get("/api/health").json()["articles"] == 4


def test_post_of_a_headline_alone_is_analysed_as_its_text(writable: TestClient) -> None:
    stored = writable.post("/api/articles", json={"title": "Rebels shell army posts near Hama"})
    assert stored.status_code == 201, stored.text
    record = writable.get(f"/api/articles/{stored.json()['id']}").json()
    assert record["text"] == "Rebels shell army posts near Hama"


def test_post_of_a_near_copy_is_a_duplicate(writable: TestClient) -> None:
    copy = {"title": "Protest", "url": "https://example.org/kiev-copy", "text": KIEV + " Updated."}
    stored = writable.post("/api/articles", json=copy).json()
    assert stored["result"] == "duplicate" and stored["events"] == 0
    assert writable.get(f"/api/articles/{stored['id']}").json()["duplicate_of"] is not None


def test_post_that_cannot_be_analysed_is_422(writable: TestClient) -> None:
    french = (
        "Les forces gouvernementales ont bombardé la ville de Saraqeb dans la province d'Idlib "
        "mardi, tuant cinq civils, selon des militants qui ont dit que les obus sont tombés sur le "
        "marché de la ville pendant que les habitants faisaient leurs courses pour la fête."
    )
    assert "English" in error_of(writable.post("/api/articles", json={"text": french}), 422)
    assert "no article text" in error_of(writable.post("/api/articles", json={"html": "<p></p>"}), 422)


def test_token_guards_writes(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    open_store(str(db)).close()
    body = {"title": "Talks", "text": "Russian and Turkish diplomats met in Astana on Monday, officials said"}
    with TestClient(create_app(str(db), token="s3cret"), base_url=LOCAL) as guarded:
        assert "token" in error_of(guarded.post("/api/articles", json=body), 401)
        error_of(guarded.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}), 401)
        right = guarded.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret"})
        assert right.status_code == 201 and right.json()["result"] == "inserted"
        assert guarded.get("/api/health").status_code == 200  # reading needs no token
    with TestClient(create_app(str(db), allow_writes=False), base_url=LOCAL) as read_only:
        error_of(read_only.post("/api/articles", json=body), 403)


# ---------------------------------------------------------------- serve


def test_loopback_hosts() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")


def test_serve_needs_a_token_beyond_loopback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    started: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: started.append({"app": app, **options}))
    db = str(tmp_path / "store.db")
    local = CliRunner().invoke(cli, ["serve", "--db", db, "--port", "8123"])
    assert local.exit_code == 0 and "http://127.0.0.1:8123/" in local.stderr
    assert started[0]["host"] == "127.0.0.1" and started[0]["app"].state.api.token is None
    wide = CliRunner().invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0"])
    token = started[1]["app"].state.api.token
    assert wide.exit_code == 0 and token and token in wide.stderr
    given = CliRunner().invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0", "--token", "mine"])
    assert given.exit_code == 0 and started[2]["app"].state.api.token == "mine"
