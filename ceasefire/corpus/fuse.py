"""One event from many reports: fuse the reports of the same real-world event.

Two reports are compatible when they have the same PLOVER type and
- dates: two days at most one day apart; a coarser date (week, month, year) only when it
  contains the other ("2017-05" holds "2017-05-03", not "2017-06-01").
- places: two points at most 25 km apart, or the same first-level division when one report is
  known only to that division; a country-level place never joins a precise one.
- actors: no contradiction. Two non-empty, disjoint country sets contradict; an empty set is
  compatible with anything. Extractors swap actor and recipient (passives, "clashes between"),
  so the roles may also match crosswise. Sectors are too noisy to veto a fusion.
Across articles both must be known, the date to the day and the place to a division or a
point: "in Syria" or "in May" cannot tell two attacks apart. Within one article the story ties
its mentions together: a coarser date counts when it contains the other, and one of date and
place may be missing, but not both: "Yesterday's bomb
attack" joins "a car bomb on Wednesday in Azaz", while an undated, unplaced "attack" is
background and stays alone.

Every report is of something that happened: the store hands fusion only asserted events
(``ceasefire.store.fused.event_reports``), so a denial ("no shelling was reported"), a plan or
a cumulative toll never becomes an incident nor widens the figures of one.

Fusion is transitive (union-find) but guarded against chains: each member must agree with
every other member of its group (what both know of date, place and actors), and its anchor is
the most specific report (day date first, then a precise place). The
result is independent of input order. Candidate pairs come from blocks (type × day ×
division or grid cell), so the cost is near-linear.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ceasefire.corpus.ids import incident_id
from ceasefire.model import EventReport, FusedEvent, Period, distance_km

MAX_DISTANCE_KM = 25.0
MAX_DAYS_APART = 1
# Grid cells for the distance rule: 0.25° of latitude is 27.8 km, more than the radius, so
# a neighbourhood of one cell north and south holds every point within 25 km.
_CELL_DEG = 0.25
_KM_PER_DEG = 111.32

T = TypeVar("T")
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _dates_compatible(a: Period, b: Period) -> bool:
    """Two days at most MAX_DAYS_APART apart, or one period holding the other."""
    if a.precision == b.precision == "day":
        return abs((a.start - b.start).days) <= MAX_DAYS_APART
    return a.contains(b) or b.contains(a)


@dataclass(frozen=True)
class _Prepared:
    """A report with what every comparison needs, computed once."""

    report: EventReport
    period: Period | None
    precise_place: bool  # a division or a point: comparable across articles

    @property
    def rank(self) -> tuple[int, int, int, str, str]:
        """Sort key: the most specific report first, then ids (input order never matters)."""
        r = self.report
        date_rank = _PRECISION_RANK[self.period.precision] if self.period else len(_PRECISION_RANK)
        place_rank = (
            0
            if self.precise_place and r.lat is not None
            else (1 if self.precise_place else (2 if r.country else 3))
        )
        return (
            date_rank,
            place_rank,
            -len(r.actor_countries | r.recipient_countries),
            r.event_id,
            r.article_id,
        )


def _prepare(report: EventReport) -> _Prepared:
    precise = report.feature != "country" and (
        report.admin1 is not None or (report.lat is not None and report.lon is not None)
    )
    return _Prepared(report, Period.parse(report.date), precise)


def _agree(ours: frozenset[str], theirs: frozenset[str]) -> bool:
    return not (ours and theirs and ours.isdisjoint(theirs))


def _actors_compatible(a: EventReport, b: EventReport) -> bool:
    straight = _agree(a.actor_countries, b.actor_countries) and _agree(
        a.recipient_countries, b.recipient_countries
    )
    # Swapped roles count only when the swap matches someone, else any two one-sided
    # reports ("Russia struck", "the US struck") would pass crosswise.
    crosswise = (
        bool(a.actor_countries & b.recipient_countries or a.recipient_countries & b.actor_countries)
        and _agree(a.actor_countries, b.recipient_countries)
        and _agree(a.recipient_countries, b.actor_countries)
    )
    return straight or crosswise


def _places_compatible(a: _Prepared, b: _Prepared) -> bool:
    """Both places precise and agreeing at the precision both have: two points within the
    distance, or one division holding a report known only to that division."""
    ra, rb = a.report, b.report
    if not (a.precise_place and b.precise_place):
        return False
    pa, pb = _point(ra), _point(rb)
    if pa is not None and pb is not None:
        return distance_km(*pa, *pb) <= MAX_DISTANCE_KM
    return ra.admin1 is not None and ra.admin1 == rb.admin1 and ra.country == rb.country


def _point(report: EventReport) -> tuple[float, float] | None:
    """The report's point when it is finer than a first-level division."""
    if report.feature == "admin1" or report.lat is None or report.lon is None:
        return None
    return report.lat, report.lon


