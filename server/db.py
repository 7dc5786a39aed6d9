"""Engine, sessions and the transaction rule of the whole server.

Every write runs in one transaction that starts by taking the center's write
lock (see `lock_center`): on SQLite the transaction itself is `BEGIN IMMEDIATE`,
on PostgreSQL the center row is locked `FOR UPDATE`. So two windows calling at
the same instant are served one after the other, and the per-center event
sequence grows in commit order.

What a change has to tell the world (the hall's messages, the papers to print) is
collected on its transaction with `after_commit` and handed, once the transaction
has committed, to the handlers the application gave the `Database`; a transaction
that rolls back hands over nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC everywhere."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


def make_engine(
    url: str, *, busy_ms: int = 30000, pool_size: int = 10, synchronous: str = "FULL"
) -> Engine:
    if url.startswith("sqlite"):
        # An in-memory database lives in its one connection (the simulator's hall).
        pooling: dict[str, Any] = (
            {"poolclass": StaticPool} if url in ("sqlite://", "sqlite:///:memory:")
            else {"pool_size": pool_size, "max_overflow": pool_size}
        )
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": busy_ms / 1000},
            **pooling,
        )
        _sqlite_transactions(engine, busy_ms, synchronous)
        event.listen(engine, "handle_error", _reopen_after_read_only)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


def _sqlite_transactions(engine: Engine, busy_ms: int, synchronous: str) -> None:
    """Let SQLAlchemy, not pysqlite, start transactions, so writers can say IMMEDIATE.

    WAL lets boards read while a window writes. `synchronous=FULL` (the default)
    syncs every commit to disk: a ticket a resident was shown survives a power cut.
    """
    if synchronous.upper() not in ("FULL", "NORMAL", "EXTRA"):
        raise ValueError(f"QMS_SQLITE_SYNCHRONOUS is FULL, NORMAL or EXTRA, not {synchronous!r}")

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={synchronous.upper()}")
        cur.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        mode = "DEFERRED" if conn.get_execution_options().get("qms_read_only") else "IMMEDIATE"
        conn.exec_driver_sql(f"BEGIN {mode}")


# SQLite's primary result codes for trouble that passes: busy, locked, read-only, I/O, full,
# cannot open. Anything else (no such table, a syntax error) is a bug, not an outage.
_SQLITE_PASSING = {5: "busy", 6: "busy", 8: "read_only", 10: "io_error", 13: "disk_full",
                   14: "unreachable"}
# PostgreSQL SQLSTATE prefixes of the same: connection, insufficient resources, shutdown,
# read-only transaction (a standby), lock timeout.
_PG_PASSING = {"08": "unreachable", "53": "disk_full", "57P": "unreachable",
               "25006": "read_only", "55P03": "busy"}


def unavailable(exc: BaseException) -> str | None:
    """Why the database cannot serve now ("disk_full", "read_only", "unreachable", ...), or
    None when `exc` is not such passing trouble. A caller may answer "try again shortly"."""
    if isinstance(exc, DisconnectionError):
        return "unreachable"
    if isinstance(exc, PoolTimeout):
        return "busy"
    if not isinstance(exc, DBAPIError):
        return None
    code = getattr(exc.orig, "sqlite_errorcode", None)
    if code is not None:
        return _SQLITE_PASSING.get(code & 0xFF)
    state = getattr(exc.orig, "sqlstate", None) or ""
    for prefix, cause in _PG_PASSING.items():
        if state.startswith(prefix):
            return cause
    if exc.connection_invalidated or (isinstance(exc, OperationalError) and not state):
        return "unreachable"
    return None


def _reopen_after_read_only(context: ExceptionContext) -> None:
    """A SQLite connection opened while its file could not be written stays read-only for
    good (and one that met an I/O error may hold a stale mapping); treat it as lost, so the
    pool opens fresh connections, which work again once the file does."""
    code = getattr(context.original_exception, "sqlite_errorcode", None)
    if code is not None and _SQLITE_PASSING.get(code & 0xFF) in ("read_only", "io_error"):
        context.is_disconnect = True


_COLLECTED = "qms_after_commit"


def after_commit(session: Session, kind: str, item: Any) -> None:
    """Hand `item` to the `kind` handler once this session's transaction has committed."""
    session.info.setdefault(_COLLECTED, {}).setdefault(kind, []).append(item)


class Database:
    """The one engine of an app, with a transaction scope for writes and reads.

    `on_commit` maps a kind of collected item ("messages", "print_jobs") to what takes
    them after the commit, in that order; a kind nobody takes is dropped (a script's or a
    test's database publishes nothing).
    """

    def __init__(
        self, url: str, *, busy_ms: int = 30000, pool_size: int = 10, synchronous: str = "FULL"
    ) -> None:
        self.url = url
        self.on_commit: dict[str, Callable[[list[Any]], None]] = {}
        # Steps that complete what was collected, inside the transaction, before it commits.
        self.before_commit: list[Callable[[Session, dict[str, list[Any]]], None]] = []
        self.engine = make_engine(url, busy_ms=busy_ms, pool_size=pool_size,
                                  synchronous=synchronous)
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(self._read_engine(), expire_on_commit=False)

    def _read_engine(self) -> Engine:
        """Reads on SQLite are DEFERRED (one WAL snapshot); on PostgreSQL REPEATABLE READ,
        READ ONLY, so every statement of a read (a hall snapshot's seq and its rows) sees the
        same committed state."""
        if self.is_sqlite:
            return self.engine.execution_options(qms_read_only=True)
        return self.engine.execution_options(
            qms_read_only=True, isolation_level="REPEATABLE READ", postgresql_readonly=True
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error; what it
        collected goes to the `on_commit` handlers after the commit."""
        with self._writer() as session:
            with session.begin():
                yield session
                for step in self.before_commit:
                    step(session, session.info.get(_COLLECTED, {}))
            collected = session.info.pop(_COLLECTED, {})
        for kind, handler in self.on_commit.items():
            if collected.get(kind):
                handler(collected[kind])

    def session(self) -> Session:
        """A write session whose transactions the caller begins (`with session.begin()`)."""
        return self._writer()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Database:
        """The database the settings name (a command's, outside any app)."""
        return cls(settings["DATABASE_URL"], busy_ms=settings["QMS_SQLITE_BUSY_MS"])

    def create_all(self) -> None:
        Base.metadata.create_all(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()
