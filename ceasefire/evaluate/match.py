"""The one place that matches predictions to gold, for `ceasefire eval`, the tests and the gold
converters: alternatives, folded names, spans, distances, PLOVER type names, actor countries.

Gold offsets point into the gold text, but the pipeline scores its own cleaned text (cleaning
joins lines and drops junk), so gold spans are found again in the cleaned text by their words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ceasefire.model import distance_km
from ceasefire.resources import table, words
from ceasefire.text import name_key

#: Two places this close count as the same place (the seed gold's tolerance).
DEFAULT_KM = 50.0

Span = tuple[int, int]


def options(value: object) -> set[str]:
    """Gold's "A|B" alternatives as a set; None or "" gives no alternative."""
    if value is None or value == "":
        return set()
    return {part.strip() for part in str(value).split("|")}


def same_name(gold: str, found: str) -> bool:
    """Names equal once folded (case, diacritics, punctuation, a leading "the"), or one holding the
    other when the shorter has at least 4 letters ("Bosnia" and "Bosnia and Herzegovina")."""
    want, got = name_key(gold), name_key(found).removeprefix("the ")
    if not want or not got:
        return False
    shorter = min(want, got, key=len)
    return want == got or (len(shorter) >= 4 and (want in got or got in want))


def any_name(gold: str, found: str | None) -> bool:
    """`found` matches one of gold's "A|B" names."""
    return found is not None and any(same_name(name, found) for name in options(gold))


def same_person(gold: str, found: str) -> bool:
    """A found speaker is gold's person: gold's surname (last word) within the found name, or
    the same name once folded ("President Putin" for "Vladimir Putin")."""
    want, got = name_key(gold), name_key(found)
    return bool(want) and (want.split()[-1] in got or got == want)


def plover_type(gold_type: str) -> str:
    """The current PLOVER name of a gold event type: older gold uses PLOVER 0.5 names
    ("DEMAND" is now "REQUEST"), mapped as the PLOVER gold's README says."""
    return table("plover_old_names").get(gold_type, gold_type)


def nonstate_codes() -> frozenset[str]:
    """PLOVER's non-state "country" codes (UNO, IGO, NGO, ...), which count as one group."""
    return words("nonstate_codes")


def country_found(gold_code: str, found: set[str | None]) -> bool:
    """Gold's actor country is among the found actors' countries; any non-state code stands
    for any other (gold's "IGO" is met by a found "UNO")."""
    nonstate = nonstate_codes()
    return gold_code in found or (gold_code in nonstate and bool(found & nonstate))


def overlaps(a: Span, b: Span) -> bool:
    """Two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def locate(text: str, needle: str, near: int = 0) -> Span | None:
    """Where `needle` occurs in `text`, any run of whitespace matching any other; of several
    occurrences the one nearest `near` (the gold offset)."""
    words = needle.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    found = [(m.start(), m.end()) for m in pattern.finditer(text)]
    return min(found, key=lambda span: abs(span[0] - near), default=None)


def gold_span(
    record: dict[str, object], gold_text: str, text: str, field: str | None = "text"
) -> Span | None:
    """The span in the cleaned `text` of a gold item given by `start`/`end` into the gold text
    or else by a string (`field`) that the text contains."""
    start, end = record.get("start"), record.get("end")
    if isinstance(start, int) and isinstance(end, int):
        return locate(text, gold_text[start:end], start)
    needle = record.get(field) if field else None
    return locate(text, needle) if isinstance(needle, str) else None


def sentence_at(text: str, span: Span) -> str:
    """The sentence (or line) around a span, for showing a miss to a person."""
    dot = text.rfind(". ", 0, span[0])
    start = max(dot + 2 if dot >= 0 else 0, text.rfind("\n", 0, span[0]) + 1)
    stops = [i for i in (text.find(". ", span[1]), text.find("\n", span[1])) if i >= 0]
    end = min(stops) + 1 if stops else len(text)
    return " ".join(text[start:end].split())


def near_enough(
    lat: float, lon: float, found_lat: float | None, found_lon: float | None, km: float = DEFAULT_KM
) -> bool:
    """The found point is within `km` of gold's; no point is never near."""
    return (
        found_lat is not None and found_lon is not None and distance_km(lat, lon, found_lat, found_lon) <= km
    )


def align(
    gold: int, found: int, located: Callable[[int, int], bool], goodness: Callable[[int, int], int]
) -> list[int | None]:
    """Pair each gold item (in order) with at most one found item that it is located at, the one
    that gets most right; a found item serves one gold item only."""
    taken: set[int] = set()
    pairs: list[int | None] = []
    for g in range(gold):
        candidates = [f for f in range(found) if f not in taken and located(g, f)]
        best = max(candidates, key=lambda f: goodness(g, f), default=None)
        if best is not None:
            taken.add(best)
        pairs.append(best)
    return pairs


def clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
