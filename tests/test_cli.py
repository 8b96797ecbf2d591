"""The command line on good and bad input: clear errors, the rest still processed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ceasefire.cli import app
from tests.conftest import shared_path

runner = CliRunner()


def write_bad_inputs(folder: Path) -> dict[str, Path]:
    """One file of each kind of bad input, and the reason each should give."""
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "malformed HTML": folder / "broken.html",
        "not English": folder / "french.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 40)
    files["malformed HTML"].write_text("<html><body><div><p>", encoding="utf-8")
    files["not English"].write_text(
        "Les pourparlers de paix se sont tenus à Astana cette semaine. Le ministre a dit que la "
        "création des zones de désescalade doit conduire à la cessation des hostilités, et que les "
        "garants se réuniront de nouveau dans un mois pour faire le point sur la situation. "
        "Il a ajouté que la Russie et la Turquie sont d'accord sur le principe.",
        encoding="utf-8",
    )
    return files


def test_bad_inputs_named_and_good_ones_processed(tmp_path: Path) -> None:
    seed = shared_path("seed/deescalation-zones.txt")
    bad = write_bad_inputs(tmp_path)
    result = runner.invoke(
        app,
        [
            "extract",
            str(bad["empty"]),
            str(seed),
            *map(str, list(bad.values())[1:]),
            "--published",
            "2017-05-04",
            "--format",
            "jsonl",
        ],
    )
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1 and lines[0]["title"].startswith("Syrian government supports")
    messages = result.stderr.splitlines()
    assert len(messages) == len(bad)
    for kind, path in bad.items():
        line = next(m for m in messages if str(path) in m)
        print(f"{kind}: {line}")
    assert "empty" in next(m for m in messages if str(bad["empty"]) in m)
    assert "binary" in next(m for m in messages if str(bad["binary"]) in m)
    assert "English" in next(m for m in messages if str(bad["not English"]) in m)


def test_latin1_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    text = (
        "Turkish President Recep Tayyip Erdogan met officials in Ankara on Monday. "
        "The café owner said the talks were très important for the region's future."
    )
    path.write_bytes(text.encode("latin-1"))
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert "café" in json.loads(result.stdout)["text"]


def test_jsonl_keeps_ids_order_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    good = {
        "id": "x-1",
        "title": "Talks",
        "published": "2017-05-04",
        "url": "https://example.invalid/a",
        "text": "Russian and Turkish officials held talks in Moscow on Wednesday.",
    }
    second = dict(good, id="x-2", text="Rebels shelled a checkpoint near Idlib on Tuesday.")
    path.write_text("\n".join([json.dumps(good), "{not json", json.dumps(second)]), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 1
    assert f"{path}:2" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["x-1", "x-2"]
    assert records[0]["published"] == "2017-05-04"


def test_stdin_and_stable_ids() -> None:
    text = "Clashes in Aleppo\n\nGovernment forces clashed with rebels in Aleppo on Monday, killing 12."
    first = runner.invoke(app, ["extract", "-", "--format", "jsonl"], input=text)
    second = runner.invoke(app, ["extract", "-", "--format", "jsonl"], input=text)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["title"] == "Clashes in Aleppo"


def test_table_view_of_seed() -> None:
    seed = shared_path("seed/deescalation-zones.txt")
    result = runner.invoke(app, ["extract", str(seed), "--published", "2017-05-04", "--format", "table"])
    assert result.exit_code == 0
    for heading in ("Actors", "Places", "Quotes", "Events"):
        assert heading in result.stdout
    assert "Azaz" in result.stdout


def test_bad_published_date_is_refused() -> None:
    seed = shared_path("seed/deescalation-zones.txt")
    result = runner.invoke(app, ["extract", str(seed), "--published", "someday"])
    assert result.exit_code == 2
    assert "not a date" in result.stderr


def _status_db(folder: Path) -> str:
    from ceasefire.store import open_store
    from tests.statuses import fill

    db = str(folder / "statuses.db")
    with open_store(db) as store:
        fill(store)
    return db


def _listed(*args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["events", *args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_events_list_asserted_ones_unless_asked_and_show_the_status(tmp_path: Path) -> None:
    from tests.statuses import ASSERTED_IDS, OTHER_STATUSES

    db = _status_db(tmp_path)
    assert {row["id"] for row in _listed("--db", db)} == ASSERTED_IDS
    every = _listed("--db", db, "--status", "all")
    assert len(every) == 7 and {row["status"] for row in every} == {"asserted"} | OTHER_STATUSES
    chosen = _listed("--db", db, "--status", "negated,planned", "--status", "background")
    assert sorted(str(row["status"]) for row in chosen) == ["background", "negated", "negated", "planned"]
    shelling = _listed("--db", db, "--acled-type", "Explosions/Remote violence", "--status", "all")
    assert {row["id"] for row in shelling} == ASSERTED_IDS
    assert {row["civilian_targeting"] for row in shelling} == {True}
    table = runner.invoke(app, ["events", "--db", db, "--status", "all"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "status" in table.stdout and "background" in table.stdout
    bad = runner.invoke(app, ["events", "--db", db, "--status", "rumoured"])
    assert bad.exit_code == 2 and "unknown status 'rumoured'" in bad.stderr
    quotes = runner.invoke(app, ["quotes", "--db", db, "--status", "negated"])
    assert quotes.exit_code == 2 and "status filter does not apply to quotes" in quotes.stderr


def test_summary_counts_incidents_of_asserted_events_and_says_how_many_are_not(tmp_path: Path) -> None:
    db = _status_db(tmp_path)
    result = runner.invoke(app, ["summary", "--db", db], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "2 asserted, 2 negated, 1 hypothetical, 1 planned, 1 background" in result.stdout
    # the two asserted reports of the shelling are one incident
    assert "1 incident fused from 2 asserted reports" in result.stdout
    per_type = result.stdout.split("Incidents per type")[1].split("Top actors")[0]
    assert "│ ASSAULT │ 1         │ 2 " in per_type
    latest = result.stdout.split("Latest incidents")[1]
    assert "300,000" not in latest and "did not shell" not in latest
