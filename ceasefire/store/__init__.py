"""The embedded store: SQLite (WAL, FTS5) now, any SQLAlchemy database later."""

from ceasefire.store.alerts import (
    AlertKind,
    AlertRule,
    Channel,
    Delivery,
    DeliveryStatus,
    FiredAlert,
    NewAlert,
)
from ceasefire.store.core import Store, StoreError, open_store
from ceasefire.store.formats import (
    ACLED_COLUMNS,
    ACLED_DTYPES,
    ExportFormat,
    ExportReport,
    RowFormat,
    point_feature,
    write_rows,
)
from ceasefire.store.incidents import INCIDENT_SORTS
from ceasefire.store.query import (
    ASSERTED,
    Filters,
    Near,
    parse_near,
    parse_statuses,
)
from ceasefire.store.rows import article_key, content_hash
from ceasefire.store.watch import Watched
from ceasefire.store.write import SaveResult
from ceasefire.store.zones import EventPoint, Locate, ZoneLink, ZoneSighting

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_DTYPES",
    "ASSERTED",
    "INCIDENT_SORTS",
    "AlertKind",
    "AlertRule",
    "Channel",
    "Delivery",
    "DeliveryStatus",
    "EventPoint",
    "ExportFormat",
    "ExportReport",
    "Filters",
    "FiredAlert",
    "Locate",
    "Near",
    "NewAlert",
    "RowFormat",
    "SaveResult",
    "Store",
    "StoreError",
    "Watched",
    "ZoneLink",
    "ZoneSighting",
    "article_key",
    "content_hash",
    "open_store",
    "parse_near",
    "parse_statuses",
    "point_feature",
    "write_rows",
]
