"""What the API takes and gives: one model per request body and per response.

The models are the contract that /api/openapi.json publishes and the dashboard reads.
Responses built from store rows (listings, one event, one article, a zone report, GeoJSON)
go out as the rows are, in a JSONResponse: they are plain JSON already, and passing them
through a model again would cost time on every listing. tests/test_api.py checks every
route's JSON against its published schema, field by field, so the two cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ceasefire.model import ActorKind, Article, EventStatus, QuoteKind

Item = TypeVar("Item")
#: A GeoJSON position: [longitude, latitude], as GeoJSON orders them.
Position = list[float]
#: What storing a posted article did.
StoreResult = Literal["inserted", "replaced", "unchanged", "duplicate"]


class GeoJSONResponse(JSONResponse):
    media_type = "application/geo+json"


# ---------------------------------------------------------------- requests


class ArticleIn(BaseModel):
    """A posted article: its text, its HTML page or its headline alone, and what is known about it.
    Beyond the types here, it is checked as the readers check a record (``ceasefire.read.record_article``:
    a body, lengths, markup, dates), so the API takes what `ceasefire ingest` takes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str | None = Field(None, max_length=1000)
    text: str | None = None
    html: str | None = None
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)
    published: str | None = Field(None, description="YYYY-MM-DD, from 1900-01-01 to 2100-12-31")
    id: str | None = Field(None, min_length=1, max_length=200)


# ---------------------------------------------------------------- meta


class Health(BaseModel):
    status: Literal["ok"]
    articles: int = Field(
        description="About how many articles the store holds, read without counting them: on SQLite "
        "the highest article key (replaced articles leave gaps), on PostgreSQL the planner's estimate."
    )


class Stored(BaseModel):
    """What became of a posted article."""

    id: str
    result: StoreResult
    events: int
    quotes: int


class Page(BaseModel, Generic[Item]):
    """One page of a listing."""

    items: list[Item]
    limit: int
    offset: int
    next: str | None = Field(description="This request's path and query for the next page; null on the last.")


class CountedPage(Page[Item], Generic[Item]):
    """One page of a listing that also says how many rows it has in all."""

    total: int = Field(
        description="How many rows the filters give, in all (at least this many when total_exact is false).",
    )
    total_exact: bool = Field(
        True, description="False when counting stopped at `total` (the deepest page's end): there are more."
    )


# ---------------------------------------------------------------- events


class EventFields(BaseModel):
    """An event as listed, less its coordinates: the properties of its map feature."""

    id: str
    article_id: str
    type: str = Field(description="A PLOVER type (GET /api/types).")
    mode: str | None
    cameo: str | None
    date: str | None = Field(
        description="As precise as the text allows: 2017-05-03, 2017-W18, 2017-05, 2017."
    )
    date_precision: Literal["day", "week", "month", "year"] | None
    place: str | None
    country: str | None = Field(description="ISO 3166 alpha-3.")
    fatalities: int | None
    injured: int | None
    trigger: str
    status: EventStatus = Field(
        description="asserted: it happened. negated, hypothetical, planned, or background (a cumulative "
        "or historical toll or state): reported, not counted."
    )
    confidence: float
    acled_event_type: str | None = Field(description="ACLED's event type, as its codebook spells it.")
    acled_sub_event_type: str | None = Field(description="ACLED's sub-event type.")
    civilian_targeting: bool | None = Field(description="Whether civilians were the target.")
    sentence: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    distance_km: float | None = Field(None, description="Only with `near`: the distance from its point.")
    actors: list[str] = Field(description="The actors' names.")
    recipients: list[str] = Field(description="The recipients' names.")
    zones: list[str] = Field(description="The ids of the zones it lies in.")


class EventRow(EventFields):
    lat: float | None
    lon: float | None


class EventSource(BaseModel):
    """One article's report of an event."""

    article_id: str
    title: str | None
    url: str | None
    published: str | None
    source: str | None
    sentence: str
    start: int = Field(description="The sentence's offsets in the article's text.")
    end: int
    event_id: str


class EventDetail(BaseModel):
    event: EventRow
    sources: list[EventSource] = Field(description="Every report of the same real-world event.")
    incident_id: str | None = Field(
        description="The incident it reports (GET /api/incidents/{id}); null when in none: not "
        "asserted, or of a near-duplicate article."
    )


class Point(BaseModel):
    type: Literal["Point"]
    coordinates: Position


