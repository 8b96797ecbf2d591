"""Start-up: the command line imports no heavy library that `ceasefire extract` of plain text does
not use (timings are in BENCHMARKS.md, measured by bench/startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Libraries only other commands or inputs need: the store, the API, the cluster, zones,
#: exports, HTML, feeds and near-duplicates.
NOT_FOR_EXTRACT = (
    "fastapi",
    "uvicorn",
    "dask",
    "distributed",
    "sqlalchemy",
    "pyarrow",
    "shapely",
    "trafilatura",
    "feedparser",
    "datasketch",
    "scipy",
)


def test_cli_imports_nothing_extract_does_not_need() -> None:
    probe = (
        "import json, sys; import ceasefire.cli, ceasefire.pipeline; "
        f"print(json.dumps(sorted(m for m in {NOT_FOR_EXTRACT!r} if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_command_line_alone_loads_no_spacy() -> None:
    # `ceasefire --help` and the store commands never parse: spaCy's import is most of the
    # model's load time.
    probe = "import sys; import ceasefire.cli; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_actor_tables_build_an_entry_when_a_lookup_meets_it() -> None:
    from ceasefire.actors.tables import Phrases

    built: list[str] = []

    def build(row: str) -> str:
        built.append(row)
        return row.upper()

    phrases = Phrases({"free army": "fsa", "army": "army"}, build)
    assert built == []
    assert phrases.get(("free", "army")) == "FSA" and phrases[("free", "army")] == "FSA"
    assert built == ["fsa"]  # built once, then kept
    assert ("free army",) not in phrases  # a piece with a space is no two-word phrase
    assert phrases.get(("navy",)) is None
    with pytest.raises(KeyError):
        phrases[("navy",)]
