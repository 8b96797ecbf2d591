"""`ceasefire ingest --engine dask`: a local cluster of 2 workers stores what one process stores."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from ceasefire.cli import app
from tests.storedump import dump_store
from tests.test_ingest import rows_of

runner = CliRunner()
FAKES_MAP = "text=article_content,published=date"


def fakes_csv(path: Path, start: int, stop: int) -> Path:
    """FA-KES Syria articles [start, stop) as a CSV of their own (written under the test's
    temporary folder, never into the repository)."""
    rows = rows_of("corpora/fakes-syria-dev.csv")[start:stop]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_dask_on_two_workers_stores_what_one_process_stores(tmp_path: Path) -> None:
    articles = str(fakes_csv(tmp_path / "syria.csv", 0, 30))
    dumps = {}
    for engine in ("local", "dask"):
        db = tmp_path / f"{engine}.db"
        result = runner.invoke(
            app,
            [
                "ingest",
                articles,
                "--db",
                str(db),
                "--map",
                FAKES_MAP,
                "--engine",
                engine,
                "--workers",
                "2" if engine == "dask" else "1",
            ],
        )
        assert result.exit_code == 0, result.output
        assert "read 30" in result.stderr and "30 new" in result.stderr
        dumps[engine] = dump_store(db)
    assert len(dumps["local"]["articles"]) == 30 and dumps["local"]["events"]
    assert dumps["dask"] == dumps["local"]


def test_a_scheduler_needs_the_dask_engine(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "ingest",
            str(tmp_path),
            "--db",
            str(tmp_path / "x.db"),
            "--scheduler",
            "tcp://127.0.0.1:8786",
        ],
    )
    assert result.exit_code == 2 and "--engine dask" in result.stderr
