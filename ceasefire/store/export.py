"""Exports of the whole store, and the row writers the listing commands share.

parquet, csv and jsonl write one file per table into a directory, streaming rows in
chunks so that a large store never sits in memory. geojson writes the events that have
coordinates as Point features into one file and reports how many had none.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import JSON, Float, Integer, LargeBinary, Table, select

from ceasefire.store import query, schema
from ceasefire.store.core import Store
from ceasefire.store.db import reading

ExportFormat = Literal["parquet", "csv", "jsonl", "geojson"]
RowFormat = Literal["csv", "jsonl", "geojson"]
CHUNK = 5_000


@dataclass
class ExportReport:
    files: list[Path] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # per table (geojson: "events")
    skipped: int = 0  # events without coordinates (geojson)


# ---------------------------------------------------------------- row writers


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _cell(value: Any) -> Any:
    """A CSV cell: nested values as JSON, bytes as hex, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def point_feature(row: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON Point feature ([lon, lat]) with the rest of the row as its properties."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
        "properties": {k: v for k, v in row.items() if k not in ("lat", "lon")},
    }


def write_rows(
    rows: Iterable[dict[str, Any]],
    fmt: RowFormat,
    out: TextIO,
    columns: list[str] | None = None,
) -> tuple[int, int]:
    """Write rows as CSV, JSON lines or a GeoJSON FeatureCollection; (written, skipped).

    Only geojson skips: rows without lat/lon have no point to draw. CSV takes its header
    from ``columns`` when given (so an empty table still has one), else from the first row.
    """
    written = skipped = 0
    if fmt == "csv":
        writer: csv.DictWriter[str] | None = None
        if columns:
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(row))
                writer.writeheader()
            writer.writerow({k: _cell(v) for k, v in row.items()})
            written += 1
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
            written += 1
    else:
        out.write('{"type": "FeatureCollection", "features": [')
        for row in rows:
            if row.get("lat") is None or row.get("lon") is None:
                skipped += 1
                continue
            out.write(",\n" if written else "\n")
            out.write(json.dumps(point_feature(row), ensure_ascii=False, default=_json_default))
            written += 1
        out.write("\n]}\n")
    return written, skipped


# ---------------------------------------------------------------- whole-store export


def _arrow_type(column: Any) -> pa.DataType:
    kind = column.type
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float):
        return pa.float64()
    if isinstance(kind, LargeBinary):
        return pa.binary()
    return pa.string()  # text, and JSON as its text


def arrow_schema(table: Table) -> pa.Schema:
    """The Arrow schema of a table, from the one schema definition."""
    return pa.schema([(c.name, _arrow_type(c)) for c in table.columns])


def _chunks(store: Store, table: Table, json_text: bool = False) -> Iterator[list[dict[str, Any]]]:
    """A table's rows in primary-key order, a chunk at a time; JSON values as text if asked."""
    json_columns = [c.name for c in table.columns if json_text and isinstance(c.type, JSON)]
    order = list(table.primary_key.columns)
    with reading(store.engine) as conn:
        result = conn.execution_options(yield_per=CHUNK).execute(select(table).order_by(*order))
        for part in result.mappings().partitions():
            rows = [dict(row) for row in part]
            for row in rows:
                for name in json_columns:
                    if row[name] is not None:
                        row[name] = json.dumps(row[name], ensure_ascii=False)
            yield rows


def _export_parquet(store: Store, table: Table, path: Path) -> int:
    shape = arrow_schema(table)
    count = 0
    with pq.ParquetWriter(path, shape) as writer:
        for rows in _chunks(store, table, json_text=True):
            writer.write_table(pa.Table.from_pylist(rows, schema=shape))
            count += len(rows)
    return count


def export(store: Store, fmt: ExportFormat, out: str | Path) -> ExportReport:
    """Write the whole store: a directory of per-table files, or (geojson) one events file."""
    report = ExportReport()
    target = Path(out)
    if fmt == "geojson":
        target.parent.mkdir(parents=True, exist_ok=True)
        everything = query.Filters(include_duplicates=True)
        with target.open("w", encoding="utf-8") as stream:
            written, report.skipped = write_rows(
                query.events(store, everything, limit=None), "geojson", stream
            )
        report.files.append(target)
        report.rows["events"] = written
        return report
    target.mkdir(parents=True, exist_ok=True)
    for table in (*schema.DATA_TABLES, *schema.ZONE_TABLES):
        path = target / f"{table.name}.{fmt}"
        if fmt == "parquet":
            report.rows[table.name] = _export_parquet(store, table, path)
        else:
            rows = (row for chunk in _chunks(store, table) for row in chunk)
            with path.open("w", encoding="utf-8", newline="") as stream:
                written, _ = write_rows(rows, fmt, stream, [c.name for c in table.columns])
            report.rows[table.name] = written
        report.files.append(path)
    return report
