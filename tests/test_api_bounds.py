"""Requests that must not break or exhaust the server: bounds, hostile values, foreign hosts
and origins, requests that never finish arriving (issue 16)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ceasefire.api import create_app
from ceasefire.cli import app as cli
from ceasefire.read.limits import MAX_ATTRIBUTES
from ceasefire.store import open_store
from ceasefire.zones import add_zones
from tests.statuses import ZONE, status_articles
from tests.test_api import LOCAL, build_store, error_of

GOOD = "Rebels shelled the town of Harrowgate on Tuesday, killing four people, a monitor said."
ATTRIBUTES = " ".join(f'data-a{i}="x"' for i in range(MAX_ATTRIBUTES + 1))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("bounds") / "store.db"
    build_store(path)
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=LOCAL, raise_server_exceptions=False) as test_client:
        yield test_client


# ---------------------------------------------------------------- reports and listings


def test_a_zone_report_over_millennia_is_refused_at_once(client: TestClient) -> None:
    started = time.monotonic()
    params = {"by": "day", "since": "0001-01-01", "until": "9999-12-30"}
    assert "periods" in error_of(client.get("/api/zones/idlib/report", params=params), 400)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "params",
    [
        {"since": "9999-12-01", "until": "9999-12-31"},  # the last week would end past the calendar
        {"by": "day", "since": "9999-12-30", "until": "9999-12-31"},
        {"until": "9999-12-31"},
        {"since": "2018-01-01", "until": "2017-01-01"},
    ],
)
def test_zone_report_dates_beyond_the_calendar_or_reversed_are_400(
    client: TestClient, params: dict[str, str]
) -> None:
    error_of(client.get("/api/zones/idlib/report", params=params), 400)


def test_a_zone_report_over_a_few_years_still_answers(client: TestClient) -> None:
    params = {"by": "day", "since": "2015-01-01", "until": "2018-12-31"}
    response = client.get("/api/zones/idlib/report", params=params)
    assert response.status_code == 200 and len(response.json()["periods"]) == 4 * 365 + 1


@pytest.mark.parametrize("url", ["/api/events", "/api/articles", "/api/quotes", "/api/actors"])
def test_nul_in_text_and_huge_offsets_are_400(client: TestClient, url: str) -> None:
    assert "text" in error_of(client.get(url, params={"text": "cease\x00fire"}), 400)
    assert "offset" in error_of(client.get(url, params={"offset": 2**63}), 400)
    error_of(client.get(url, params={"offset": "9" * 400}), 400)


@pytest.mark.parametrize("url", ["/api/events", "/api/articles", "/api/quotes", "/api/actors"])
@pytest.mark.parametrize("blank", [" ", "\t", "\u2028", "\u00a0 \u3000"])
def test_a_text_of_blanks_searches_for_nothing(client: TestClient, url: str, blank: str) -> None:
    response = client.get(url, params={"text": blank, "limit": 500})
    assert response.status_code == 200, response.text
    assert response.json()["items"] == client.get(url, params={"limit": 500}).json()["items"]


def test_nul_in_any_parameter_or_the_path_is_400(client: TestClient) -> None:
    for params in ({"actor": "a\x00"}, {"zone": "\x00"}, {"acled_type": "x\x01"}, {"near": "1\x00,2,3"}):
        error_of(client.get("/api/events", params=params), 400)
    error_of(client.get("/api/events/a%00b"), 400)
    error_of(client.get("/api/events", params={"actor": "x" * 501}), 400)


@pytest.mark.parametrize(
    ("url", "parameter"),
    [("/api/events", "actor"), ("/api/articles", "actor"), ("/api/quotes", "speaker")],
)
def test_like_wildcards_in_a_name_are_literal(client: TestClient, url: str, parameter: str) -> None:
    assert client.get(url, params={"limit": 500}).json()["items"]  # there is something to match
    for wildcard in ("%", "_", "%%", "\\"):
        rows = client.get(url, params={parameter: wildcard}).json()["items"]
        assert rows == [], f"{parameter}={wildcard!r} matched {len(rows)} rows"


def test_a_page_stops_before_its_byte_budget_and_links_on(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = client.get("/api/events", params={"limit": 500}).json()["items"]
    assert len(every) >= 3
    monkeypatch.setattr("ceasefire.api.params.MAX_PAGE_BYTES", 1)  # one row per page at most
    first = client.get("/api/events", params={"limit": 500}).json()
    assert len(first["items"]) == 1 and first["next"]
    walked, url = [], "/api/events?limit=500"
    while url:
        body = client.get(url).json()
        walked += body["items"]
        url = body["next"]
    assert [e["id"] for e in walked] == [e["id"] for e in every]


# ---------------------------------------------------------------- Host and Origin


@pytest.mark.parametrize("base", ["http://evil.example", "http://127.0.0.1.evil.example:8000"])
def test_a_foreign_host_header_is_refused(db: str, base: str) -> None:
    with TestClient(create_app(db), base_url=base) as foreign:
        assert "host" in error_of(foreign.get("/api/health"), 400)
        error_of(foreign.get("/"), 400)


@pytest.mark.parametrize("base", ["http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]:8000"])
def test_loopback_hosts_are_answered(db: str, base: str) -> None:
    with TestClient(create_app(db), base_url=base) as local:
        assert local.get("/api/health").status_code == 200


def test_an_allowed_name_or_any_host_is_answered(db: str) -> None:
    with TestClient(create_app(db, allowed_hosts=["events.example"]), base_url="http://events.example") as c:
        assert c.get("/api/health").status_code == 200
    with TestClient(create_app(db, allowed_hosts=["*"]), base_url="http://anything.example") as c:
        assert c.get("/api/health").status_code == 200


def test_writes_from_another_origin_are_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    body = {
        "title": "Talks",
        "text": "Russian and Turkish diplomats met in Astana on Monday, officials said.",
    }
    with TestClient(create_app(db), base_url=LOCAL) as local:
        for origin in ("http://evil.example", "null", "http://localhost.evil.example"):
            response = local.post("/api/articles", json=body, headers={"Origin": origin})
            assert "origin" in error_of(response, 403)
        assert local.get("/api/health", headers={"Origin": "http://evil.example"}).status_code == 200
        same = local.post("/api/articles", json=body, headers={"Origin": "http://localhost:8000"})
        assert same.status_code == 201, same.text
        assert local.post("/api/articles", json=body).status_code == 201  # no Origin: not a browser page


def test_serve_answers_to_loopback_its_host_and_the_allowed_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: started.append({"app": app, **options}))
    db = str(tmp_path / "store.db")
    assert CliRunner().invoke(cli, ["serve", "--db", db]).exit_code == 0
    wide = CliRunner().invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0"])
    assert "--allow-host" in wide.stderr
    named = ["serve", "--db", db, "--host", "10.1.2.3", "--allow-host", "events.example"]
    assert CliRunner().invoke(cli, named).exit_code == 0
    local, _, named_app = (entry["app"] for entry in started)
    for app, host, answered in [
        (local, "localhost", True),
        (local, "10.1.2.3", False),
        (named_app, "10.1.2.3:8000", True),
        (named_app, "events.example", True),
        (named_app, "other.example", False),
    ]:
        with TestClient(app, base_url=f"http://{host}") as c:
            assert (c.get("/api/types").status_code == 200) is answered, host


# ---------------------------------------------------------------- requests that never finish


def _serve(app: Any, options: dict[str, Any]) -> tuple[uvicorn.Server, threading.Thread, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **options))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    return server, thread, port


def _held_for(port: int, sent: bytes, trickle: bytes = b"") -> tuple[float, bytes]:
    """Send `sent`, then a byte of `trickle` every 0.1 s; how long until the server closes."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=0.1) as conn:
        conn.sendall(sent)
        answer = b""
        while time.monotonic() - started < 8:
            try:
                chunk = conn.recv(4096)
            except TimeoutError:
                if trickle:
                    conn.sendall(trickle[:1])
                    trickle = trickle[1:] or trickle
                continue
            except ConnectionError:
                break
            if not chunk:
                break
            answer += chunk
    return time.monotonic() - started, answer


