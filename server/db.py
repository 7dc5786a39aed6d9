"""Engine, sessions and the transaction rule of the whole server.

Every write runs in one transaction that starts by taking the center's write
lock (see `lock_center`): on SQLite the transaction itself is `BEGIN IMMEDIATE`,
on PostgreSQL the center row is locked `FOR UPDATE`. So two windows calling at
the same instant are served one after the other, and the per-center event
sequence grows in commit order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, DateTime, Engine, MetaData, create_engine, event
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


class Database:
    """The one engine of an app, with a transaction scope for writes and reads."""

    def __init__(
        self, url: str, *, busy_ms: int = 30000, pool_size: int = 10, synchronous: str = "FULL"
    ) -> None:
        from server import models  # noqa: F401  (every mapper known before the first flush)

        self.url = url
        self.engine = make_engine(url, busy_ms=busy_ms, pool_size=pool_size,
                                  synchronous=synchronous)
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(
            self.engine.execution_options(qms_read_only=True), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        with self._writer() as session, session.begin():
            yield session

    def session(self) -> Session:
        """A write session whose transactions the caller begins (`with session.begin()`)."""
        return self._writer()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    def create_all(self) -> None:
        Base.metadata.create_all(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()
