"""Who is next at a window: the order of DESIGN.md, as one SQL ordering.

Classes, first to last:
0. tickets that have waited longer than the center's maximum wait (no class starves);
1. checked-in reservations whose slot has begun, checked in within the grace period;
2. transfers and follow-ups, at their original place in the line;
3. priority residents (the center's list: elderly, disabled, ...);
4. everyone else.
Within class 1 the earlier slot goes first; within every class, the earlier place
in the line (`queued_at`), then the lower id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import Session

from server.tickets.models import Ticket
from server.windows.models import Window, WindowItem


def order_by(*, now: dt.datetime, max_wait_minutes: int) -> list[Any]:
    cutoff = now - dt.timedelta(minutes=max_wait_minutes)
    starving = Ticket.queued_at <= cutoff
    slot_begun = and_(Ticket.priority_from.is_not(None), Ticket.priority_from <= now)
    klass = case(
        (starving, 0),
        (slot_begun, 1),
        (Ticket.source.in_(("transfer", "follow_up")), 2),
        (Ticket.priority != "normal", 3),
        else_=4,
    )
    place = case((and_(slot_begun, ~starving), Ticket.priority_from), else_=Ticket.queued_at)
    return [klass, place, Ticket.queued_at, Ticket.id]


def eligible_for_window(window: Window) -> Any:
    """Waiting tickets this window may call: its items, or sent to it by name."""
    items = select(WindowItem.item_id).where(WindowItem.window_id == window.id)
    return and_(
        Ticket.center_id == window.center_id,
        Ticket.state == "waiting",
        or_(
            and_(Ticket.target_window_id.is_(None), Ticket.item_id.in_(items)),
            Ticket.target_window_id == window.id,
        ),
    )


def next_for_window(
    *, session: Session, window: Window, now: dt.datetime, max_wait_minutes: int
) -> Ticket | None:
    query = (
        select(Ticket)
        .where(eligible_for_window(window))
        .order_by(*order_by(now=now, max_wait_minutes=max_wait_minutes))
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return session.execute(query).scalar_one_or_none()


def waiting_order(
    *, session: Session, center_id: int, item_ids: list[int], now: dt.datetime,
    max_wait_minutes: int,
) -> list[int]:
    """Ids of the waiting tickets of these items, in the order windows will call them."""
    query = (
        select(Ticket.id)
        .where(
            Ticket.center_id == center_id,
            Ticket.state == "waiting",
            Ticket.item_id.in_(item_ids),
        )
        .order_by(*order_by(now=now, max_wait_minutes=max_wait_minutes))
    )
    return list(session.scalars(query))
