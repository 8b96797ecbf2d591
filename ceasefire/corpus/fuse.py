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
(``ceasefire.store.fused.StoredReports``), so a denial ("no shelling was reported"), a plan or
a cumulative toll never becomes an incident nor widens the figures of one.

Groups are guarded against chains: each member must agree with every other member of its
group (what both know of date, place and actors), so no two reports of an incident lie further
apart than the rules allow. Anchored reports (dated to the day, placed at a division or a
point) are grouped in one sweep over the days; loose ones then join their own article's
story, agreeing with its anchored members and with their article's (`fuse_pending`). A day's
groups depend only on the days up to it, so a new report is fused by sweeping from its day
until the groups open to the next day are those stored: the cost of adding reports depends
on what they touch, not on the store's size (``ceasefire.store.fused.StoredReports`` looks
the days and incidents up by index). The result is that of fusing everything afresh, and
independent of input order; block keys (type × division or grid cell, and the article) keep
each day's comparisons near-linear.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ceasefire.corpus.ids import incident_id
from ceasefire.model import EventReport, FusedEvent, FusionChange, Period, ReportSource, distance_km

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
    def anchored(self) -> bool:
        """Dated to the day and placed at a division or a point: comparable across articles."""
        return self.period is not None and self.period.precision == "day" and self.precise_place

    @property
    def day(self) -> int:
        """The ordinal of the first day (of the day, for an anchored report)."""
        return self.period.start.toordinal() if self.period else 0

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


def _filed(item: _Prepared) -> list[Hashable]:
    """Block keys a group member is filed under: its article, its division, its grid cell."""
    r = item.report
    keys: list[Hashable] = [("article", r.article_id, r.type)]
    if r.admin1 is not None:
        keys.append(("admin1", r.type, r.country, r.admin1))
    if r.lat is not None and r.lon is not None:
        keys.append(("cell", r.type, _cell(r.lat, r.lon)))
    return keys


def _probes(item: _Prepared) -> list[Hashable]:
    """Block keys that hold every member a report can be compatible with (same type, and the
    same article, the same division or a point within the distance)."""
    r = item.report
    keys: list[Hashable] = [("article", r.article_id, r.type)]
    if r.admin1 is not None:
        keys.append(("admin1", r.type, r.country, r.admin1))
    if r.lat is not None and r.lon is not None:
        keys += [("cell", r.type, cell) for cell in _cells_near(r.lat, r.lon)]
    return keys


def _joins(item: _Prepared, group: Sequence[_Prepared], checked: Sequence[_Prepared]) -> bool:
    """Whether a report joins a group: compatible with one of `group`, consistent with every
    one of `checked`."""
    return any(_compatible(item, m) for m in group) and all(_consistent(item, m) for m in checked)


class _DaySweep:
    """One day of the sweep: the groups open to the day's reports, carried ones (every member
    on the day before) first, then the day's own, each in the order it was made."""

    def __init__(self, carried: list[list[_Prepared]]) -> None:
        self.groups: list[list[_Prepared]] = []
        self.blocks: defaultdict[Hashable, list[int]] = defaultdict(list)
        for group in carried:
            self._open(group)
        self.carried = len(carried)

    def _open(self, group: list[_Prepared]) -> None:
        self.groups.append(group)
        for member in group:
            self._file(member, len(self.groups) - 1)

    def _file(self, member: _Prepared, index: int) -> None:
        for key in _filed(member):
            self.blocks[key].append(index)

    def place(self, item: _Prepared) -> None:
        """Into the first open group it joins, else a group of its own."""
        for index in sorted({i for key in _probes(item) for i in self.blocks.get(key, ())}):
            group = self.groups[index]
            if _joins(item, group, group):
                group.append(item)
                self._file(item, index)
                return
        self._open([item])

    def closed(self) -> list[list[_Prepared]]:
        """Groups no later day can join: each holds a member of the day before."""
        return self.groups[: self.carried]

    def opened(self) -> list[list[_Prepared]]:
        """Groups of this day only: open to the next day's reports."""
        return self.groups[self.carried :]


