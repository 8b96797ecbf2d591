"""How to read the CSV export back with its types: ``dtypes.json`` beside the tables.

A CSV cell has no type, and readers guess: pandas reads the CAMEO code "046" as the number 46
and a count column with empty cells as floats. The file gives each table's column the pandas
dtype it holds, for ``pandas.read_csv(path, dtype=dtypes[table])``: codes, ids and dates as
text ("string"), counts as nullable integers ("Int64"), measures as "Float64", flags as
"boolean". Nested values are JSON text, binary values hex.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Boolean, Float, Integer, Table

from ceasefire.store.files import text_file

NAME = "dtypes.json"


def _dtype(kind: object) -> str:
    if isinstance(kind, Boolean):
        return "boolean"
    if isinstance(kind, Integer):
        return "Int64"
    if isinstance(kind, Float):
        return "Float64"
    return "string"


def write_dtypes(tables: tuple[Table, ...], directory: Path) -> Path:
    """Write ``dtypes.json``: table -> column -> pandas dtype."""
    dtypes = {t.name: {c.name: _dtype(c.type) for c in t.columns} for t in tables}
    path = directory / NAME
    with text_file(path) as stream:
        stream.write(json.dumps(dtypes, indent=1) + "\n")
    return path
