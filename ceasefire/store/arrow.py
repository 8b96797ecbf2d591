"""The Arrow types of the Parquet export: what each column holds, not how the database spells it.

ISO days are dates and ISO times timestamps (UTC). A date as precise as the text allows
("2016-07-05", "2016-W26", "2016-02", "2011") is the first day of its period, beside a
``date_precision`` column (added where the table has none) that says which period it starts.
JSON values are nested Arrow values (lists as list columns, objects as structs), their type
inferred from the whole column in a first pass; a column whose values share no one type
(GeoJSON geometries mixing Polygons and MultiPolygons) stays JSON text.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from sqlalchemy import JSON, Boolean, Column, Engine, Float, Integer, LargeBinary, Table, select

from ceasefire.model import Period
from ceasefire.store.db import reading

CHUNK = 5_000

# (table, column) of ISO days, of ISO times, and of ISO periods of any precision
_DAYS = {
    ("articles", "published"),
    ("events", "date_from"),
    ("events", "date_to"),
    ("zones", "start"),
    ("zones", "end"),
}
_TIMES = {("articles", "ingested_at"), ("zones", "added_at"), ("failures", "at")}
_PERIODS = {("events", "date"), ("fused_events", "date")}
_PRECISION = "date_precision"


def _plain_type(column: Column[Any]) -> pa.DataType:
    kind = column.type
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float):
        return pa.float64()
    if isinstance(kind, Boolean):
        return pa.bool_()
    if isinstance(kind, LargeBinary):
        return pa.binary()
    return pa.string()


def _json_type(engine: Engine, column: Column[Any]) -> pa.DataType | None:
    """The one Arrow type every value of a JSON column has; None when they share none."""
    found: pa.DataType = pa.null()
    with reading(engine) as conn:
        result = conn.execution_options(yield_per=CHUNK).execute(select(column))
        for part in result.scalars().partitions():
            try:
                merged = pa.unify_schemas(
                    [pa.schema([("v", found)]), pa.schema([("v", pa.array(part).type)])],
                    promote_options="permissive",
                )
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                return None
            found = merged.field("v").type
    return found


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


@dataclass
class Shape:
    """A table's Parquet schema and how to turn its database rows into it."""

    schema: pa.Schema
    table: str
    as_text: list[str]  # JSON columns written as JSON text
    add_precision: bool  # a period column without a precision column beside it

    def convert(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for row in rows:
            for name in list(row):
                where = (self.table, name)
                if where in _DAYS:
                    row[name] = _day(row[name])
                elif where in _TIMES:
                    row[name] = _time(row[name])
                elif where in _PERIODS:
                    period = Period.parse(row[name])
                    row[name] = period.start if period else None
                    if self.add_precision:
                        row[_PRECISION] = period.precision if period else None
                elif name in self.as_text and row[name] is not None:
                    row[name] = json.dumps(row[name], ensure_ascii=False)
        return rows


def shape(engine: Engine, table: Table) -> Shape:
    """The Parquet shape of a table: its columns with their real types (see the module)."""
    fields: list[tuple[str, pa.DataType]] = []
    as_text: list[str] = []
    add_precision = False
    for column in table.columns:
        where = (table.name, column.name)
        kind = _plain_type(column)
        if where in _DAYS or where in _PERIODS:
            kind = pa.date32()
        elif where in _TIMES:
            kind = pa.timestamp("us", tz="UTC")
        elif isinstance(column.type, JSON):
            inferred = _json_type(engine, column)
            if inferred is None:
                as_text.append(column.name)
            else:
                kind = inferred
        fields.append((column.name, kind))
        if where in _PERIODS and _PRECISION not in table.columns:
            fields.append((_PRECISION, pa.string()))
            add_precision = True
    return Shape(pa.schema(fields), table.name, as_text, add_precision)
