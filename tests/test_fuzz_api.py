"""API fuzzing (issue 16): every parameter of every route the app publishes, with hostile values
from a seeded generator; no request may give a 500, take long, or answer in another shape.

The routes and their parameters are read from the app's own OpenAPI document, so a new route
or parameter is fuzzed without touching this file. Two parts: a sweep (each parameter
alone with each hostile value of its kind) and random requests (several parameters at once,
some repeated). `make test` runs a quick subset: FUZZ_API_SWEEP values per parameter, drawn
by the seed, and FUZZ_API_CASES random requests; `make fuzz-api` (part of `make fuzz`) runs
the whole sweep (FUZZ_API_SWEEP=0) and 5,000 random requests. FUZZ_API_SEED sets the seed (a
failure prints the request and the settings, to replay it).
"""

from __future__ import annotations

import itertools
import os
import random
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from ceasefire.api import create_app
from tests.test_api import LOCAL, build_store

CASES = int(os.environ.get("FUZZ_API_CASES", "300"))
SWEEP = int(os.environ.get("FUZZ_API_SWEEP", "8"))
SEED = int(os.environ.get("FUZZ_API_SEED", "16"))
#: Seconds one request may take (the slowest legitimate ones, a POST analysed, take about one).
SLOWEST_S = 10.0

NUMBERS = [
    "0", "1", "-1", "500", "501", "5000", "5001", "1000000", "1000001", str(2**31), str(2**63),
    str(2**63 - 1), str(-(2**63) - 1), str(2**64), "9" * 400, "1e3", "1.5", "-0", "+1", "0x10",
    "NaN", "inf", "-inf", " 7", "7 ", "٣",
]  # fmt: skip
DATES = [
    "2017-05-06", "0001-01-01", "9999-12-31", "9999-12-30", "9999-12-24", "2017-02-30", "2017-13-01",
    "0000-00-00", "2017-5-6", "20170506", "2017-05-06T10:00:00", "2017-W18", "May 2017", "-2017-01-01",
    "10000-01-01", "1900-01-01", "2100-12-31",
]  # fmt: skip
TEXTS = [
    "", " ", "\x00", "a\x00b", "\x01\x1f", "%", "_", "%%", "\\", "'", '"', "' OR 1=1 --", '" OR ""="',
    "*", "NEAR(a b)", "a AND b", "a OR b", "-a", "^a", "a:b", "title:x", "{a}", "[a]", "(", ")",
    "../../etc/passwd", "<script>alert(1)</script>", "&amp;", "ä", "😀", "\u202e", "\ufeff",
    "\u2028", "x" * 500, "x" * 501, "x" * 5000, "Idlib", "ceasefire truce", "SYR", "syr", "SY",
    "SYRIA", "all", "asserted,all", "asserted,,negated", "ASSAULT", "assault", "FIGHT", "week",
    "day", "month", "person", "1,2,3", "91,0,1", "0,181,1", "0,0,0", "0,0,-1", "0,0,1e308",
    "nan,nan,nan", "inf,0,1", ",", ",,,", "36.6,37.0,25", "36.6,37.0,20000", "1,2", "1,2,3,4",
    "azaz", "idlib", "nowhere", "Armed Clash", "Battles",
]  # fmt: skip
#: Bodies for POST /api/articles: none of them is long enough to be slow to analyse.
BODIES: list[Any] = [
    None, [], "text", 12, {}, {"text": ""}, {"text": None}, {"text": 12345}, {"text": ["a"]},
    {"text": "\x00"}, {"text": "Rebels shelled Idlib on Monday.", "published": "9999-12-31"},
    {"text": "Rebels shelled Idlib on Monday.", "published": "not a date"},
    {"text": "Rebels shelled Idlib on Monday.", "id": ""}, {"text": "x", "colour": "red"},
    {"title": "Army shells Saraqib"}, {"html": "<p></p>"}, {"html": "<" * 1000},
    {"text": "Die Armee hat die Stadt am Dienstag beschossen."}, {"title": "x" * 1001, "text": "y"},
    {"text": "Rebels shelled Idlib on Monday.", "url": "javascript:alert(1)"},
]  # fmt: skip