class _Stored:
    """What fusion learns of the stored incidents, read once each."""

    def __init__(self, source: ReportSource) -> None:
        self.source = source
        self.incident_of: dict[str, str] = {}
        self.members: dict[str, list[_Prepared]] = {}

    def learn(self, items: Iterable[_Prepared]) -> None:
        """Look up the incidents of these reports and read their members."""
        unknown = [i.report.event_id for i in items if i.report.event_id not in self.incident_of]
        found = self.source.incidents_of(unknown) if unknown else {}
        self.incident_of.update(found)
        self.read(set(found.values()))

    def read(self, incident_ids: Iterable[str]) -> None:
        missing = [i for i in incident_ids if i not in self.members]
        for incident, reports in (self.source.members(missing) if missing else {}).items():
            self.members[incident] = sorted((_prepare(r) for r in reports), key=lambda p: p.rank)
            self.incident_of.update((r.event_id, incident) for r in reports)

    def holding(self, items: Iterable[_Prepared]) -> set[str]:
        """The stored incidents these reports are in."""
        return {self.incident_of[i.report.event_id] for i in items if i.report.event_id in self.incident_of}

    def open_on(self, day: int, reports: Sequence[_Prepared]) -> dict[frozenset[str], str]:
        """The stored groups open after `day`: incidents whose anchored members up to that day
        all lie on it, as those members' ids, with the incident."""
        found: dict[frozenset[str], str] = {}
        for incident in {
            self.incident_of[r.report.event_id] for r in reports if r.report.event_id in self.incident_of
        }:
            upto = [m for m in self.members[incident] if m.anchored and m.day <= day]
            if upto and all(m.day == day for m in upto):
                found[frozenset(m.report.event_id for m in upto)] = incident
        return found


def _anchored_day(source: ReportSource, stored: _Stored, day: int) -> list[_Prepared]:
    """The day's anchored reports, most specific first; their stored incidents learnt."""
    items = sorted(
        (item for item in map(_prepare, source.on_day(dt.date.fromordinal(day))) if item.anchored),
        key=lambda item: item.rank,
    )
    stored.learn(items)
    return items


def _sweep(
    source: ReportSource, stored: _Stored, pending: Sequence[_Prepared]
) -> tuple[list[list[_Prepared]], set[str]]:
    """The anchored groups again from the first day a pending report changes, day by day,
    until a day ends with the open groups the store holds and no later pending day is next:
    what follows is then as stored. Returns the new groups and the stored incidents they
    replace."""
    days = sorted({item.day for item in pending if item.anchored})
    pending_days = set(days)
    groups: list[list[_Prepared]] = []
    replaced: set[str] = set()
    index = 0
    while index < len(days):
        day = days[index]
        before = _anchored_day(source, stored, day - 1)
        seeds = stored.open_on(day - 1, before)
        replaced.update(seeds.values())
        carried = sorted(
            ([m for m in stored.members[i] if m.anchored and m.day == day - 1] for i in seeds.values()),
            key=lambda group: group[0].rank,
        )
        while True:
            todays = _anchored_day(source, stored, day)
            replaced.update(
                stored.incident_of[i.report.event_id]
                for i in todays
                if i.report.event_id in stored.incident_of
            )
            sweep = _DaySweep(carried)
            for item in todays:
                sweep.place(item)
            groups += sweep.closed()
            carried = sweep.opened()
            if day + 1 not in pending_days:
                stored_open = stored.open_on(day, todays)
                if {frozenset(m.report.event_id for m in g) for g in carried} == set(stored_open):
                    replaced.difference_update(stored_open.values())  # they go on as stored
                    break
            day += 1
        index = bisect.bisect_right(days, day)
    return groups, replaced


@dataclass
class _Incident:
    """A group being made: its anchored members (the sweep's) and its loose ones."""

    anchored: list[_Prepared]
    loose: list[_Prepared] = field(default_factory=list)

    def members(self) -> list[_Prepared]:
        return sorted(self.anchored + self.loose, key=lambda item: item.rank)


