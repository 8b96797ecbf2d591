"""The record: plain dataclasses that every stage reads and writes.

Stages never hand each other private structures: they pass these records (and the
spaCy ``Doc`` of the cleaned text). Offsets are character offsets into
``Article.text``, the cleaned body. ``None`` means unknown, never a guess.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, get_args

ActorKind = Literal["person", "organization", "country", "group"]
PlaceFeature = Literal["country", "admin1", "city", "other"]
#: How precise a place's point is: a continent's or a region's (a sea, "the Middle East"), a
#: country's or division's representative point, a town's, or a site's inside a town.
PlacePrecision = Literal["continent", "region", "country", "admin1", "admin2", "town", "site"]
QuoteKind = Literal["direct", "indirect", "mixed"]
Precision = Literal["day", "week", "month", "year"]
#: What a text says of an event: it happened (asserted), or not (negated), maybe (hypothetical),
#: yet to come (planned), or long before the news (background: a cumulative or historical toll).
#: Only asserted events are counted as things that happened.
EventStatus = Literal["asserted", "negated", "hypothetical", "planned", "background"]
EVENT_STATUSES: tuple[EventStatus, ...] = get_args(EventStatus)

#: The 16 PLOVER event types, in the manual's order (cooperation to conflict).
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


@dataclass(frozen=True)
class Mention:
    """One occurrence of something in the cleaned text."""

    start: int
    end: int
    text: str


@dataclass
class RawArticle:
    """What a reader yields: text or HTML plus whatever metadata the input carried."""

    origin: str  # file path (and line or row) the article came from, for messages
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None  # ISO date as given by the input, if any
    id: str | None = None  # an id given by the input is kept


@dataclass
class Removal:
    """A piece of the raw text that cleaning dropped, and why."""

    text: str
    reason: str  # boilerplate, link-list, caption, dateline, ...


@dataclass
class CleanText:
    """The output of cleaning: the body that every later stage reads."""

    text: str
    title: str | None
    published: str | None
    language: str
    removed: list[Removal] = field(default_factory=list)
    # (start, end) of each story segment when the article is stitched from several
    segments: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Actor:
    id: str
    name: str  # canonical name
    kind: ActorKind
    country: str | None  # ISO 3166 alpha-3, or UNO/IGO/NGO/... for non-state bodies
    sector: str | None  # PLOVER sector: GOV, MIL, REB, OPP, IGO, ...
    mentions: list[Mention] = field(default_factory=list)
    code: str | None = None  # the dictionary code it matched (e.g. RUSGOV), for audit


@dataclass(frozen=True)
class ActorCode:
    """What a phrase codes to: PLOVER country and sector, plus the dictionary code."""

    name: str
    kind: ActorKind
    country: str | None
    sector: str | None
    code: str | None


#: Codes a short phrase against the actor dictionaries ("a Syrian airfield" -> SYR), or None.
ActorCoder = Callable[[str], ActorCode | None]


@dataclass
class Place:
    id: str
    name: str
    # None: a name the gazetteer lacks ("the village of X"), placed at a nearby known town
    geonames_id: int | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166 alpha-3
    admin1: str | None
    feature: PlaceFeature
    mentions: list[Mention] = field(default_factory=list)
    # The point's precision; None for a name with no point (only its country, or nothing).
    precision: PlacePrecision | None = None
    # Why this entry among the name's homonyms: "only" (one entry), "qualifier" ("X, Texas",
    # "X in Idlib province"), "country" (the article's countries), "nearby" (the places around
    # it), "population" (the largest), or "sentence" (a name the gazetteer lacks, placed at the
    # nearest known place of its sentence), "article" (at the article's country).
    resolved_by: str | None = None
    # GeoNames' population of the entry (0 where it gives none); None for a name it lacks.
    population: int | None = None


@dataclass
class TimeExpression:
    """A time expression resolved against the publication date."""

    start: int
    end: int
    text: str
    value: str | None  # 2017-05-03, 2017-W18, 2017-05 or 2017; None when unresolvable
    precision: Precision | None


@dataclass
class Quote:
    id: str
    text: str
    kind: QuoteKind
    cue: str | None
    start: int
    end: int
    speaker: str | None  # an Actor id
    speaker_mention: Mention | None = None
    # every speaking actor when several speak together ("the two leaders"); speaker is the first
    speakers: list[str] = field(default_factory=list)


@dataclass
class Event:
    id: str
    type: str  # one of PLOVER_TYPES
    mode: str | None
    cameo: str | None
    actor: list[str]  # Actor ids
    recipient: list[str]  # Actor ids
    place: str | None  # a Place id
    date: str | None  # as precise as the text allows
    fatalities: int | None
    injured: int | None
    trigger: str
    start: int  # the sentence that carries the event
    end: int
    confidence: float
    trigger_start: int | None = None
    trigger_end: int | None = None
    # asserted: it happened; negated, hypothetical or planned otherwise; background: a
    # cumulative or historical toll or state ("has killed 100,000 since 2011"), not news
    status: str = "asserted"
    place_from: str | None = None  # "sentence" or "context": where the place was found
    # where the date was found: "sentence", "context" (paragraph or lead) or "published"
    date_source: str | None = None
    # casualty ranges: "dozens" is (24, 99) with fatalities None; "at least 5" is (5, None)
    fatalities_min: int | None = None
    fatalities_max: int | None = None
    injured_min: int | None = None
    injured_max: int | None = None
    # ACLED's event type and sub-event type, spelled as its codebook spells them, for events
    # within ACLED's scope; civilian_targeting: civilians are the target
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    civilian_targeting: bool | None = None


@dataclass
class Article:
    id: str
    url: str | None
    source: str | None
    title: str | None
    published: str | None
    language: str
    text: str
    removed: list[Removal] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # every country the article names
    segments: list[tuple[int, int]] = field(default_factory=list)
    origin: str | None = None  # where it was read from (file, line)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the output contract (see DESIGN.md)."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class EventReport:
    """One article's report of an event, reduced to what fusion across articles compares."""

    event_id: str  # unique in the corpus (an Event id is unique only in its article)
    article_id: str
    type: str  # one of PLOVER_TYPES
    date: str | None  # ISO day, week (2017-W18), month or year
    place: str | None  # the place's name
    lat: float | None
    lon: float | None
    admin1: str | None
    country: str | None  # ISO 3166 alpha-3
    feature: PlaceFeature | None  # a country-level place is too coarse to fuse across articles
    actor_countries: frozenset[str] = frozenset()
    actor_sectors: frozenset[str] = frozenset()
    recipient_countries: frozenset[str] = frozenset()
    fatalities: int | None = None
    injured: int | None = None
    sentence: str = ""


