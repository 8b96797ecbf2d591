"""Alert rules over a store of the example zones, the seed and the first example articles
(conftest.build_example_store), with articles written here ingested one at a time: a deadly
assault fires once per incident, however its id changes; a week's rise fires once; each
channel gets the JSON, and a delivery that failed is tried again without firing twice."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from ceasefire.alerts import RuleError, add_rule, check_alerts, fire_alerts, new_rule
from ceasefire.alerts import deliver as delivering
from ceasefire.api import create_app
from ceasefire.cli import app as cli
from ceasefire.ingest import ingest
from ceasefire.model import RawArticle
from ceasefire.store import Store, open_store
from ceasefire.zones import add_zones
from tests.conftest import EXAMPLES, build_example_store, first_examples

runner = CliRunner()
IDLIB_MAY = {"2017-05-10", "2017-05-15"}  # the deadly assaults the examples place in Idlib's zone


def written(key: str, title: str, body: str, published: str) -> RawArticle:
    return RawArticle(
        origin=f"test:{key}",
        title=title,
        text=body,
        url=f"https://example.org/{key}",
        source="written for the test",
        published=published,
    )


# A new deadly shelling inside the Idlib zone; a second report of it; a shelling there that
# killed no one; a deadly air strike outside every zone.
SARAQEB = written(
    "saraqeb",
    "Shelling kills five in Saraqeb",
    "Government forces shelled the town of Saraqeb in Idlib province on Tuesday, killing five "
    "civilians, activists said. The Syrian Observatory for Human Rights said the shelling hit a "
    "market.\n\nRescue workers said they were searching the rubble.",
    "2017-06-14",
)
SARAQEB_AGAIN = written(
    "saraqeb-2",
    "Five dead in Saraqeb market shelling",
    "Five civilians were killed when government forces shelled a market in Saraqeb in Idlib "
    "province on Tuesday, a monitoring group said.\n\nResidents said the shells fell at midday.",
    "2017-06-14",
)
NO_DEAD = written(
    "saraqeb-school",
    "School hit in Saraqeb",
    "Government forces shelled a school in the town of Saraqeb in Idlib province on Thursday, "
    "damaging its walls, activists said.\n\nNo one was hurt, they said.",
    "2017-06-16",
)
OUTSIDE = written(
    "deir",
    "Air strikes in Deir ez-Zor",
    "Air strikes killed eight people in the city of Deir ez-Zor on Tuesday, activists said.\n\n"
    "The Syrian Observatory for Human Rights said warplanes hit a residential area.",
    "2017-06-14",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("alerts")
    db = folder / "store.db"
    build_example_store(db, first_examples(folder))
    return db


@pytest.fixture()
def db(built: Path, tmp_path: Path) -> str:
    """A copy of the example store for one test (closed stores keep no WAL to copy)."""
    copy = tmp_path / "store.db"
    shutil.copy(built, copy)
    return str(copy)


@pytest.fixture()
def store(db: str) -> Iterator[Store]:
    with open_store(db) as opened:
        yield opened


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delivering, "BACKOFF_S", 0.0)


def dates(fired: list[Any]) -> set[str]:
    return {alert.payload["incident"]["date"] for alert in fired}


def test_a_deadly_assault_fires_once_per_new_incident_inside_the_zone(store: Store) -> None:
    rule = add_rule(store, new_rule("assault-fatal", "idlib"))
    first = fire_alerts(store)
    assert dates(first) == IDLIB_MAY
    assert {a.zone_id for a in first} == {"idlib"} and all(a.kind == "assault-fatal" for a in first)
    assert fire_alerts(store) == []  # nothing new

    ingest([SARAQEB], store)
    (new,) = fire_alerts(store)
    incident = new.payload["incident"]
    assert incident["place"] == "Saraqib" and incident["date"] == "2017-06-13"
    assert incident["fatalities_mode"] == 5 and new.payload["zone"]["id"] == "idlib"
    assert "Saraqib" in new.payload["message"] and "5 killed" in new.payload["message"]

    # a second report joins the incident: its id changes, and it is alerted on already
    ingest([SARAQEB_AGAIN], store)
    assert fire_alerts(store) == []
    joined = store.incident_of(str(new.event_id))
    assert joined is not None and joined != new.incident_id
    assert store.incident(joined)["incident"]["n_reports"] > incident["n_reports"]  # type: ignore[index]
    (listed,) = [a for a in store.fired_alerts() if a.id == new.id]
    assert listed.incident_id == joined  # the listing follows the incident to its new id

    # a shelling that killed no one, a deadly one outside the zone: nothing
    ingest([NO_DEAD, OUTSIDE], store)
    assert fire_alerts(store) == []
    assert store.count_fired_alerts(rule_id=rule.id) == 3


def _spied_sightings(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The incidents each later zone_sightings call is limited to (None: the whole zone)."""
    asked: list[Any] = []
    real = store.zone_sightings

    def spy(*args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs.get("incident_ids"))
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "zone_sightings", spy)
    return asked