class EventFeature(BaseModel):
    type: Literal["Feature"]
    geometry: Point
    properties: EventFields


class EventCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[EventFeature]
    next: str | None = Field(description="The rest of the features, when some were left out.")


# ---------------------------------------------------------------- incidents


class IncidentFields(BaseModel):
    """An incident as listed, less its coordinates: the properties of its map feature. One
    real-world event, fused from every asserted report of it."""

    id: str
    type: str = Field(description="A PLOVER type (GET /api/types).")
    date: str | None = Field(description="The most-reported date, at the best precision of its reports.")
    date_precision: Literal["day", "week", "month", "year"] | None
    date_from: str = Field(description="The first day its best-dated reports give (else publication).")
    date_to: str = Field(description="The last day its best-dated reports give.")
    place: str | None = Field(description="The most-reported place.")
    place_precision: Literal["country", "admin1", "city", "other"] | None = Field(
        description="What the place is: a country, a first-level division, a town or city, or other."
    )
    admin1: str | None
    country: str | None = Field(description="ISO 3166 alpha-3.")
    fatalities_min: int | None = Field(description="The lowest toll a report gives.")
    fatalities_max: int | None = Field(description="The highest toll a report gives.")
    fatalities_mode: int | None = Field(description="The most-reported toll (a tie: the lower).")
    injured_min: int | None
    injured_max: int | None
    injured_mode: int | None
    n_reports: int = Field(description="How many reports (events) it fuses.")
    n_articles: int = Field(description="How many articles report it.")
    actors: list[str] = Field(description="The actors' names over its reports, most named first.")
    recipients: list[str] = Field(description="The recipients' names over its reports.")
    zones: list[str] = Field(description="The ids of the zones its reports lie in.")
    event_id: str = Field(
        description="The report that stands for it: of the most-reported toll, first published."
    )
    article_id: str
    sentence: str = Field(description="That report's sentence.")
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    distance_km: float | None = Field(None, description="Only with `near`: the distance from its point.")


class IncidentRow(IncidentFields):
    lat: float | None
    lon: float | None


class IncidentReport(EventRow):
    """One report of an incident: the event as listed, with its sentence's place in its article."""

    start: int = Field(description="The sentence's offsets in the article's text.")
    end: int


class IncidentDetail(BaseModel):
    incident: IncidentRow
    reports: list[IncidentReport] = Field(description="Every report of it, in order of publication.")


class IncidentFeature(BaseModel):
    type: Literal["Feature"]
    geometry: Point
    properties: IncidentFields


class IncidentCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[IncidentFeature]
    next: str | None = Field(description="The rest of the features, when some were left out.")


# ---------------------------------------------------------------- articles, quotes, actors


class ArticleRow(BaseModel):
    """An article as listed, with how many records it gave."""

    id: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    language: str
    origin: str | None
    ingested_at: str
    duplicate_of: str | None
    n_actors: int
    n_places: int
    n_quotes: int
    n_events: int


@dataclass
class ArticleRecord(Article):
    """The full record, as `ceasefire extract` prints it, and the article it repeats, if any."""

    duplicate_of: str | None = None


class QuoteRow(BaseModel):
    id: str
    article_id: str
    local_id: str = Field(description="Its id among its article's quotes (GET /api/articles/{article_id}).")
    text: str
    kind: QuoteKind
    cue: str | None
    speaker: str | None = Field(description="The speaking actor's name.")
    speaker_country: str | None
    speaker_text: str | None = Field(description="The speaker as the text names it.")
    title: str | None
    url: str | None
    source: str | None
    published: str | None


class ActorRow(BaseModel):
    """An actor merged over the articles that name it."""

    name: str
    kind: ActorKind
    country: str | None
    sector: str | None
    code: str | None
    articles: int
    mentions: int
    first_seen: str | None
    last_seen: str | None


# ---------------------------------------------------------------- zones and the base map


class Polygon(BaseModel):
    type: Literal["Polygon"]
    coordinates: list[list[Position]]


class MultiPolygon(BaseModel):
    type: Literal["MultiPolygon"]
    coordinates: list[list[list[Position]]]


class ZoneInfo(BaseModel):
    id: str
    name: str
    start: str | None = Field(description="The day it takes effect.")
    end: str | None = Field(description="The day it lapses, when known.")