def _compatible(a: _Prepared, b: _Prepared) -> bool:
    """Whether two reports can be one event (the rules in the module's docstring)."""
    if not _consistent(a, b):
        return False
    same_article = a.report.article_id == b.report.article_id
    if a.period is None or b.period is None:
        # Undated: only inside one article, and tied by the place.
        return same_article and _places_compatible(a, b)
    if not same_article:
        return a.period.precision == b.period.precision == "day" and _places_compatible(a, b)
    # One article, dated alike: the story ties a report with a missing place to the other.
    return True


def _consistent(a: _Prepared, b: _Prepared) -> bool:
    """Whether two reports of one group contradict nowhere: what both know agrees. Weaker
    than `_compatible`, which also needs evidence tying them (an undated report and an
    unplaced one of an article agree, though neither ties the other)."""
    ra, rb = a.report, b.report
    if ra.type != rb.type or not _actors_compatible(ra, rb):
        return False
    if a.period is not None and b.period is not None and not _dates_compatible(a.period, b.period):
        return False
    if a.precise_place and b.precise_place:
        return _places_compatible(a, b)
    # A country-level place is a place, and too coarse to be the same as a precise one.
    if (ra.feature == "country" and b.precise_place) or (rb.feature == "country" and a.precise_place):
        return False
    return not (ra.country and rb.country and ra.country != rb.country)


def _cells_near(lat: float, lon: float) -> Iterator[tuple[int, int]]:
    """Grid cells that may hold a point within MAX_DISTANCE_KM of (lat, lon)."""
    row, col = _cell(lat, lon)
    # Longitude degrees shrink towards the poles: widen the search there (capped at a full
    # turn of the globe).
    shrink = max(math.cos(math.radians(min(abs(lat) + _CELL_DEG, 90.0))), 1e-3)
    reach = min(math.ceil(MAX_DISTANCE_KM / (_KM_PER_DEG * shrink * _CELL_DEG)), int(360 / _CELL_DEG))
    for d_row in (-1, 0, 1):
        for d_col in range(-reach, reach + 1):
            yield row + d_row, col + d_col


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG)


def _keys(item: _Prepared) -> tuple[list[Hashable], list[Hashable]]:
    """Block keys a report is filed under, and the keys it looks up, across articles."""
    r, period = item.report, item.period
    if period is None or period.precision != "day" or not item.precise_place:
        return [], []
    ordinal = period.start.toordinal()
    days = range(ordinal - MAX_DAYS_APART, ordinal + MAX_DAYS_APART + 1)
    filed: list[Hashable] = []
    probes: list[Hashable] = []
    if r.admin1 is not None:
        filed.append(("admin1", r.type, ordinal, r.country, r.admin1))
        probes += [("admin1", r.type, day, r.country, r.admin1) for day in days]
    if r.lat is not None and r.lon is not None:
        filed.append(("cell", r.type, ordinal, _cell(r.lat, r.lon)))
        probes += [("cell", r.type, day, cell) for day in days for cell in _cells_near(r.lat, r.lon)]
    return filed, probes


