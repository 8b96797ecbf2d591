"""Exports of the whole store (the Store's `export` method runs them).

parquet, csv and jsonl write one file per table into a directory, streaming rows in
chunks so that a large store never sits in memory. geojson writes the events that have
coordinates as Point features into one file and reports how many had none; incidents-geojson
and zones-geojson do the same for the incidents and the zones (``features.py``), acled writes
ACLED's table of incidents (``acled.py``). Parquet columns have their real types (``arrow.py``);
CSV comes with the dtypes to read it back (``csvtypes.py``). An export of the tables is the
data, not a count of what happened: it keeps every event, whatever its status (the ``status``
column says which are asserted), and the near-duplicate articles.

Every file is written under a temporary name beside its final one and renamed when complete:
an export killed part-way leaves no truncated CSV or unreadable Parquet under a final name
(an earlier complete file there stays as it was).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Engine, Table, select

from ceasefire.store import acled, arrow, features, schema
from ceasefire.store.csvtypes import write_dtypes
from ceasefire.store.db import reading
from ceasefire.store.files import complete_or_nothing, text_file
from ceasefire.store.formats import ExportFormat, ExportReport, write_rows

CHUNK = 5_000


def _chunks(engine: Engine, table: Table) -> Iterator[list[dict[str, Any]]]:
    """A table's rows in primary-key order, a chunk at a time."""
    order = list(table.primary_key.columns)
    with reading(engine) as conn:
        result = conn.execution_options(yield_per=CHUNK).execute(select(table).order_by(*order))
        for part in result.mappings().partitions():
            yield [dict(row) for row in part]


def _export_parquet(engine: Engine, table: Table, path: Path) -> int:
    typed = arrow.shape(engine, table)
    count = 0
    with complete_or_nothing(path) as partial, pq.ParquetWriter(partial, typed.schema) as writer:
        for rows in _chunks(engine, table):
            writer.write_table(pa.Table.from_pylist(typed.convert(rows), schema=typed.schema))
            count += len(rows)
    return count


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off, then as it was: an export makes millions of short-lived
    rows and JSON values, freed by reference counting as each is written, that the collector
    would walk again and again (a tenth of the CPU of the incidents' GeoJSON at 1M events)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def export(engine: Engine, fmt: ExportFormat, out: str | Path) -> ExportReport:
    """Write the whole store: a directory of per-table files; or one file: (geojson) the events,
    the incidents or the zones as GeoJSON, or (acled) the incidents as ACLED's table."""
    with _collector_paused():
        return _export(engine, fmt, Path(out))


def _export(engine: Engine, fmt: ExportFormat, target: Path) -> ExportReport:
    if fmt == "acled":
        return acled.export(engine, target)
    if fmt == "incidents-geojson":
        return features.export_incidents(engine, target)
    if fmt == "zones-geojson":
        return features.export_zones(engine, target)
    if fmt == "geojson":
        return features.export_events(engine, target)
    report = ExportReport()
    target.mkdir(parents=True, exist_ok=True)
    tables = (*schema.DATA_TABLES, *schema.ZONE_TABLES)
    for table in tables:
        path = target / f"{table.name}.{fmt}"
        if fmt == "parquet":
            report.rows[table.name] = _export_parquet(engine, table, path)
        else:
            rows = (row for chunk in _chunks(engine, table) for row in chunk)
            with text_file(path) as stream:
                written, _ = write_rows(rows, fmt, stream, [c.name for c in table.columns])
            report.rows[table.name] = written
        report.files.append(path)
    if fmt == "csv":  # a CSV cell has no type: say how to read each column back
        report.files.append(write_dtypes(tables, target))
    return report