class ZoneFeature(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: Polygon | MultiPolygon
    properties: ZoneInfo


class ZoneCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[ZoneFeature]


class Violation(BaseModel):
    event_id: str
    type: str
    date: str
    sentence: str
    article_id: str
    title: str | None
    url: str | None
    place: str | None
    fatalities: int | None
    articles: int = Field(description="How many articles report the event.")


class Change(BaseModel):
    """Against the period before."""

    events: int
    fatalities: int
    per_type: dict[str, int]


class ZonePeriod(BaseModel):
    period: str = Field(description="2017-W19 or 2017-05-08.")
    start: str
    end: str
    events: int
    per_type: dict[str, int] = Field(description="Events per PLOVER type.")
    fatalities: int
    change: Change | None = Field(description="Null for the first period.")
    violations: list[Violation] = Field(description="Listed while the report's byte budget lasts.")
    violations_total: int = Field(description="The period's violations, listed or not.")


class ZoneReport(BaseModel):
    zone: ZoneInfo
    periods: list[ZonePeriod]
    undated: int = Field(
        description="Events in the zone with no day to place them on (undated, of an article "
        "without a publication date): counted here, in no period."
    )
    truncated: bool = Field(
        description="Some violations were left out of the lists: past the page (violations_limit, "
        "violations_offset) or the response's byte budget; each period's violations_total counts them all."
    )
    violations_total: int = Field(description="The violations of every period, listed or not.")


class CountryInfo(BaseModel):
    name: str
    iso_a3: str


class CountryFeature(BaseModel):
    type: Literal["Feature"]
    properties: CountryInfo
    geometry: Polygon | MultiPolygon


class CountryCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[CountryFeature]


# ---------------------------------------------------------------- alerts


class DeliveryRow(BaseModel):
    channel: Literal["stdout", "file", "webhook"]
    target: str | None = Field(
        description="The file's name or the webhook's host (its path may hold a token)."
    )
    status: Literal["pending", "delivered", "failed"] = Field(
        description="A delivery not made is tried again at the next check."
    )
    attempts: int
    error: str | None = Field(description="Why the last try failed.")


class AlertWeek(BaseModel):
    period: str = Field(description="The ISO week: 2017-W19.")
    start: str
    end: str


class AlertPrevious(BaseModel):
    period: str
    violations: int


class AlertPayload(BaseModel):
    """What an alert sends: the fields of both kinds, and those of its own (docs/alerts.md)."""

    kind: Literal["assault-fatal", "weekly-rise"]
    rule_id: int
    zone: ZoneInfo
    message: str
    fired_at: str
    incident: IncidentRow | None = Field(
        None, description="assault-fatal: the incident as it was when it fired."
    )
    week: AlertWeek | None = Field(None, description="weekly-rise: the week.")
    violations: int | None = Field(None, description="weekly-rise: the week's violations.")
    previous: AlertPrevious | None = Field(None, description="weekly-rise: the week before.")
    factor: float | None = None
    min_count: int | None = None
    listed: list[Violation] | None = Field(None, description="weekly-rise: the week's first violations.")


class AlertRow(BaseModel):
    """A fired alert (docs/alerts.md)."""

    id: int
    rule_id: int | None = Field(description="Null once its rule is removed.")
    kind: Literal["assault-fatal", "weekly-rise"]
    zone_id: str | None
    period: str | None = Field(description="The ISO week of a weekly-rise alert (2017-W19).")
    incident_id: str | None = Field(
        description="The incident alerted on as it is now (GET /api/incidents/{id}): an incident's id "
        "changes when a report joins it. Null for a weekly alert."
    )
    event_id: str | None = Field(description="The report that stood for the incident when it fired.")
    fired_at: str = Field(description="When it fired, ISO 8601 in UTC.")
    message: str = Field(description="What fired, in words.")
    payload: AlertPayload = Field(description="The JSON every channel received (without its id).")
    deliveries: list[DeliveryRow]


class ChannelRow(BaseModel):
    channel: Literal["stdout", "file", "webhook"]
    target: str | None


class AlertRuleRow(BaseModel):
    id: int
    kind: Literal["assault-fatal", "weekly-rise"]
    zone_id: str | None = Field(description="Null: every zone.")
    min_fatalities: int | None
    factor: float | None
    min_count: int | None
    description: str = Field(description="What it fires on, in words.")
    channels: list[ChannelRow]
    created_at: str
