"""A store's contents as plain rows, for comparing two stores record for record."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from ceasefire.store.schema import DATA_TABLES

#: Columns that differ between two runs by design (row numbers, timestamps).
VOLATILE = {"pk", "ingested_at", "at", "applied_at"}


def dump_store(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without the volatile columns; checks the FTS indexes too."""
    with sqlite3.connect(path) as conn:
        dump = {}
        for table in DATA_TABLES:
            columns = [c.name for c in table.columns if c.name not in VOLATILE]
            listed = ", ".join(f'"{c}"' for c in columns)
            dump[table.name] = sorted(
                conn.execute(f"SELECT {listed} FROM {table.name}").fetchall(), key=repr
            )
        for fts in ("articles_fts", "quotes_fts"):
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
    return dump
