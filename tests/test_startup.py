"""Start-up: the command line imports no heavy library that `ceasefire extract` of plain text does
not use (timings are in BENCHMARKS.md, measured by bench/startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys

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
