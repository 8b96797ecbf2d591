"""The command line on good and bad input: clear errors, the rest still processed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli import app
from tests.conftest import shared_path

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


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
    assert "--published: not an ISO date: 'someday'" in result.stderr


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
    # quotes take no status: --help does not offer it and the command refuses it
    assert quotes.exit_code == 2 and "No such option: --status" in quotes.stderr


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


# ---------------------------------------------------------------- conventions (issue 14, item 5)


def _run(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    """The real command in a pipe, as a user's `ceasefire ... | less` or `> file` sees it."""
    env = {**os.environ, "COLUMNS": str(columns), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "ceasefire", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_version() -> None:
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"ceasefire {version('ceasefire')}"


@pytest.mark.parametrize("listing", ["events", "incidents"])
def test_tables_keep_date_type_place_and_toll_whole_in_80_columns(tmp_path: Path, listing: str) -> None:
    db = _status_db(tmp_path)
    result = _run(listing, "--db", db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), result.stdout
    header = next(line for line in lines if "date" in line)
    for column in ("date", "type", "place", "killed", "sentence"):
        assert f" {column} " in header, header
    first = next(line for line in lines if "2017-05-10" in line)
    assert "ASSAULT" in first and "Idlib" in first and " 5" in first
    assert "…" not in first.split("│")[1:4]  # the date, type and place cells are never cut
    assert "shelled" in result.stdout  # the sentence wraps, it does not vanish


def test_the_summary_fits_80_columns_with_long_actor_names(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    text = (
        "The Syrian Observatory for Human Rights said government forces shelled Idlib on Monday, "
        "killing five civilians.\n\nThe Syrian Observatory for Human Rights counted the dead."
    )
    article = tmp_path / "observatory.jsonl"
    record = {"id": "o", "text": text, "published": "2017-05-10"}
    article.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert _run("ingest", str(article), "--db", db).returncode == 0
    result = _run("summary", "--db", db)
    assert result.returncode == 0, result.stderr
    assert all(len(line) <= 80 for line in result.stdout.splitlines()), result.stdout
    assert "Observatory" in result.stdout and " mentions " in result.stdout  # wrapped, not cut


HELP_REFUSED = {
    "quotes": ["--zone", "--near", "--status", "--acled-type", "geojson"],
    "actors": ["--zone", "--near", "--status", "--acled-type", "geojson"],
    "articles": ["--type", "--zone", "--acled-type", "geojson"],
    "incidents": ["--status"],
}


@pytest.mark.parametrize("listing", ["events", "incidents", "quotes", "actors", "articles"])
def test_help_shows_only_accepted_options_and_an_example(listing: str) -> None:
    result = runner.invoke(app, [listing, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for option in HELP_REFUSED.get(listing, []):
        assert option not in result.stdout, option
    assert f"ceasefire {listing} --" in result.stdout.split("Example")[1]
    if listing in ("events", "incidents"):
        assert all(plover in result.stdout for plover in ("AGREE", "COERCE", "ASSAULT"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "--type", "ATTACK"], "--type: unknown PLOVER type 'ATTACK'"),
        (["incidents", "--type", "attack"], "--type: unknown PLOVER type 'ATTACK'"),
        (["quotes", "--type", "shouted"], "--type: unknown quote kind 'shouted'"),
        (["events", "--zone", "idlbi"], "--zone: no zone 'idlbi'"),
        (["events", "--since", "05/04/2017"], "--since: not an ISO date: '05/04/2017'"),
        (["events", "--until", "2017-13-01"], "--until: not an ISO date: '2017-13-01'"),
        (["zones", "report", "--since", "4 May 2017"], "--since: not an ISO date: '4 May 2017'"),
    ],
)
def test_the_cli_validates_like_the_api_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    db = _status_db(tmp_path)
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [result.stderr.strip()], result.stderr
    assert message in result.stderr
    assert "YYYY-MM-DD" in result.stderr or "date" not in message


READ_COMMANDS = [
    ["events"],
    ["incidents"],
    ["quotes"],
    ["actors"],
    ["articles"],
    ["summary"],
    ["export", "out"],
    ["zones", "list"],
    ["zones", "report"],
    ["zones", "remove", "idlib"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_read_commands_refuse_a_missing_store_or_another_file_in_one_line(
    tmp_path: Path, command: list[str]
) -> None:
    missing, other = tmp_path / "typo.db", tmp_path / "notes.txt"
    other.write_text("not a database\n", encoding="utf-8")
    for db in (missing, other):
        result = runner.invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert not missing.exists()


def test_export_prints_a_human_summary(tmp_path: Path) -> None:
    db = _status_db(tmp_path)
    result = runner.invoke(app, ["export", str(tmp_path / "out"), "--db", db, "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert "{" not in result.stderr and "'" not in result.stderr
    assert "7 events" in result.stderr and "2 articles" in result.stderr


@pytest.mark.parametrize("command", [["events", "--format", "jsonl"], ["events"], ["summary"]], ids=" ".join)
def test_a_closed_pipe_ends_quietly(tmp_path: Path, command: list[str]) -> None:
    db = _status_db(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cli = subprocess.Popen(
        [sys.executable, "-m", "ceasefire", *command, "--db", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    # the reader is gone (`| head -1` has read its line) before the command writes a byte
    assert cli.stdout is not None and cli.stderr is not None
    cli.stdout.close()
    error = cli.stderr.read().decode()
    assert cli.wait(timeout=120) in (0, 1, 141) and error == ""


def test_make_run_serves_on_the_port_given() -> None:
    # a dry run: the commands `make run PORT=8001` would run, none of them run
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8001"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    serve = next(line for line in plan.splitlines() if " serve " in line)
    assert "--port 8001" in serve


def test_ingest_in_a_pipe_reports_progress_with_the_total(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    towns = ["Saraqib", "Douma", "Azaz"]
    corpus.write_text(
        "".join(
            json.dumps({"id": f"p{i}", "title": "Shelling", "text": f"Rebels shelled {town} on Monday."})
            + "\n"
            for i, town in enumerate(towns)
        ),
        encoding="utf-8",
    )
    result = _run("ingest", str(corpus), "--db", str(tmp_path / "p.db"), "--published", "2017-05-08")
    assert result.returncode == 0, result.stderr
    # no bar in a pipe (it would be escape codes), but lines a log keeps: done of the total
    assert "\x1b[" not in result.stderr
    assert "ingest: 3 of 3 articles" in result.stderr, result.stderr


def test_ingest_progress_in_a_terminal_has_the_total_and_time_left() -> None:
    import io

    from rich.console import Console
    from rich.progress import TimeRemainingColumn

    from ceasefire.cli.ingest import IngestProgress

    shown = IngestProgress(Console(force_terminal=True, file=io.StringIO()), total=40)
    assert shown.bar is not None and any(isinstance(c, TimeRemainingColumn) for c in shown.bar.columns)
    shown.advance(10)
    assert shown.bar.tasks[0].total == 40 and shown.bar.tasks[0].completed == 10


def test_zone_violations_keep_date_type_place_and_toll_whole_in_80_columns(tmp_path: Path) -> None:
    db = _status_db(tmp_path)
    result = _run("zones", "report", "idlib-test", "--db", db)
    assert result.returncode == 0, result.stderr
    assert all(len(line) <= 80 for line in result.stdout.splitlines()), result.stdout
    violations = result.stdout.split("Violations")[1]
    first = next(line for line in violations.splitlines() if "2017-05-10" in line)
    assert "ASSAULT" in first and "Idlib" in first and " 5" in first, violations
    assert "shelled" in violations


def test_extract_table_keeps_event_dates_whole_in_80_columns() -> None:
    seed = shared_path("seed/deescalation-zones.txt")
    result = _run("extract", str(seed), "--published", "2017-05-04", "--format", "table")
    assert result.returncode == 0, result.stderr
    events = result.stdout.split("Events")[1]
    assert all(len(line) <= 80 for line in events.splitlines()), events
    assert "2017-05-03" in events and "Astana" in events, events


def _command_names() -> list[list[str]]:
    import typer

    root = typer.main.get_command(app)
    names: list[list[str]] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        names.extend([[name, sub] for sub in subcommands] if subcommands else [[name]])
    return names


@pytest.mark.parametrize("command", _command_names(), ids=" ".join)
def test_every_command_help_ends_with_an_example(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert f"Example: ceasefire {' '.join(command)}" in result.stdout
