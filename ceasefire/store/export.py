"""Exports of the whole store (the Store's `export` method runs them).

parquet, csv and jsonl write one file per table into a directory, streaming rows in
chunks so that a large store never sits in memory. geojson writes the events that have
coordinates as Point features into one file and reports how many had none. An export is the
data, not a count of what happened: it keeps every event, whatever its status (the ``status``
column says which are asserted), and the near-duplicate articles.

Every file is written under a temporary name beside its final one and renamed when complete:
an export killed part-way leaves no truncated CSV or unreadable Parquet under a final name
(an earlier complete file there stays as it was).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import JSON, Boolean, Engine, Float, Integer, LargeBinary, Table, select

from ceasefire.store import query, schema
from ceasefire.store.db import reading
from ceasefire.store.formats import ExportFormat, ExportReport, write_rows

CHUNK = 5_000


def _arrow_type(column: Any) -> pa.DataType:
    kind = column.type
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float):
        return pa.float64()
    if isinstance(kind, Boolean):
        return pa.bool_()
    if isinstance(kind, LargeBinary):
        return pa.binary()
    return pa.string()  # text, and JSON as its text


def arrow_schema(table: Table) -> pa.Schema:
    """The Arrow schema of a table, from the one schema definition."""
    return pa.schema([(c.name, _arrow_type(c)) for c in table.columns])


def _chunks(engine: Engine, table: Table, json_text: bool = False) -> Iterator[list[dict[str, Any]]]:
    """A table's rows in primary-key order, a chunk at a time; JSON values as text if asked."""
    json_columns = [c.name for c in table.columns if json_text and isinstance(c.type, JSON)]
    order = list(table.primary_key.columns)
    with reading(engine) as conn:
        result = conn.execution_options(yield_per=CHUNK).execute(select(table).order_by(*order))
        for part in result.mappings().partitions():
            rows = [dict(row) for row in part]
            for row in rows:
                for name in json_columns:
                    if row[name] is not None:
                        row[name] = json.dumps(row[name], ensure_ascii=False)
            yield rows


@contextmanager
def _complete_or_nothing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed to it when the block ends; removed if it fails."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    partial = Path(name)
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def _text_file(path: Path) -> Iterator[TextIO]:
    """A text file to write, complete under `path` or not there at all."""
    with _complete_or_nothing(path) as partial, partial.open("w", encoding="utf-8", newline="") as stream:
        yield stream


def _export_parquet(engine: Engine, table: Table, path: Path) -> int:
    shape = arrow_schema(table)
    count = 0
    with _complete_or_nothing(path) as partial, pq.ParquetWriter(partial, shape) as writer:
        for rows in _chunks(engine, table, json_text=True):
            writer.write_table(pa.Table.from_pylist(rows, schema=shape))
            count += len(rows)
    return count


def export(engine: Engine, fmt: ExportFormat, out: str | Path) -> ExportReport:
    """Write the whole store: a directory of per-table files, or (geojson) one events file."""
    report = ExportReport()
    target = Path(out)
    if fmt == "geojson":
        target.parent.mkdir(parents=True, exist_ok=True)
        # data, not a count: every event of every article, each with its status
        everything = query.Filters(include_duplicates=True, status=None)
        with reading(engine) as conn:
            events = query.events(conn, everything, None, 0)
        with _text_file(target) as stream:
            written, report.skipped = write_rows(events, "geojson", stream)
        report.files.append(target)
        report.rows["events"] = written
        return report
    target.mkdir(parents=True, exist_ok=True)
    for table in (*schema.DATA_TABLES, *schema.ZONE_TABLES):
        path = target / f"{table.name}.{fmt}"
        if fmt == "parquet":
            report.rows[table.name] = _export_parquet(engine, table, path)
        else:
            rows = (row for chunk in _chunks(engine, table) for row in chunk)
            with _text_file(path) as stream:
                written, _ = write_rows(rows, fmt, stream, [c.name for c in table.columns])
            report.rows[table.name] = written
        report.files.append(path)
    return report
