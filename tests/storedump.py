"""A store's contents as plain rows, for comparing two stores record for record."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Engine, Text, cast, create_engine, select

from ceasefire.store.schema import DATA_TABLES

#: Columns that differ between two runs by design (row numbers, timestamps).
VOLATILE = {"pk", "ingested_at", "at", "applied_at"}


def dump_engine(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without the volatile columns, on any database. JSON
    columns come as their text, so that rows stay hashable."""
    dump = {}
    with engine.connect() as conn:
        for table in DATA_TABLES:
            columns = [
                cast(c, Text).label(c.name) if isinstance(c.type, JSON) else c
                for c in table.columns
                if c.name not in VOLATILE
            ]
            dump[table.name] = sorted((tuple(row) for row in conn.execute(select(*columns))), key=repr)
    return dump


def dump_store(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """A SQLite store's dump (``dump_engine``); checks its FTS indexes too."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        dump = dump_engine(engine)
    finally:
        engine.dispose()
    with sqlite3.connect(path) as conn:
        for fts in ("articles_fts", "quotes_fts"):
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
    return dump