@dataclass
class FusedEvent:
    """One real-world event, fused from every report of it; each source is kept."""

    id: str  # a stable hash of the member event ids
    type: str
    date: str | None
    place: str | None
    lat: float | None
    lon: float | None
    admin1: str | None
    country: str | None
    # range and most-reported figure over the members that give one
    fatalities_min: int | None
    fatalities_max: int | None
    fatalities_mode: int | None
    injured_min: int | None
    injured_max: int | None
    injured_mode: int | None
    actor_countries: list[str]
    actor_sectors: list[str]
    recipient_countries: list[str]
    members: list[str]  # EventReport.event_id of every source
    articles: list[str]
    sentences: list[str]  # the source sentence of each member, in the order of members


class ReportSource(Protocol):
    """The reports incremental fusion reads: a store's (``ceasefire.store``), or reports held in
    memory (`fuse`). Only asserted reports of original articles, as every method's answer."""

    def pending(self) -> list[EventReport]:
        """The reports in no incident: new ones, and those of incidents dissolved because
        one of their articles changed."""
        ...

    def on_day(self, day: dt.date) -> list[EventReport]:
        """Every report dated to this day."""
        ...

    def of_articles(self, article_ids: Collection[str]) -> list[EventReport]:
        """Every report of these articles."""
        ...

    def incidents_of(self, event_ids: Collection[str]) -> dict[str, str]:
        """The stored incident of each of these reports that is in one."""
        ...

    def members(self, incident_ids: Collection[str]) -> dict[str, list[EventReport]]:
        """Every report of each of these stored incidents."""
        ...


@dataclass(frozen=True)
class FusionChange:
    """What a fusion changes: stored incidents that are no more, and incidents to store."""

    removed: frozenset[str]
    added: list[FusedEvent]


@dataclass
class Zone:
    """A declared zone (ceasefire, de-escalation zone) watched over time."""

    id: str
    name: str
    geometry: dict[str, Any]  # GeoJSON Polygon or MultiPolygon, [lon, lat] as GeoJSON has it
    start: str | None  # ISO date the zone takes effect; events before it are not violations
    end: str | None  # ISO date it lapses, when known


@dataclass
class Failure:
    """An input that could not be processed, with a reason a person can act on."""

    origin: str
    reason: str


#: The days a store reports on: a date outside them (9999-12-31, year 1) is a typo or a
#: placeholder, refused as a publication date and held as undated for an event.
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)

_ISO_PERIOD = re.compile(r"(\d{4})(?:-W(\d{2})|-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Period:
    """The days an ISO date stands for, both ends included: a day ("2016-07-05"), an ISO week
    ("2016-W26"), a month ("2016-02") or a year ("2011")."""

    start: dt.date
    end: dt.date
    precision: Precision

    @classmethod
    def parse(cls, text: str | None) -> Period | None:
        """The period an ISO day, week, month or year names; None for no date, another form, or
        one the calendar lacks (2017-02-30, week 54, month 13)."""
        found = _ISO_PERIOD.fullmatch(text) if text else None
        if found is None:
            return None
        year, week, month, day = found.groups()
        try:
            if week:
                monday = dt.date.fromisocalendar(int(year), int(week), 1)
                return cls(monday, monday + dt.timedelta(days=6), "week")
            if day:
                date = dt.date(int(year), int(month), int(day))
                return cls(date, date, "day")
            if month:
                last = calendar.monthrange(int(year), int(month))[1]
                return cls(dt.date(int(year), int(month), 1), dt.date(int(year), int(month), last), "month")
            return cls(dt.date(int(year), 1, 1), dt.date(int(year), 12, 31), "year")
        except ValueError:
            return None

    def in_range(self) -> bool:
        """Within the days a store reports on (EARLIEST_DAY to LATEST_DAY)."""
        return self.start >= EARLIEST_DAY and self.end <= LATEST_DAY

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


#: The mean Earth radius (IUGG), for great-circle distances.
EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
