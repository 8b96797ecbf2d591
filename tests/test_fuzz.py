"""The fuzz suite of issue 16: hostile inputs of every category (tests/fuzz.py) mixed with good
articles, read one by one and then ingested by the command line into a store that holds
earlier records. No traceback, no input beyond the limits, every good article stored, the
earlier records intact, nothing outside the given folder read.

`make test` runs a quick subset; `make fuzz` (CEASEFIRE_FUZZ=full) runs all of it and prints
the figures BENCHMARKS.md records.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ceasefire.ingest import ingest
from ceasefire.read import read_paths
from ceasefire.store import Filters, open_store
from tests import fuzz

FULL = os.environ.get("CEASEFIRE_FUZZ", "").lower() == "full"
# (seed, hostile inputs, good articles, size of the costly ones)
SEED, HOSTILE, GOOD, SIZE = (1616, 560, 40, 20_000) if FULL else (16, 112, 8, 1_000)
#: Seconds for reading any one input, whatever it is.
READ_SECONDS = 5.0
#: The whole ingest, and the most memory it may take (spaCy's model is about 0.5 GB of it).
RUN_SECONDS = 1_800 if FULL else 240
PEAK_BYTES = 2 * 2**30
EVERY_ARTICLE = Filters(include_duplicates=True)  # good articles are near-duplicates of each other
ROOT = Path(__file__).resolve().parents[1]
CANARY = "The canary of the fuzz suite lives outside the folder and must never be read."
EARLIER = (
    "Government artillery shelled the town of Ariha on Monday, killing three people, a monitor said.",
    "Rebel fighters attacked an army post near Saraqeb on Sunday, wounding five soldiers, residents said.",
)


#: A guard on the ingest's address space, so that an input read without bound fails the test
#: instead of exhausting the machine (the run is asserted far below it: PEAK_BYTES).
GUARD_BYTES = 6 * 2**30


def _address_space_guard() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (GUARD_BYTES, GUARD_BYTES))


@dataclass
class Run:
    folder: Path
    cases: list[fuzz.Case]
    paths: list[Path]
    db: Path
    earlier: dict[str, dict[str, Any]]
    returncode: int
    stderr: str
    seconds: float
    peak_bytes: int


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    base = tmp_path_factory.mktemp("fuzz")
    outside = base / "outside"
    outside.mkdir()
    (outside / "canary.txt").write_text(CANARY, encoding="utf-8")
    folder = base / "tree"
    folder.mkdir()
    cases = list(fuzz.cases(SEED, HOSTILE, GOOD, SIZE))
    paths = [fuzz.write_case(case, folder, outside, number) for number, case in enumerate(cases)]
    db = base / "fuzz.db"
    earlier_file = base / "earlier.jsonl"
    earlier_file.write_text(
        "".join(json.dumps({"id": f"earlier-{i}", "text": t}) + "\n" for i, t in enumerate(EARLIER)),
        encoding="utf-8",
    )
    with open_store(str(db)) as store:
        ingest(read_paths([str(earlier_file)]), store)
        earlier = {f"earlier-{i}": store.load_article(f"earlier-{i}").to_dict() for i in range(len(EARLIER))}
    log = base / "stderr.txt"
    started = time.monotonic()
    with log.open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "ceasefire", "ingest", str(folder), "--db", str(db)],
            env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            preexec_fn=_address_space_guard,
        )
        watchdog = threading.Timer(RUN_SECONDS, child.kill)
        watchdog.start()
        _, status, usage = os.wait4(child.pid, 0)
        watchdog.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        folder=folder,
        cases=cases,
        paths=paths,
        db=db,
        earlier=earlier,
        returncode=child.returncode,
        stderr=log.read_text(encoding="utf-8", errors="replace"),
        seconds=time.monotonic() - started,
        peak_bytes=usage.ru_maxrss * 1024,
    )


def test_there_are_enough_hostile_inputs_of_every_category(run: Run) -> None:
    hostile = [c for c in run.cases if c.category != "good"]
    assert len(hostile) >= (500 if FULL else 100)
    assert len({c.category for c in hostile}) == len(fuzz.HOSTILE)


def test_each_input_is_read_alone_within_the_limits_without_an_exception(run: Run) -> None:
    slowest = (0.0, "")
    for path, case in zip(run.paths, run.cases, strict=True):
        started = time.monotonic()
        items = list(read_paths([str(path)]))
        seconds = time.monotonic() - started
        slowest = max(slowest, (seconds, f"{case.category} {path.name!r}"))
        assert items, f"{path}: neither a record nor a failure"
        assert seconds < READ_SECONDS, f"{path}: read in {seconds:.1f} s"
    largest = max(zip(run.paths, run.cases, strict=True), key=lambda pc: len(pc[1].data))
    print(
        f"\nfuzz read: slowest {slowest[1]} {slowest[0]:.2f} s; largest {largest[1].category} "
        f"{largest[0].name!r} {len(largest[1].data):,} bytes"
    )


def test_the_ingest_ends_with_a_clean_exit_and_no_traceback(run: Run) -> None:
    peak = run.peak_bytes / 2**20
    print(f"\nfuzz ingest: {len(run.cases)} inputs in {run.seconds:.1f} s, peak {peak:.0f} MiB")
    assert run.returncode == 1, run.stderr[-3000:]  # the hostile inputs fail; the run does not
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    summary = lines[-1]
    assert f"{run.db}: read" in summary and " failed" in summary, summary
    # failures, and in a pipe the progress lines ("ingest: 32 of 540 articles, ...")
    assert all(line.startswith(("ceasefire: ", "… and ", "ingest: ")) for line in lines[:-1]), lines[:5]


def test_the_ingest_holds_its_time_and_memory_limits(run: Run) -> None:
    assert run.seconds < RUN_SECONDS
    assert run.peak_bytes < PEAK_BYTES


def test_every_good_article_is_stored_and_the_earlier_ones_are_intact(run: Run) -> None:
    with open_store(str(run.db)) as store:
        texts = [store.load_article(row["id"]).text for row in store.articles(EVERY_ARTICLE, limit=None)]
        for article_id, before in run.earlier.items():
            assert store.load_article(article_id).to_dict() == before
    for case in run.cases:
        if case.marker:
            assert any(case.marker in text for text in texts), case.marker


def test_nothing_outside_the_folder_is_read(run: Run) -> None:
    with open_store(str(run.db)) as store:
        texts = [store.load_article(row["id"]).text for row in store.articles(EVERY_ARTICLE, limit=None)]
    assert not any("canary" in text for text in texts)
    assert not any("root:x:0:0" in text for text in texts)  # an entity naming /etc/passwd


def test_a_rerun_over_the_same_inputs_fails_nothing_new(run: Run) -> None:
    if not FULL:
        pytest.skip("the full suite (make fuzz) runs the ingest again")
    again = subprocess.run(
        [sys.executable, "-m", "ceasefire", "ingest", str(run.folder), "--db", str(run.db)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
        check=False,
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert "as recorded by an earlier run" in again.stderr


def test_each_failure_line_names_its_input(run: Run) -> None:
    shown = [line for line in run.stderr.splitlines() if line.startswith("ceasefire: ")]
    assert shown and all(line.startswith(f"ceasefire: {run.folder}/") for line in shown), shown[:3]
