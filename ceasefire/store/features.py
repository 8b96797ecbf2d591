"""GeoJSON exports of the incidents (Point features, those with coordinates) and of the
declared zones (their Polygon or MultiPolygon, with id, name and dates)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, select

from ceasefire.store import schema
from ceasefire.store.db import reading
from ceasefire.store.files import text_file
from ceasefire.store.formats import ExportReport, write_rows
from ceasefire.store.incidents import PAGE, pages


def export_incidents(engine: Engine, out: Path) -> ExportReport:
    """Every incident with coordinates as a Point; the count of those without is `skipped`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with reading(engine) as conn, text_file(out) as stream:
        rows = (row for page in pages(conn, PAGE) for row in page)
        written, skipped = write_rows(rows, "geojson", stream)
    return ExportReport(files=[out], rows={"incidents": written}, skipped=skipped)


def export_zones(engine: Engine, out: Path) -> ExportReport:
    """Every declared zone as a feature of its own geometry."""
    out.parent.mkdir(parents=True, exist_ok=True)
    zones = schema.zones
    with reading(engine) as conn:
        found = conn.execute(select(zones).order_by(zones.c.id)).mappings().all()
    features = [
        {
            "type": "Feature",
            "geometry": zone["geometry"],
            "properties": {k: zone[k] for k in ("id", "name", "start", "end")},
        }
        for zone in found
    ]
    collection = {"type": "FeatureCollection", "features": features}
    with text_file(out) as stream:
        stream.write(json.dumps(collection, ensure_ascii=False) + "\n")
    return ExportReport(files=[out], rows={"zones": len(features)})