def test_a_caught_up_rule_reads_only_the_incidents_written_since_its_last_check(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_rule(store, new_rule("assault-fatal", "idlib"))
    assert dates(fire_alerts(store)) == IDLIB_MAY  # its first check reads every incident
    asked = _spied_sightings(store, monkeypatch)
    assert fire_alerts(store) == [] and asked == [[]]  # nothing written since: nothing read

    ingest([SARAQEB], store)
    (new,) = fire_alerts(store)
    read = asked[-1]
    assert new.incident_id in read
    for incident_id in read:  # only what the new article's reports made
        reports = store.incident(incident_id)["reports"]  # type: ignore[index]
        assert {r["url"] for r in reports} == {SARAQEB.url}
    assert fire_alerts(store) == [] and asked[-1] == []  # read once: gone from the queue


def test_a_rule_reads_every_incident_again_when_the_zones_change(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_rule(store, new_rule("assault-fatal", "idlib"))
    fire_alerts(store)
    (idlib,) = store.zones(["idlib"])
    earlier = {
        "type": "Feature",
        "geometry": idlib.geometry,
        "properties": {"id": "idlib", "name": idlib.name, "start": "2017-01-01"},
    }
    add_zones(store, earlier)  # in force from January: what was before its start may count now
    asked = _spied_sightings(store, monkeypatch)
    fire_alerts(store)
    assert asked == [None]


def test_before_the_start_outside_the_zone_or_under_the_toll_fires_nothing(store: Store) -> None:
    (idlib,) = store.zones(["idlib"])
    late = {
        "type": "Feature",
        "geometry": idlib.geometry,
        "properties": {"id": "late", "name": "Late", "start": "2017-05-12"},
    }
    add_zones(store, late)
    add_rule(store, new_rule("assault-fatal", "late"))  # the same outline, in force from 12 May
    add_rule(store, new_rule("assault-fatal", "idlib", min_fatalities=6))  # 5 killed on 10 May
    add_rule(store, new_rule("assault-fatal", "south"))  # nothing deadly there
    fired = fire_alerts(store)
    assert [(a.zone_id, a.payload["incident"]["date"]) for a in fired] == [
        ("late", "2017-05-15"),
        ("idlib", "2017-05-15"),
    ]


def test_a_rule_for_every_zone_and_one_that_skips_what_is_stored(store: Store) -> None:
    add_rule(store, new_rule("assault-fatal"))
    assert {(a.zone_id, a.payload["incident"]["date"]) for a in fire_alerts(store)} == {
        ("idlib", "2017-05-10"),
        ("idlib", "2017-05-15"),
        ("eastern-ghouta", "2017-05-24"),
    }
    add_rule(store, new_rule("assault-fatal", "idlib"), skip_existing=True)
    assert fire_alerts(store) == []
    ingest([SARAQEB], store)
    assert [(a.rule_id, a.zone_id) for a in fire_alerts(store)] == [(1, "idlib"), (2, "idlib")]


def test_a_weekly_rise_fires_once_per_zone_and_week(store: Store) -> None:
    lenient = add_rule(store, new_rule("weekly-rise", "idlib", min_count=1))
    add_rule(store, new_rule("weekly-rise", "idlib"))  # 3 at least by default: 1 after 0 is no alarm
    (rise,) = fire_alerts(store, now=dt.date(2017, 5, 11))
    assert rise.rule_id == lenient.id and rise.period == "2017-W19"
    assert rise.payload["violations"] == 1 and rise.payload["previous"] == {
        "period": "2017-W18",
        "violations": 0,
    }
    assert [v["date"] for v in rise.payload["listed"]] == ["2017-05-10"]
    assert fire_alerts(store, now=dt.date(2017, 5, 11)) == []  # the same week: once
    # the next week: 2017-W19 fired already; 2017-W20 has 1 against 1, not twice as many
    assert fire_alerts(store, now=dt.date(2017, 5, 16)) == []
    add_rule(store, new_rule("weekly-rise", "idlib", factor=1.0, min_count=1))
    assert [(a.period, a.rule_id) for a in fire_alerts(store, now=dt.date(2017, 5, 16))] == [
        ("2017-W19", 3),
        ("2017-W20", 3),
    ]


@pytest.mark.parametrize(
    ("kind", "settings", "named"),
    [
        ("flood", {}, "kind"),
        ("weekly-rise", {"min_fatalities": 2}, "min_fatalities"),
        ("assault-fatal", {"factor": 2.0}, "factor"),
        ("weekly-rise", {"factor": 0.5}, "factor"),
        ("weekly-rise", {"min_count": 0}, "min_count"),
        ("assault-fatal", {"webhook": "ftp://example.org/x"}, "webhook"),
    ],
)
def test_a_bad_rule_names_its_setting(kind: str, settings: dict[str, Any], named: str) -> None:
    with pytest.raises(RuleError) as raised:
        new_rule(kind, "idlib", **settings)
    assert raised.value.setting == named


class Hook:
    """A webhook on 127.0.0.1 that records the JSON posted to it, and answers 500 while `down`."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.tries = 0
        self.down = False
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                hook.tries += 1
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if hook.down:
                    self.send_response(500)
                else:
                    assert self.headers["Content-Type"] == "application/json"
                    hook.received.append(json.loads(body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook/secret-token"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Hook:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_webhook_receives_the_json_and_a_failed_delivery_is_retried_without_firing_twice(
    store: Store,
) -> None:
    with Hook() as hook:
        add_rule(store, new_rule("assault-fatal", "idlib", webhook=hook.url))
        hook.down = True
        checked = check_alerts(store)
        assert len(checked.fired) == 2 and len(checked.failed) == 2
        # the first alert was tried three times; the second not, after the webhook failed
        assert hook.tries == 1 + delivering.WEBHOOK_RETRIES
        first, second = (delivery for _, delivery in checked.failed)
        assert first.status == "failed" and "HTTP 500" in str(first.error) and first.attempts == 1
        assert "not tried" in str(second.error)
        assert [a.deliveries[0].status for a in store.fired_alerts()] == ["failed", "failed"]

        hook.down = False
        again = check_alerts(store)
        assert again.fired == [] and again.failed == [] and again.redelivered == 2
        assert sorted(m["id"] for m in hook.received) == sorted(a.id for a in checked.fired)
        by_id = {a.id: a for a in checked.fired}
        for message in hook.received:
            assert message == by_id[message["id"]].message  # the JSON of the alert, its id first
            assert message["incident"]["date"] in IDLIB_MAY
        assert check_alerts(store).redelivered == 0 and len(hook.received) == 2
        assert [a.deliveries[0].status for a in store.fired_alerts()] == ["delivered", "delivered"]


def test_a_dead_webhook_is_recorded_and_the_other_channels_still_deliver(
    store: Store, tmp_path: Path
) -> None:
    with Hook() as hook:
        dead = hook.url
    out = tmp_path / "alerts.jsonl"
    add_rule(store, new_rule("assault-fatal", "idlib", webhook=dead, file=str(out)))
    checked = check_alerts(store)
    assert len(checked.fired) == 2
    assert all("cannot reach it" in str(d.error) or "not tried" in str(d.error) for _, d in checked.failed)
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [a.id for a in checked.fired]
    # retried (and failing) at the next check; the file is not written again
    assert len(check_alerts(store).failed) == 2
    assert len(out.read_text().splitlines()) == 2


def test_the_cli_adds_lists_checks_and_removes(db: str, tmp_path: Path) -> None:
    out = tmp_path / "alerts.jsonl"
    added = runner.invoke(
        cli,
        [
            "alerts",
            "add",
            "--kind",
            "assault-fatal",
            "--zone",
            "idlib",
            "--stdout",
            "--file",
            str(out),
            "--db",
            db,
        ],
    )
    assert added.exit_code == 0, added.output
    assert "rule 1 added" in added.stderr
    weekly = runner.invoke(
        cli, ["alerts", "add", "--kind", "weekly-rise", "--zone", "idlib", "--min-count", "1", "--db", db]
    )
    assert weekly.exit_code == 0 and "to stdout" in weekly.stderr  # stdout when no channel is given
    rules = runner.invoke(cli, ["alerts", "rules", "--db", db, "--format", "json"])
    assert [r["kind"] for r in json.loads(rules.stdout)] == ["assault-fatal", "weekly-rise"]

    checked = runner.invoke(cli, ["alerts", "check", "--now", "2017-05-11", "--db", db])
    assert checked.exit_code == 0, checked.output
    lines = [json.loads(line) for line in checked.stdout.splitlines()]
    assert sorted(m["kind"] for m in lines) == ["assault-fatal", "assault-fatal", "weekly-rise"]
    assert [json.loads(line) for line in out.read_text().splitlines()] == [
        m for m in lines if m["kind"] == "assault-fatal"
    ]
    assert "3 fired" in checked.stderr
    quiet = runner.invoke(cli, ["alerts", "check", "--now", "2017-05-11", "--db", db])
    assert quiet.exit_code == 0 and quiet.stdout == "" and "nothing new" in quiet.stderr

    listed = runner.invoke(cli, ["alerts", "--db", db, "--format", "jsonl"])
    fired = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [f["id"] for f in fired] == [3, 2, 1]  # newest first
    assert all(d["status"] == "delivered" for f in fired for d in f["deliveries"])
    table = runner.invoke(cli, ["alerts", "--db", db], env={"COLUMNS": "80"})
    assert table.exit_code == 0 and all(len(line) <= 80 for line in table.stdout.splitlines()), table.stdout
    assert "Khan Shaykhun" in table.stdout and "2017-W19" in table.stdout

    assert runner.invoke(cli, ["alerts", "remove", "2", "--db", db]).exit_code == 0
    gone = runner.invoke(cli, ["alerts", "remove", "2", "--db", db])
    assert gone.exit_code == 1 and "no alert rule 2" in gone.stderr
    kept = runner.invoke(cli, ["alerts", "--db", db, "--format", "json"])
    assert [f["rule_id"] for f in json.loads(kept.stdout)] == [None, 1, 1]  # what it fired stays


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "weekly-rise", "--min-fatalities", "2"], "--min-fatalities: a weekly-rise rule takes no"),
        (["--kind", "assault-fatal", "--zone", "idlbi"], "--zone: no zone 'idlbi'"),
        (["--kind", "assault-fatal", "--webhook", "example.org/hook"], "--webhook: not an http(s) URL"),
        (["--kind", "weekly-rise", "--skip-existing"], "--skip-existing: only an assault-fatal rule"),
    ],
)
def test_the_cli_refuses_a_bad_rule_in_one_line(db: str, args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["alerts", "add", *args, "--db", db])
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_failed_delivery_makes_check_exit_1_and_ingest_fires_the_rules(db: str, tmp_path: Path) -> None:
    with Hook() as hook:
        dead = hook.url
    runner.invoke(
        cli, ["alerts", "add", "--kind", "assault-fatal", "--zone", "idlib", "--webhook", dead, "--db", db]
    )
    failed = runner.invoke(cli, ["alerts", "check", "--db", db])
    assert failed.exit_code == 1 and "failed: cannot reach it" in failed.stderr
    assert (
        runner.invoke(
            cli,
            ["alerts", "add", "--kind", "assault-fatal", "--zone", "idlib", "--skip-existing", "--db", db],
        ).exit_code
        == 0
    )

    article = tmp_path / "saraqeb.jsonl"
    record = {"id": "saraqeb", "title": SARAQEB.title, "text": SARAQEB.text, "published": SARAQEB.published}
    article.write_text(json.dumps(record) + "\n", encoding="utf-8")
    ingested = runner.invoke(cli, ["ingest", str(article), "--db", db])
    assert ingested.exit_code == 0, ingested.output
    (line,) = ingested.stdout.splitlines()  # the second rule's stdout; the first's webhook failed
    assert json.loads(line)["incident"]["place"] == "Saraqib"
    assert "alerts: 2 fired" in ingested.stderr and "failed" in ingested.stderr


def test_the_api_lists_the_alerts_and_the_rules_without_their_secrets(db: str) -> None:
    from tests.test_api import misfits, success_schema

    with open_store(db) as store, Hook() as hook:
        add_rule(store, new_rule("assault-fatal", "idlib", webhook=hook.url))
        add_rule(store, new_rule("weekly-rise", "idlib", min_count=1, file="/srv/private/alerts.jsonl"))
        fire_alerts(store, now=dt.date(2017, 5, 11))
    with TestClient(create_app(db), base_url="http://localhost") as client:
        body = client.get("/api/alerts", params={"limit": 2}).json()
        assert body["total"] == 3 and len(body["items"]) == 2 and body["next"]
        every = client.get("/api/alerts").json()["items"]
        assert [a["id"] for a in every] == [3, 2, 1]
        kinds = {a["kind"]: a for a in every}
        assert kinds["weekly-rise"]["period"] == "2017-W19" and kinds["weekly-rise"]["incident_id"] is None
        deadly = [a for a in every if a["kind"] == "assault-fatal"]
        for alert in deadly:
            assert client.get(f"/api/incidents/{alert['incident_id']}").status_code == 200
            (delivery,) = alert["deliveries"]
            assert delivery["status"] == "delivered" and delivery["target"] == "http://127.0.0.1/…"
        assert client.get("/api/alerts", params={"rule": 2}).json()["total"] == 1
        assert client.get("/api/alerts", params={"zone": "south"}).json()["total"] == 0
        rules = client.get("/api/alerts/rules").json()
        assert [c["target"] for r in rules for c in r["channels"]] == ["http://127.0.0.1/…", "alerts.jsonl"]
        assert "secret-token" not in json.dumps(every) + json.dumps(rules)
        openapi = client.get("/api/openapi.json").json()
        for path, response in (
            ("/api/alerts", client.get("/api/alerts").json()),
            ("/api/alerts/rules", rules),
        ):
            _, schema = success_schema(openapi["paths"][path]["get"])
            assert misfits(response, schema, openapi) == [], path


def test_a_store_made_before_alerts_gains_their_tables(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    with open_store(db) as store:
        add_zones(store, json.loads((EXAMPLES / "zones.geojson").read_text(encoding="utf-8")))
        with store.engine.begin() as conn:
            for table in ("alert_events", "alert_deliveries", "fired_alerts", "alert_rules"):
                conn.execute(text(f"DROP TABLE {table}"))
            conn.execute(text("DELETE FROM schema_version WHERE version = 9"))
    with open_store(db) as store:
        assert {"alert_rules", "fired_alerts", "alert_deliveries", "alert_events"} <= set(
            inspect(store.engine).get_table_names()
        )
        assert add_rule(store, new_rule("assault-fatal", "idlib")).id == 1