def test_a_request_that_stops_arriving_is_cut_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    started: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: started.append({"app": app, **options}))
    assert CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "store.db")]).exit_code == 0
    options = {k: v for k, v in started[0].items() if k not in ("app", "host", "port")}
    protocol = options.get("http")
    assert isinstance(protocol, type), "serve must give uvicorn a protocol with a request deadline"
    monkeypatch.setattr(protocol, "deadline_s", 1.0)
    server, thread, port = _serve(started[0]["app"], options)
    try:
        half_header = b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
        held, answer = _held_for(port, half_header, trickle=b"abcdefgh")
        assert held < 4 and b"408" in answer
        body_stops = (
            b"POST /api/articles HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/json\r\n"
            b'content-length: 1000\r\n\r\n{"text": "'
        )
        held, answer = _held_for(port, body_stops)
        assert held < 4
        held, answer = _held_for(
            port, b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        assert answer.startswith(b"HTTP/1.1 200")  # a whole request is answered as ever
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# ---------------------------------------------------------------- what a zone report tells


def test_the_zone_report_tells_its_undated_events(tmp_path: Path) -> None:
    articles = status_articles()
    articles[1].published = articles[1].events[0].date = None  # no day to place the event on
    db = tmp_path / "undated.db"
    with open_store(str(db)) as store:
        store.save_articles(articles)
        add_zones(store, ZONE)
    with TestClient(create_app(str(db)), base_url=LOCAL) as client:
        report = client.get("/api/zones/idlib-test/report", params={"by": "day"}).json()
    assert report["undated"] == 1 and sum(p["events"] for p in report["periods"]) == 1


# ---------------------------------------------------------------- posted articles


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"text": GOOD, "published": "9999-12-31"}, "published", "out of range"),
        ({"text": GOOD, "published": "0001-01-01"}, "published", "out of range"),
        ({"text": GOOD, "published": "1899-12-31"}, "published", "out of range"),
        ({"html": f"<p {ATTRIBUTES}>{GOOD}</p>"}, "html", "attributes"),
    ],
)
def test_a_posted_article_is_checked_as_the_readers_check_a_record(
    client: TestClient, body: dict[str, Any], field: str, reason: str
) -> None:
    message = error_of(client.post("/api/articles", json=body), 422)
    assert f"'{field}'" in message and reason in message


