"""How long a resident will wait: position, open windows and recent handling times."""

from __future__ import annotations

import datetime as dt
import math
import statistics

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.centers.models import Item
from server.tickets.models import Ticket

RECENT_SERVICES = 20
RECENT_DAYS = 14


def handling_minutes(*, session: Session, center_id: int, item: Item, now: dt.datetime) -> float:
    """The median of the item's recent services here; its expected minutes until there are some."""
    rows = session.execute(
        select(Ticket.started_at, Ticket.finished_at)
        .where(
            Ticket.center_id == center_id,
            Ticket.state == "done",
            Ticket.item_id == item.id,
            Ticket.finished_at >= now - dt.timedelta(days=RECENT_DAYS),
            Ticket.started_at.is_not(None),
        )
        .order_by(Ticket.finished_at.desc())
        .limit(RECENT_SERVICES)
    ).all()
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
