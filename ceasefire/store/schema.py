"""The one schema definition: SQLAlchemy Core tables, portable between SQLite and PostgreSQL.

Every row that comes from an article carries ``article_id`` with ``ON DELETE CASCADE``, so
replacing an article is one DELETE. Record ids are the article-level ids of
``ceasefire.model`` prefixed with the article id ("<article_id>:a1"), which makes them
globally unique; ``local_id`` keeps the record's own id and ``seq`` its position in the
article's list, so an Article reads back exactly as it was written.

References *inside* an article (quote speaker, event place, event actors) are not foreign
keys on purpose: one stage's dangling id must not make the whole article unwritable, and
the article cascade already removes them together.

Fields of a record that have no column yet (a stage added one to model.py) go to the
``extra`` JSON column, so the store keeps them without a schema change.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# SQL NULL, not the JSON text 'null', when a record has no extra fields.
_EXTRA = JSON(none_as_null=True)


def _article_fk() -> Column[str]:
    return Column(
        "article_id",
        String,
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", String, nullable=False),
    Column("applied_at", String, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    # An integer key that SQLite keeps stable (it aliases the rowid): the FTS5 index
    # refers to rows by it. Everything else refers to the text id.
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String, nullable=False, unique=True),
    Column("key", String, nullable=False, unique=True),  # url when present, else content hash
    Column("content_hash", String, nullable=False),
    Column("url", String),
    Column("source", String),
    Column("title", Text),
    Column("published", String, index=True),  # ISO date
    Column("language", String, nullable=False),
    Column("text", Text, nullable=False),
    Column("origin", String),
    Column("ingested_at", String, nullable=False),
    Column("duplicate_of", String, ForeignKey("articles.id", ondelete="SET NULL"), index=True),
    Column("minhash", LargeBinary),
    Column("segments", JSON, nullable=False),
    Column("removed", JSON, nullable=False),
    Column("times", JSON, nullable=False),
    Column("extra", _EXTRA),
)

article_countries = Table(
    "article_countries",
    metadata,
    _article_fk(),
    Column("seq", Integer, nullable=False),
    Column("country", String, nullable=False, index=True),
    UniqueConstraint("article_id", "seq"),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String, primary_key=True),
    _article_fk(),
    Column("local_id", String, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("name", String, nullable=False, index=True),
    Column("kind", String, nullable=False),
    Column("country", String, index=True),
    Column("sector", String),
    Column("code", String, index=True),
    Column("extra", _EXTRA),
)

places = Table(
    "places",
    metadata,
    Column("id", String, primary_key=True),
    _article_fk(),
    Column("local_id", String, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("name", String, nullable=False),
    Column("geonames_id", Integer, index=True),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String, index=True),
    Column("admin1", String),
    Column("feature", String, nullable=False),
    Column("extra", _EXTRA),
    Index("ix_places_lat_lon", "lat", "lon"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),  # insertion order = list order
    _article_fk(),
    Column("entity_id", String, nullable=False, index=True),  # an actors.id or places.id
    Column("kind", String, nullable=False),  # actor | place
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", String, nullable=False),
)

quotes = Table(
    "quotes",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),  # FTS5 rowid, as for articles
    Column("id", String, nullable=False, unique=True),
    _article_fk(),
    Column("local_id", String, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String, nullable=False),
    Column("cue", String),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("speaker_id", String, index=True),  # an actors.id
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("speaker_text", String),
    Column("extra", _EXTRA),
)

events = Table(
    "events",
    metadata,
    Column("id", String, primary_key=True),
    _article_fk(),
    Column("local_id", String, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("type", String, nullable=False, index=True),
    Column("mode", String),
    Column("cameo", String),
    Column("place_id", String),  # a places.id
    Column("date", String),  # as precise as the text allows
    Column("date_precision", String),  # day | week | month | year
    # The period the event falls in, for --since/--until: the event's own date when it has
    # one, else the article's publication day (it was reported then, so it is no later).
    Column("date_from", String, index=True),
    Column("date_to", String, index=True),
    Column("fatalities", Integer),
    Column("fatalities_min", Integer),
    Column("fatalities_max", Integer),
    Column("injured", Integer),
    Column("injured_min", Integer),
    Column("injured_max", Integer),
    Column("trigger", String, nullable=False),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("status", String, nullable=False),
    Column("place_from", String),
    # ACLED's type and sub-type, spelled as its codebook spells them (migration step 5)
    Column("acled_event_type", String, index=True),
    Column("acled_sub_event_type", String),
    Column("civilian_targeting", Boolean),
    Column("sentence", Text, nullable=False),  # copied for provenance
    # Copied from the place so that spatial and country filters need no join.
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String, index=True),
    Column("extra", _EXTRA),
    Index("ix_events_lat_lon", "lat", "lon"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", String, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String, primary_key=True),  # actor | recipient
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("actor_id", String, nullable=False, index=True),
)

# Filled by the corpus stage: one row per real-world event, with every reporting event.
fused_events = Table(
    "fused_events",
    metadata,
    Column("id", String, primary_key=True),
    Column("type", String, nullable=False, index=True),
    Column("date", String, index=True),
    Column("place", String),
    Column("lat", Float),
    Column("lon", Float),
    Column("admin1", String),
    Column("country", String, index=True),
    Column("fatalities_min", Integer),
    Column("fatalities_max", Integer),
    Column("fatalities_mode", Integer),
    Column("injured_min", Integer),
    Column("injured_max", Integer),
    Column("injured_mode", Integer),
    Column("actor_countries", JSON, nullable=False),
    Column("actor_sectors", JSON, nullable=False),
    Column("recipient_countries", JSON, nullable=False),
    Column("n_sources", Integer, nullable=False),
)
Index("ix_fused_events_lat_lon", fused_events.c.lat, fused_events.c.lon)

event_sources = Table(
    "event_sources",
    metadata,
    Column("fused_id", String, ForeignKey("fused_events.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "event_id",
        String,
        ForeignKey("events.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

failures = Table(
    "failures",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("origin", String, nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("at", String, nullable=False),
    UniqueConstraint("origin", "reason"),
)

# Declared zones (ceasefire.zones) and the events inside each: added by migration step 3, so
# they are not in DATA_TABLES (step 1's tables). event_zones is derived from the events' places:
# ingest links the events it adds (ceasefire.zones.assign_new_events), assign_events all.
zones = Table(
    "zones",
    metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("geometry", JSON, nullable=False),
    Column("start", String),  # ISO date
    Column("end", String),
    Column("added_at", String, nullable=False),
)

event_zones = Table(
    "event_zones",
    metadata,
    Column("event_id", String, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("zone_id", String, ForeignKey("zones.id", ondelete="CASCADE"), primary_key=True, index=True),
    # the event's date_from (a stored event never changes), kept beside the link so that a
    # zone's period is one index range (migration step 10)
    Column("date_from", String),
)
Index("ix_event_zones_zone_day", event_zones.c.zone_id, event_zones.c.date_from)

ZONE_TABLES: tuple[Table, ...] = (zones, event_zones)

# What incremental ingest keeps between runs (migration step 7): the asserted reports no
# incident holds yet, and the LSH bands of the originals' signatures, which find the
# candidates for a near-duplicate with an index instead of a scan of every signature.
fusion_queue = Table(
    "fusion_queue",
    metadata,
    Column("event_id", String, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("band", Integer, primary_key=True, autoincrement=False),
    Column("bucket", BigInteger, nullable=False),  # a 63-bit hash of the band's rows
    Index("ix_article_bands_band_bucket", "band", "bucket"),
)

# Originals stored before bands existed, whose bands the next ingest computes.
band_queue = Table(
    "band_queue",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

INCREMENTAL_TABLES: tuple[Table, ...] = (fusion_queue, article_bands, band_queue)

# Alert rules and what they fired (ceasefire.alerts): added by migration step 9. A rule names
# its zone by id without a foreign key, since `zones add` replaces a zone by deleting it first;
# a rule whose zone is gone fires nothing.
alert_rules = Table(
    "alert_rules",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String, nullable=False),  # assault-fatal | weekly-rise
    Column("zone_id", String),  # None: every zone
    Column("min_fatalities", Integer),  # assault-fatal: the incident's most-reported toll, at least
    Column("factor", Float),  # weekly-rise: this week's violations, at least factor x last week's
    Column("min_count", Integer),  # weekly-rise: and at least this many
    Column("stdout", Boolean, nullable=False),
    Column("file", String),
    Column("webhook", String),
    Column("created_at", String, nullable=False),
)

# What fired, kept when its rule is removed (rule_id then NULL). `period` (an ISO week) is
# set for the alerts of a period, which fire once per rule, zone and period.
fired_alerts = Table(
    "fired_alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rule_id", Integer, ForeignKey("alert_rules.id", ondelete="SET NULL"), index=True),
    Column("kind", String, nullable=False),
    Column("zone_id", String, index=True),
    Column("period", String),
    Column("event_id", String),  # the report standing for the incident: its incident id may change
    Column("incident_id", String),  # the incident's id when it fired
    Column("fired_at", String, nullable=False, index=True),
    Column("payload", JSON, nullable=False),
    UniqueConstraint("rule_id", "zone_id", "period"),
)

# One row per channel of a fired alert; those not delivered are tried again at the next check.
alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("alert_id", Integer, ForeignKey("fired_alerts.id", ondelete="CASCADE"), primary_key=True),
    Column("channel", String, primary_key=True),  # stdout | file | webhook
    Column("target", String),  # the file's path, the webhook's URL
    Column("status", String, nullable=False, index=True),  # pending | delivered | failed
    Column("attempts", Integer, nullable=False),
    Column("error", Text),
    Column("updated_at", String, nullable=False),
)

# The reports each rule has alerted on, by event id: an incident's id is a hash of its members
# and changes when a report joins it, so an incident counts as alerted when one of its
# reports is here. No foreign key: a replaced article's events come back with the same ids.
alert_events = Table(
    "alert_events",
    metadata,
    Column("rule_id", Integer, ForeignKey("alert_rules.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", String, primary_key=True),
)

ALERT_TABLES: tuple[Table, ...] = (alert_rules, fired_alerts, alert_deliveries, alert_events)

# What the next alert check reads (migration step 11): the rules that have looked at every
# incident once, and the incidents fusion has written since the last check (queued only while
# such a rule exists; an incident replaced before the check leaves by cascade).
alert_caught_up = Table(
    "alert_caught_up",
    metadata,
    Column("rule_id", Integer, ForeignKey("alert_rules.id", ondelete="CASCADE"), primary_key=True),
)

alert_queue = Table(
    "alert_queue",
    metadata,
    Column("fused_id", String, ForeignKey("fused_events.id", ondelete="CASCADE"), primary_key=True),
)

ALERT_PROGRESS_TABLES: tuple[Table, ...] = (alert_caught_up, alert_queue)

# What `ceasefire watch` has seen (migration step 8): one row per polled source (a feed, a
# sitemap) and per item (a page, a file), so a restarted watch resumes where it stopped.
watched = Table(
    "watched",
    metadata,
    Column("key", String, primary_key=True),  # a URL, or a file's absolute path
    Column("kind", String, nullable=False),  # feed, sitemap, page, file
    Column("etag", String),  # the server's ETag; for a file, its size and modification time
    Column("last_modified", String),  # the server's Last-Modified, sent back as If-Modified-Since
    Column("status", Integer),  # HTTP status of the last fetch
    Column("error", Text),  # why the last fetch or read failed
    Column("attempts", Integer, nullable=False, default=0),  # failed fetches in a row
    Column("done", Boolean, nullable=False, default=False),  # an item read, or given up
    Column("fetched_at", String),  # UTC, ISO
)

WATCH_TABLES: tuple[Table, ...] = (watched,)

#: Tables in dependency order (parents first): the order to export, and to create.
DATA_TABLES: tuple[Table, ...] = (
    articles,
    article_countries,
    actors,
    places,
    mentions,
    quotes,
    events,
    event_actors,
    fused_events,
    event_sources,
    failures,
)

# ---------------------------------------------------------------- listing support (migration step 6)
# The orders the listings page in, as indexes: a page of the latest events is read from the
# index, not sorted out of every event (events also under an equality on type or country);
# an article's quotes in their order.
_LATEST_FIRST = (events.c.date.is_(None), events.c.date_from.desc(), events.c.id)
LISTING_INDEXES: tuple[Index, ...] = (
    Index("ix_events_listing", *_LATEST_FIRST),
    Index("ix_events_type_listing", events.c.type, *_LATEST_FIRST),
    Index("ix_events_country_listing", events.c.country, *_LATEST_FIRST),
    Index("ix_articles_listing", articles.c.published.desc(), articles.c.id),
    Index("ix_quotes_listing", quotes.c.article_id, quotes.c.seq),
)

# One row per actor as the actors listing merges them (name, kind, country, sector, code),
# counted over the original articles: kept up to date by every article saved or deleted
# (actor_names.py), so the listing reads a page of it instead of aggregating every mention.
actor_names = Table(
    "actor_names",
    metadata,
    Column("key", String, primary_key=True),  # the five merged fields, as JSON
    Column("name", String, nullable=False, index=True),
    Column("kind", String, nullable=False),
    Column("country", String),
    Column("sector", String),
    Column("code", String),
    Column("articles", Integer, nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("first_seen", String),
    Column("last_seen", String),
)
Index("ix_actor_names_listing", actor_names.c.mentions.desc(), actor_names.c.name, actor_names.c.key)

# The days each incident's best-dated reports cover (incidents.py's span), kept beside it so
# that a page of incidents, latest first, is read from an index.
incident_spans = Table(
    "incident_spans",
    metadata,
    Column("fused_id", String, ForeignKey("fused_events.id", ondelete="CASCADE"), primary_key=True),
    Column("undated", Boolean, nullable=False),  # the incident has no date of its own
    Column("date_from", String),
    Column("date_to", String),
    # the incident's type and country (migration step 10), so a page of one type or country
    # is read from an index in listing order too
    Column("type", String),
    Column("country", String),
)
_SPANS_ORDER = (incident_spans.c.undated, incident_spans.c.date_from.desc(), incident_spans.c.fused_id)
Index("ix_incident_spans_listing", *_SPANS_ORDER)
Index("ix_incident_spans_type_listing", incident_spans.c.type, *_SPANS_ORDER)
Index("ix_incident_spans_country_listing", incident_spans.c.country, *_SPANS_ORDER)

LISTING_TABLES: tuple[Table, ...] = (actor_names, incident_spans)
