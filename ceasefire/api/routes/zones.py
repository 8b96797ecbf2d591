"""Zones: their outlines, and the report of one zone over time."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ceasefire.api.limits import DEFAULT_LIMIT, MAX_PAGE_BYTES, MAX_PERIODS
from ceasefire.api.params import Limit, Offset, Since, Until, bad, iso_day
from ceasefire.api.schemas import GeoJSONResponse, ZoneCollection, ZoneReport
from ceasefire.api.state import StoreDep
from ceasefire.store import Store
from ceasefire.zones import zone_report

router = APIRouter(prefix="/api/zones", tags=["zones"])
#: The last day a report may cover: its last week must end by the calendar's last day.
LAST_REPORTED = (dt.date.max - dt.timedelta(days=7)).isoformat()


@router.get("", response_model=ZoneCollection, response_class=GeoJSONResponse)
def zones(store: StoreDep) -> GeoJSONResponse:
    """Every zone as a GeoJSON feature (properties id, name, start, end)."""
    features = [
        {
            "type": "Feature",
            "id": zone.id,
            "geometry": zone.geometry,
            "properties": {"id": zone.id, "name": zone.name, "start": zone.start, "end": zone.end},
        }
        for zone in store.zones()
    ]
    return GeoJSONResponse({"type": "FeatureCollection", "features": features})


@router.get("/{zone_id}/report", response_model=ZoneReport)
def report(
    store: StoreDep,
    zone_id: str,
    by: Literal["week", "day"] = "week",
    since: Since = None,
    until: Until = None,
    violations_limit: Limit = DEFAULT_LIMIT,
    violations_offset: Offset = 0,
) -> JSONResponse:
    """Events, fatalities and violations per period inside the zone (at most MAX_PERIODS
    periods: ask for a shorter span, or by week). One page of the violations is listed, in
    period order (`violations_limit`, `violations_offset`), up to MAX_PAGE_BYTES (`truncated`
    when some were left out), each period counting them all (`violations_total`)."""
    if not store.zones([zone_id]):
        raise HTTPException(404, f"no zone {zone_id!r}")
    first, last = iso_day(since, "since"), iso_day(until, "until")
    if first and last and first > last:
        raise bad("since", f"{first} is after until {last}")
    if last and last > LAST_REPORTED:
        raise bad("until", f"{last} is too late: a report's periods end by {LAST_REPORTED}")
    periods = _periods(store, zone_id, first, last, by)
    if periods > MAX_PERIODS:
        raise bad("since", f"the report would have {periods} periods (at most {MAX_PERIODS}): shorten it")
    entries = zone_report(
        store,
        zone_id,
        by=by,
        since=first,
        until=last,
        violation_bytes=MAX_PAGE_BYTES,
        violations_limit=violations_limit,
        violations_offset=violations_offset,
    )
    return JSONResponse(entries[0])


def _periods(store: Store, zone_id: str, since: str | None, until: str | None, by: str) -> int:
    """How many periods the report would have: from `since` to `until`, or, for a bound not
    given, to the zone's first or last event (days that are no date are the report's to skip)."""
    ends = {dt.date.fromisoformat(d) for d in (since, until) if d}
    if not (since and until):
        for day in store.zone_sighting_days(zone_id, ("day", "week"), since, until):
            if day:  # an undated sighting lies in no period
                with contextlib.suppress(ValueError):
                    ends.add(dt.date.fromisoformat(day))
    if not ends:
        return 0
    days = (max(ends) - min(ends)).days
    # Both end periods count whole, and a span of under a week may touch two weeks.
    return days + 1 if by == "day" else days // 7 + 2
