"""The output formats of listings and exports, and the row writers they share.

No pyarrow here: the API and the listing commands write rows without loading it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

ExportFormat = Literal["parquet", "csv", "jsonl", "geojson", "acled", "incidents-geojson", "zones-geojson"]
RowFormat = Literal["csv", "jsonl", "geojson"]


#: ACLED's columns, in its order (the acled export, ``acled.py``, fills them).
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
)

_CODES = (
    "time_precision",
    "inter1",
    "inter2",
    "interaction",
    "iso",
    "geo_precision",
    "fatalities",
    "timestamp",
)
#: The pandas dtypes to read the table back with (``event_date`` goes to ``parse_dates``): a
#: column empty in every row is still text, and a code column with empty cells still whole numbers.
ACLED_DTYPES: dict[str, str] = {
    name: "Int64" if name in _CODES else "Float64" if name in ("latitude", "longitude") else "string"
    for name in ACLED_COLUMNS
    if name != "event_date"
}


@dataclass
class ExportReport:
    files: list[Path] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # per table (geojson: "events", ...)
    skipped: int = 0  # events or incidents without coordinates (geojson)

    def summary(self, out: str | Path) -> str:
        """What was written, for a person: "wrote 6 articles, 32 events, ... (13 files) under out"."""
        counts = ", ".join(f"{n:,} {name}" for name, n in self.rows.items())
        if len(self.files) == 1:
            return f"wrote {counts} to {out}"
        return f"wrote {counts} ({len(self.files)} files) under {out}"


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
