"""GeoJSON exports of the events and the incidents (Point features, those with coordinates)
and of the declared zones (their Polygon or MultiPolygon, with id, name and dates)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, func, select

from ceasefire.store import query, schema
from ceasefire.store.db import reading
from ceasefire.store.files import text_file
from ceasefire.store.formats import ExportReport, write_rows
from ceasefire.store.incidents import PAGE, every_incident


def export_events(engine: Engine, out: Path) -> ExportReport:
    """Every event with coordinates as a Point, whatever its status (data, not a count: the
    `status` property says which are asserted); the count of those without is `skipped`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with reading(engine) as conn, text_file(out) as stream:
        stream.write('{"type": "FeatureCollection", "features": [')
        found = conn.execution_options(yield_per=PAGE).execute(query.event_features(conn))
        for part in found.scalars().partitions():
            stream.write(("," if written else "") + "\n" + ",\n".join(part))
            written += len(part)
        stream.write("\n]}\n")
        every = int(conn.scalar(select(func.count()).select_from(schema.events)) or 0)
    return ExportReport(files=[out], rows={"events": written}, skipped=every - written)


def export_incidents(engine: Engine, out: Path) -> ExportReport:
    """Every incident with coordinates as a Point; the count of those without is `skipped`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with reading(engine) as conn, text_file(out) as stream:
        rows = (incident for incident, _, _ in every_incident(conn))
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