def _attach_loose(
    source: ReportSource, stored: _Stored, incidents: list[_Incident], swept: set[str], articles: set[str]
) -> tuple[list[_Incident], set[str]]:
    """Each article's loose reports (no day, or no precise place) into its own story: the first
    group holding one of its reports that a loose report is compatible with and consistent
    with (every anchored member, every member of its article), else a group of its own.

    Done again for every article in `articles`: their loose reports leave the stored
    incidents they were in (those the sweep made again, `swept`, are gone already).
    Returns the groups made or changed, and the stored incidents they replace."""
    by_event = {m.report.event_id: incident for incident in incidents for m in incident.anchored}
    reports = sorted((_prepare(r) for r in source.of_articles(sorted(articles))), key=lambda p: p.rank)
    stored.learn(reports)
    replaced: set[str] = set()
    kept: dict[str, _Incident] = {}  # stored incidents (not swept again) that change

    def stored_incident(held: str) -> _Incident:
        if held not in kept:
            members = stored.members[held]
            kept[held] = _Incident(
                [m for m in members if m.anchored],
                [m for m in members if not m.anchored and m.report.article_id not in articles],
            )
            replaced.add(held)
        return kept[held]

    for item in reports:
        held_in = stored.incident_of.get(item.report.event_id)
        if not item.anchored and held_in is not None and held_in not in swept:
            stored_incident(held_in)
    by_article: defaultdict[str, list[_Prepared]] = defaultdict(list)
    for item in reports:
        by_article[item.report.article_id].append(item)
    made: list[_Incident] = []
    for article, items in sorted(by_article.items()):
        holding: dict[int, _Incident] = {}
        for item in items:
            if item.anchored:
                event = item.report.event_id
                incident = by_event.get(event) or stored_incident(stored.incident_of[event])
                holding.setdefault(id(incident), incident)
        groups = sorted(holding.values(), key=lambda incident: incident.anchored[0].rank)
        own: list[_Incident] = []
        for item in (i for i in items if not i.anchored):
            for incident in groups + own:
                ours = [m for m in incident.anchored + incident.loose if m.report.article_id == article]
                if _joins(item, ours, [*incident.anchored, *ours]):
                    incident.loose.append(item)
                    break
            else:
                own.append(_Incident([], [item]))
        made += own
    return [*kept.values(), *made], replaced


def fuse_pending(source: ReportSource) -> FusionChange:
    """Fuse the pending reports into the stored incidents: only the incidents that change.

    Anchored reports (dated to the day, placed at a division or a point) are fused in one
    sweep over the days, most specific report first within a day: each joins the first
    group open to it, a group is open to a day when every member lies on the day before or
    on that day, and the groups are taken in the order they were made. A day's groups so
    depend only on the days up to it, and a change is swept from its day until the open
    groups are again those stored. Loose reports then join their article's story
    (`_attach_loose`). The result is that of fusing every report afresh, in any order.
    """
    stored = _Stored(source)
    pending = [_prepare(r) for r in source.pending()]
    if not pending:
        return FusionChange(frozenset(), [])
    swept, replaced = _sweep(source, stored, pending)
    incidents = [_Incident(sorted(group, key=lambda item: item.rank)) for group in swept]
    articles = {item.report.article_id for item in pending}
    stored.read(replaced)
    for gone_id in replaced:
        articles.update(m.report.article_id for m in stored.members[gone_id])
    for incident in incidents:
        articles.update(m.report.article_id for m in incident.anchored)
    changed, also_replaced = _attach_loose(source, stored, incidents, replaced, articles)
    # a stored incident of loose reports only is empty once they left it: it is just gone
    fused = [_fused(members) for incident in (*incidents, *changed) if (members := incident.members())]
    gone = replaced | also_replaced
    unchanged = gone & {f.id for f in fused}
    return FusionChange(frozenset(gone - unchanged), [f for f in fused if f.id not in unchanged])


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


class _Held:
    """Reports held in memory, none of them in an incident yet."""

    def __init__(self, reports: Sequence[EventReport]) -> None:
        self.reports = list(reports)
        self.by_day: defaultdict[dt.date, list[EventReport]] = defaultdict(list)
        self.by_article: defaultdict[str, list[EventReport]] = defaultdict(list)
        for report in self.reports:
            period = Period.parse(report.date)
            if period is not None and period.precision == "day":
                self.by_day[period.start].append(report)
            self.by_article[report.article_id].append(report)

    def pending(self) -> list[EventReport]:
        return self.reports

    def on_day(self, day: dt.date) -> list[EventReport]:
        return self.by_day.get(day, [])

    def of_articles(self, article_ids: Collection[str]) -> list[EventReport]:
        return [r for article in article_ids for r in self.by_article.get(article, [])]

    def incidents_of(self, event_ids: Collection[str]) -> dict[str, str]:
        return {}

    def members(self, incident_ids: Collection[str]) -> dict[str, list[EventReport]]:
        return {}


def fuse(reports: Sequence[EventReport]) -> list[FusedEvent]:
    """Fuse reports of the same event; every report lands in exactly one FusedEvent.

    Sorted by date (undated last), then type and id; the same set of reports in any order
    gives the same result.
    """
    fused = fuse_pending(_Held(reports)).added
    return sorted(fused, key=lambda e: (e.date is None, e.date or "", e.type, e.id))
