"""Durations as a person types them: "15m", "30s", "1h", "500ms", "1.5h"; a bare number is seconds."""

from __future__ import annotations

import re

_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_DURATION = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|h|d)?")


def parse_duration(text: str, *, allow_zero: bool = False) -> float:
    """Seconds; ValueError naming the text when it is no duration (or zero, unless allowed)."""
    found = _DURATION.fullmatch(text.strip().lower())
    if found is None:
        raise ValueError(f"not a duration: {text!r} (write e.g. 90, 30s, 15m, 1h, 500ms)")
    seconds = float(found.group(1)) * _UNITS[found.group(2) or "s"]
    if seconds == 0 and not allow_zero:
        raise ValueError(f"not a duration: {text!r} is zero")
    return seconds