def _pool(schema: dict[str, Any]) -> list[str]:
    """The hostile and borderline values for a parameter of this schema, its own kind first."""
    kinds = [s.get("type") for s in schema.get("anyOf", [schema])]
    if "integer" in kinds:
        return [*NUMBERS, *TEXTS[:12]]
    return [*(schema.get("enum") or []), *TEXTS, *DATES, *NUMBERS]


def _value(rng: random.Random, schema: dict[str, Any]) -> str:
    return rng.choice(_pool(schema))


def _path(rng: random.Random, path: str, parameters: list[dict[str, Any]]) -> str:
    for p in (p for p in parameters if p["in"] == "path"):
        path = path.replace("{" + p["name"] + "}", quote(rng.choice([*TEXTS, "idlib", "azaz"]), safe=""))
    return path


def _sweep(openapi: dict[str, Any], per_parameter: int, seed: int) -> Iterator[tuple[str, str, Any, Any]]:
    """Each parameter of each route alone, with each value of its pool (or `per_parameter` of
    them drawn by the seed); path parameters among them, the others left out."""
    rng = random.Random(seed)
    for method, path, parameters in _routes(openapi):
        for parameter in parameters:
            pool = _pool(parameter["schema"]) if parameter["in"] == "query" else [*TEXTS, "idlib"]
            values = pool if per_parameter == 0 else rng.sample(pool, min(per_parameter, len(pool)))
            for value in values:
                if parameter["in"] == "path":
                    url = path.replace("{" + parameter["name"] + "}", quote(value, safe=""))
                    yield method, _path(rng, url, parameters), [], None
                else:
                    yield method, _path(rng, path, parameters), [(parameter["name"], value)], None
        if method == "POST":
            for body in BODIES:
                yield method, path, [], body


def _routes(openapi: dict[str, Any]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    return [
        (method.upper(), path, operation.get("parameters", []))
        for path, operations in openapi["paths"].items()
        for method, operation in operations.items()
    ]


def _requests(openapi: dict[str, Any], cases: int, seed: int) -> Iterator[tuple[str, str, Any, Any]]:
    """(method, url, query parameters, JSON body) — every route in turn, random values."""
    rng = random.Random(seed)
    routes = _routes(openapi)
    for number in range(cases):
        method, path, parameters = routes[number % len(routes)]
        url = _path(rng, path, parameters)
        query = [
            (p["name"], _value(rng, p["schema"]))
            for p in parameters
            if p["in"] == "query" and rng.random() < 0.5
            for _ in range(rng.choice([1, 1, 1, 2]))  # sometimes repeated
        ]
        yield method, url, query, (rng.choice(BODIES) if method == "POST" else None)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("fuzz") / "store.db"
    build_store(db)
    with TestClient(create_app(str(db)), base_url=LOCAL, raise_server_exceptions=False) as test_client:
        yield test_client


def test_no_request_breaks_or_holds_up_the_server(client: TestClient) -> None:
    openapi = client.get("/api/openapi.json").json()
    seen: Counter[str] = Counter()
    requests = itertools.chain(_sweep(openapi, SWEEP, SEED), _requests(openapi, CASES, SEED))
    for method, url, query, body in requests:
        started = time.monotonic()
        response = client.request(method, url, params=query, json=body)
        took = time.monotonic() - started
        settings = f"FUZZ_API_SEED={SEED} FUZZ_API_SWEEP={SWEEP} FUZZ_API_CASES={CASES}"
        replay = f"{method} {url} {query!r} {body!r} ({settings})"
        assert response.status_code < 500, f"{response.status_code} {response.text[:300]}: {replay}"
        assert took < SLOWEST_S, f"{took:.1f} s: {replay}"
        if response.status_code >= 400 and url.startswith("/api/"):
            error = response.json()["error"]
            assert error["status"] == response.status_code and error["message"], replay
        seen[method + " " + url.split("?")[0].split("/")[2]] += 1
    assert len(seen) >= 8  # every resource was reached
    assert client.get("/api/health").status_code == 200  # and the server still answers
