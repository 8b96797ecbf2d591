"""Publication dates as inputs give them, checked: an ISO day (or timestamp), or a date
`ceasefire.timex.parse_date` reads, within the calendar the store can report on."""

from __future__ import annotations

import datetime as dt
import re

from ceasefire.model import EARLIEST_DAY, LATEST_DAY
from ceasefire.read.decode import InputError
from ceasefire.timex import parse_date

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")


def published_day(value: str) -> str:
    """The ISO day of a publication date; InputError when it is no date or out of range."""
    text = value.strip()
    day: dt.date | None = None
    if _ISO_DAY.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            day = None
    else:
        day = parse_date(text)
    if day is None:
        raise InputError(f"'published' is not a date: {value[:40]!r}")
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InputError(f"'published' is out of range ({EARLIEST_DAY} to {LATEST_DAY}): {day}")
    return day.isoformat()
