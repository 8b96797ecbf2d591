"""Engines and transactions: SQLite tuned for one writer and many readers, or any SQLAlchemy URL.

SQLite runs in WAL mode (readers never wait for the writer and see only committed
articles), with foreign keys on (the cascades depend on it), a busy timeout (a second
writer waits instead of failing; ``write_retrying`` runs a write again when even that wait
ran out, so a writer waits out another's long transaction and loses nothing) and
synchronous=NORMAL (in WAL a commit survives a killed process; only a power cut can lose the
last commits, never half of one).

pysqlite's own transaction handling starts transactions late and never for reads, so it is
switched off and transactions are begun here: plain BEGIN for reads, BEGIN IMMEDIATE for
writes, so that a writer holds the lock from its first read (check-then-insert is atomic)
instead of failing when it upgrades a read lock.

PostgreSQL runs at its default READ COMMITTED, where two writers do interleave: a write that
loses a race for a unique key is retried whole in a fresh transaction (``write_retrying``),
and the operations that must run one at a time (migrations, fusion) take a transaction-level
advisory lock (``serialize``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

from sqlalchemy import ColumnElement, Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from ceasefire.model import distance_km

T = TypeVar("T")

_WRITE = "ceasefire_write"  # an execution option: this connection's transactions write
#: How long SQLite waits for another writer's lock, per attempt (read when a connection opens).
BUSY_TIMEOUT_MS = 30_000

#: The SQL function, on SQLite, of the great-circle distance (ceasefire.model.distance_km):
#: the `near` filter measures in the query, not over rows loaded into Python.
DISTANCE_FUNCTION = "ceasefire_km"

#: PostgreSQL advisory lock keys, one per operation that must not interleave with itself.
_LOCK_KEYS = {"migrate": 0x6365_0001, "fuse": 0x6365_0002}
#: SQLSTATEs of a write that lost a race to a concurrent one and succeeds when run again:
#: unique violation (the other inserted the key first), serialization failure, deadlock.
_LOST_RACE = {"23505", "40001", "40P01"}
#: SQLite result codes of a lock another connection holds: SQLITE_BUSY, SQLITE_LOCKED.
_SQLITE_BUSY = {5, 6}
#: Attempts after the first on PostgreSQL, where a lost race is rare and retried at once.
WRITE_RETRIES = 10
#: How long, in all, a SQLite writer waits out others' locks (each attempt waits BUSY_TIMEOUT_MS).
LOCK_WAIT_S = 600


def _sqlite_pragmas() -> tuple[str, ...]:
    return (
        "PRAGMA journal_mode=WAL",
        "PRAGMA foreign_keys=ON",
        f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
        "PRAGMA synchronous=NORMAL",
    )


def database_url(url_or_path: str) -> str:
    """A SQLAlchemy URL: URLs pass through, anything else is a SQLite file path."""
    return url_or_path if "://" in url_or_path else f"sqlite:///{url_or_path}"


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        for pragma in _sqlite_pragmas():
            cursor.execute(pragma)
        cursor.close()
        dbapi_connection.create_function(DISTANCE_FUNCTION, 4, _km_or_null, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _km_or_null(
    lat1: float | None, lon1: float | None, lat2: float | None, lon2: float | None
) -> float | None:
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    return distance_km(lat1, lon1, lat2, lon2)


def make_engine(url_or_path: str) -> Engine:
    engine = create_engine(database_url(url_or_path))
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back on an exception."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One read transaction: a consistent snapshot for several queries."""
    with engine.connect() as conn, conn.begin():
        yield conn


def serialize(conn: Connection, lock: Literal["migrate", "fuse"]) -> None:
    """Hold `lock` until this write transaction ends, so that no other process runs the same
    operation meanwhile. SQLite needs nothing: BEGIN IMMEDIATE admits one writer at a time."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEYS[lock]})


def _worth_retrying(dialect: str, err: DBAPIError) -> bool:
    if dialect == "postgresql":
        return getattr(err.orig, "sqlstate", None) in _LOST_RACE
    if dialect == "sqlite":
        code = getattr(err.orig, "sqlite_errorcode", None)
        return code in _SQLITE_BUSY or "database is locked" in str(err.orig)
    return False


def write_retrying(engine: Engine, work: Callable[[Connection], T]) -> T:
    """`work` in one write transaction, run again in a fresh one when it lost to a concurrent
    writer: on PostgreSQL a race for the same rows (the retry sees the winner's committed
    rows, so an article both inserted ends as "unchanged" for the loser); on SQLite a lock
    held past the busy timeout (a long transaction of another process), for LOCK_WAIT_S."""
    attempt = 0
    started = time.monotonic()
    while True:
        try:
            with writing(engine) as conn:
                return work(conn)
        except DBAPIError as err:
            attempt += 1
            if not _worth_retrying(engine.dialect.name, err):
                raise
            if engine.dialect.name == "sqlite":
                if time.monotonic() - started > LOCK_WAIT_S:
                    raise
            elif attempt > WRITE_RETRIES:
                raise


#: Values per IN (...) list: well under every database's limit on bound parameters.
CHUNK = 500


def chunks(values: Collection[str]) -> Iterator[list[str]]:
    """The values, sorted, in lists short enough for one IN (...) each."""
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def unindexed(conn: Connection, column: ColumnElement[Any]) -> ColumnElement[Any]:
    """`column` in a form SQLite's planner reads no index for (``+column``, as SQLite's docs
    advise), to choose the join order where it has no statistics to choose by; the column
    itself on other databases, whose planners do."""
    if conn.dialect.name != "sqlite":
        return column
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)
