"""How long a resident will wait: position, open windows and recent handling times."""

from __future__ import annotations

import datetime as dt
import math
import statistics

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from server.centers.models import Item
from server.db import UTCDateTime
from server.tickets.models import Ticket

RECENT_SERVICES = 20
RECENT_DAYS = 14


_tickets = Ticket.__table__
_RECENT = (
    select(_tickets.c.started_at, _tickets.c.finished_at)
    .where(
        _tickets.c.center_id == bindparam("center_id"),
        _tickets.c.state == "done",
        _tickets.c.item_id == bindparam("item_id"),
        _tickets.c.finished_at >= bindparam("since", type_=UTCDateTime()),
        _tickets.c.started_at.is_not(None),
    )
    .order_by(_tickets.c.finished_at.desc())
    .limit(RECENT_SERVICES)
)


def handling_minutes(*, session: Session, center_id: int, item: Item, now: dt.datetime) -> float:
    """The median of the item's recent services here; its expected minutes until there are some."""
    rows = session.execute(_RECENT, {
        "center_id": center_id, "item_id": item.id,
        "since": now - dt.timedelta(days=RECENT_DAYS),
    }).all()
    durations = [(f - s).total_seconds() / 60 for s, f in rows if f is not None and f >= s]
    if not durations:
        return float(item.expected_minutes)
    return statistics.median(durations)


def estimate_wait(*, ahead: int, open_windows: int, minutes_each: float) -> int | None:
    """Minutes until called: the people ahead shared among the open windows.

    None when no window that serves the item is open, so nobody can say.
    """
    if open_windows <= 0:
        return None
    return math.ceil(ahead * minutes_each / open_windows)