def _candidate_pairs(items: Sequence[_Prepared]) -> list[tuple[int, int]]:
    """Index pairs worth comparing: same type in one article, or sharing a block."""
    pairs: set[tuple[int, int]] = set()
    by_article: dict[tuple[str, str], list[int]] = defaultdict(list)
    blocks: dict[Hashable, list[int]] = defaultdict(list)
    probes: list[tuple[int, list[Hashable]]] = []
    for index, item in enumerate(items):
        by_article[item.report.article_id, item.report.type].append(index)
        filed, looked_up = _keys(item)
        for key in filed:
            blocks[key].append(index)
        probes.append((index, looked_up))
    for members in by_article.values():
        pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1 :])
    for index, looked_up in probes:
        for key in looked_up:
            pairs.update(
                (min(index, other), max(index, other)) for other in blocks.get(key, ()) if other != index
            )
    return sorted(pairs)


def _groups(items: Sequence[_Prepared]) -> list[list[int]]:
    """Union-find over compatible pairs; a group's root is its anchor, its first member."""
    parent = list(range(len(items)))
    members = {index: [index] for index in range(len(items))}

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for a, b in _candidate_pairs(items):
        ra, rb = root(a), root(b)
        if ra == rb or not _compatible(items[a], items[b]):
            continue
        anchor, absorbed = min(ra, rb), max(ra, rb)
        # No chains: every member joining must agree with every member already there (not
        # just its neighbour), so no two reports of an incident lie further apart than the
        # rules allow.
        if all(_consistent(items[m], items[n]) for m in members[absorbed] for n in members[anchor]):
            parent[absorbed] = anchor
            members[anchor] += members.pop(absorbed)
    return [sorted(group) for group in members.values()]


def _most_reported(values: Iterable[T]) -> T | None:
    """The most frequent value; on a tie the first in the order given."""
    counts = Counter(values)
    return max(counts, key=lambda value: counts[value]) if counts else None


def _figures(values: list[int]) -> tuple[int | None, int | None, int | None]:
    """Range and most-reported figure; a tie goes to the lower, conservative figure."""
    if not values:
        return None, None, None
    return min(values), max(values), _most_reported(sorted(values))


def _fused(group: list[_Prepared]) -> FusedEvent:
    reports = [item.report for item in group]
    best_precision = min(
        (item.period.precision for item in group if item.period),
        key=_PRECISION_RANK.__getitem__,
        default=None,
    )
    dates = sorted(
        item.report.date
        for item in group
        if item.period and item.period.precision == best_precision and item.report.date
    )
    # Reports come most specific first, so a tie goes to the most precise place.
    where = _most_reported(
        (r.place, r.lat, r.lon, r.admin1, r.country)
        for r in reports
        if r.place is not None or r.lat is not None
    )
    place, lat, lon, admin1, country = where or (None, None, None, None, None)
    by_id = sorted(reports, key=lambda r: (r.event_id, r.article_id))
    fatalities = _figures([r.fatalities for r in reports if r.fatalities is not None])
    injured = _figures([r.injured for r in reports if r.injured is not None])
    members = [r.event_id for r in by_id]
    return FusedEvent(
        id=incident_id(members),
        type=reports[0].type,
        date=_most_reported(dates),
        place=place,
        lat=lat,
        lon=lon,
        admin1=admin1,
        country=country or next((r.country for r in reports if r.country), None),
        fatalities_min=fatalities[0],
        fatalities_max=fatalities[1],
        fatalities_mode=fatalities[2],
        injured_min=injured[0],
        injured_max=injured[1],
        injured_mode=injured[2],
        actor_countries=sorted(set().union(*(r.actor_countries for r in reports))),
        actor_sectors=sorted(set().union(*(r.actor_sectors for r in reports))),
        recipient_countries=sorted(set().union(*(r.recipient_countries for r in reports))),
        members=members,
        articles=sorted({r.article_id for r in reports}),
        sentences=[r.sentence for r in by_id],
    )


def fuse(reports: Sequence[EventReport]) -> list[FusedEvent]:
    """Fuse reports of the same event; every report lands in exactly one FusedEvent.

    Sorted by date (undated last), then type and id; the same set of reports in any order
    gives the same result.
    """
    items = sorted((_prepare(report) for report in reports), key=lambda item: item.rank)
    fused = [_fused([items[m] for m in group]) for group in _groups(items)]
    return sorted(fused, key=lambda e: (e.date is None, e.date or "", e.type, e.id))