# ---------------------------------------------------------------- radius, map and violation caps


@pytest.mark.parametrize("url", ["/api/events", "/api/events.geojson", "/api/incidents"])
def test_a_radius_beyond_the_bound_is_400(client: TestClient, url: str) -> None:
    assert "near" in error_of(client.get(url, params={"near": "36.0,37.0,20000"}), 400)
    assert client.get(url, params={"near": "36.0,37.0,500"}).status_code == 200


def test_the_map_stops_before_its_byte_budget_and_links_on(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = client.get("/api/events.geojson").json()
    assert len(every["features"]) >= 3 and every["next"] is None
    monkeypatch.setattr("ceasefire.api.params.MAX_PAGE_BYTES", 1)  # one feature per response at most
    walked, url = [], "/api/events.geojson?limit=5000"
    while url:
        body = client.get(url).json()
        assert len(body["features"]) == 1
        walked += body["features"]
        url = body["next"]
    assert [f["properties"]["id"] for f in walked] == [f["properties"]["id"] for f in every["features"]]


def test_the_violations_of_a_zone_report_stop_at_their_byte_budget(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = client.get("/api/zones/idlib/report").json()
    listed = sum(len(p["violations"]) for p in whole["periods"])
    assert listed and not whole["truncated"]
    assert [p["violations_total"] for p in whole["periods"]] == [
        len(p["violations"]) for p in whole["periods"]
    ]
    monkeypatch.setattr("ceasefire.api.routes.zones.MAX_PAGE_BYTES", 1)
    cut = client.get("/api/zones/idlib/report").json()
    assert cut["truncated"] and not any(p["violations"] for p in cut["periods"])
    assert [p["violations_total"] for p in cut["periods"]] == [
        p["violations_total"] for p in whole["periods"]
    ]
