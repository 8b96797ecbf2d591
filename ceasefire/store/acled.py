"""The ACLED export: one row per incident, with ACLED's columns and their meanings (the README
has a table of how each is filled).

Only incidents within ACLED's scope go in: those one of whose reports has an ACLED event type
(political violence, demonstrations and the strategic developments around them; statements
and visits are outside it). An incident takes its reports' most-reported type, sub-type and
civilian targeting; its actors are its reports', most named first. Inter codes come from the
actors' sectors (``acled_inter``): a state's forces in another state's country are external
forces, and the unarmed of a protest or a riot are its protesters or rioters.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from ceasefire.geo import get_gazetteer
from ceasefire.resources import table
from ceasefire.store import schema
from ceasefire.store.db import reading
from ceasefire.store.files import text_file
from ceasefire.store.formats import ACLED_COLUMNS, ExportReport, write_rows
from ceasefire.store.incidents import every_incident
from ceasefire.store.query import Row

# ACLED's geo_precision: 1 the town or site, 2 a part of a region near a town, 3 a region or coarser
_GEO_PRECISION = {"city": 1, "other": 2, "admin1": 3, "country": 3}
_SEPARATOR = "; "  # how ACLED joins associated actors and sources in one cell

es, ev, a, ea, act = schema.event_sources, schema.events, schema.articles, schema.event_actors, schema.actors


def _time_precision(row: Row) -> int:
    """1 a day, 2 a week (or days within one), 3 a month or coarser, or no date of its own."""
    if row["date_precision"] not in ("day", "week"):
        return 3
    days = (dt.date.fromisoformat(row["date_to"]) - dt.date.fromisoformat(row["date_from"])).days
    return 1 if days == 0 else 2 if days < 7 else 3


def inter_code(sector: str | None, country: str | None, where: str | None, event_type: str) -> int | None:
    """The ACLED inter code of an actor of this sector and country in an event of this type in
    the country `where`; None when its sector says nothing."""
    codes = table("acled_inter")
    code = codes.get(sector or "")
    if code == "1" and country and where and country != where:
        return 8  # a foreign state's forces
    if code == "7" and event_type in codes:
        return int(codes[event_type])  # the crowd of a protest or a riot
    return int(code) if code else None


def _unknown_side(n: int, event_type: str, civilians: bool) -> int | None:
    """The code of a side whose sector is unknown, when the event says it: the first side of a
    protest or a riot is its crowd, the second of an attack on civilians the civilians."""
    codes = table("acled_inter")
    if n == 1 and event_type in codes:
        return int(codes[event_type])
    if n == 2 and civilians:
        return int(codes["CVL"])
    return None


def interaction(side1: tuple[bool, int | None], side2: tuple[bool, int | None]) -> int | None:
    """ACLED's interaction: the two inter codes, the lower first, 0 for a side nobody names;
    None when a named side has no code. Each side is (named, code)."""
    codes = [code if named else 0 for named, code in (side1, side2)]
    if None in codes or codes == [0, 0]:
        return None
    low, high = sorted(c for c in codes if c is not None)
    return int(f"{high}{low}") if low == 0 else int(f"{low}{high}")


def _most_reported(values: list[Any]) -> Any:
    """The value most reports give; a tie goes to the first report (by publication)."""
    return Counter(values).most_common(1)[0][0] if values else None


def _sides(incident_id: str, links: list[Row]) -> dict[tuple[str, str, str], tuple[str | None, str | None]]:
    """(incident, role, actor name) -> the sector and country of the first actor of that name
    (links by report, role and position; an actor without a row has neither)."""
    sides: dict[tuple[str, str, str], tuple[str | None, str | None]] = {}
    for link in links:
        if link["actor"] is not None:
            sides.setdefault((incident_id, link["role"], link["actor"]), (link["sector"], link["country"]))
    return sides


def acled_row(
    incident: Row, members: list[Row], sides: dict[tuple[str, str, str], tuple[str | None, str | None]]
) -> Row | None:
    """An incident as ACLED codes it; None when none of its reports has an ACLED type."""
    typed = [m for m in members if m["acled_event_type"]]
    event_type = _most_reported([m["acled_event_type"] for m in typed])
    if event_type is None:
        return None
    of_type = [m for m in typed if m["acled_event_type"] == event_type]
    sub_type = _most_reported([m["acled_sub_event_type"] for m in of_type])
    civilians = _most_reported(
        [bool(m["civilian_targeting"]) for m in of_type if m["acled_sub_event_type"] == sub_type]
    )
    where = incident["country"]
    row: Row = {"event_id_cnty": f"{where or 'XXX'}{incident['id']}", "event_date": incident["date_from"]}
    row["time_precision"] = _time_precision(incident)
    row["event_type"], row["sub_event_type"] = event_type, sub_type
    named: list[tuple[bool, int | None]] = []
    for n, (role, key) in enumerate((("actor", "actors"), ("recipient", "recipients")), start=1):
        names: list[str] = incident[key]
        sector, country = sides.get((incident["id"], role, names[0]), (None, None)) if names else (None, None)
        code = inter_code(sector, country, where, event_type)
        if code is None:
            code = _unknown_side(n, event_type, civilians)
        named.append((bool(names) or code is not None, code))
        row[f"actor{n}"] = names[0] if names else None
        row[f"assoc_actor_{n}"] = _SEPARATOR.join(names[1:]) or None
        row[f"inter{n}"] = code
    row["interaction"] = interaction(named[0], named[1])
    row["civilian_targeting"] = "Civilian targeting" if civilians else None
    numeric = table("iso_numeric").get(where or "")
    found = get_gazetteer().country(where) if where else None
    row["iso"] = int(numeric) if numeric else None
    row["country"] = found.name if found else where
    row["admin1"], row["admin2"] = incident["admin1"], None
    row["location"] = incident["place"]
    row["latitude"], row["longitude"] = incident["lat"], incident["lon"]
    row["geo_precision"] = _GEO_PRECISION.get(incident["place_precision"] or "", 3 if where else None)
    row["source"] = _SEPARATOR.join(dict.fromkeys(m["source"] for m in members if m["source"])) or None
    row["source_scale"] = None  # how far a source reaches is not known to the store
    row["notes"] = incident["sentence"]
    row["fatalities"] = incident["fatalities_mode"] or 0
    latest = max(dt.datetime.fromisoformat(m["ingested_at"]) for m in members)
    row["timestamp"] = int(latest.timestamp())
    return row


def acled_rows(conn: Connection) -> Iterator[Row]:
    """Every incident within ACLED's scope, as ACLED codes it, latest first."""
    for incident, reports, links in every_incident(conn):
        found = acled_row(incident, reports, _sides(incident["id"], links))
        if found is not None:
            yield found


def export(engine: Engine, out: Path) -> ExportReport:
    """Write the ACLED table as one CSV file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with reading(engine) as conn, text_file(out) as stream:
        written, _ = write_rows(acled_rows(conn), "csv", stream, list(ACLED_COLUMNS))
    return ExportReport(files=[out], rows={"incidents": written})
