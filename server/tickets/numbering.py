"""Ticket numbers: a prefix per queue and a sequence per center, day and prefix."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.centers.models import Center, Item
from server.tickets.models import NumberCounter

DEFAULT_PREFIX = "A"


def queue_prefix(*, center: Center, item: Item, reservation: bool = False) -> str:
    if reservation:
        return center.reservation_prefix
    return item.prefix or DEFAULT_PREFIX


def next_number(*, session: Session, center_id: int, day: dt.date, prefix: str) -> str:
    """Take the next number under a prefix, atomically, never reusing one that day.

    One upsert that returns the new value: the row lock (PostgreSQL) or the
    immediate transaction (SQLite) makes concurrent callers take turns.
    """
    insert = postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert
    counters = NumberCounter.__table__
    stmt = insert(counters).values(center_id=center_id, day=day, prefix=prefix, value=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=["center_id", "day", "prefix"],
        set_={"value": counters.c.value + 1},
    ).returning(counters.c.value)
    value = session.execute(stmt).scalar_one()
    return f"{prefix}{value:03d}"
