"""Who is next at a window: the dispatch order of docs/design.md, as one SQL ordering.

Classes, first to last:
0. tickets that have waited longer than the center's maximum wait (no class starves),
   counted from when this ticket was issued: a follow-up or transfer keeps its place
   in the line, not the wait of the ticket before it;
1. checked-in reservations whose slot has begun, checked in within the grace period;
2. transfers and follow-ups, at their original place in the line;
3. priority residents (the center's list: elderly, disabled, ...);
4. everyone else.
Within class 1 the earlier slot goes first; within every class, the earlier place
in the line (`queued_at`), then the lower id.

The statements are built once, with bound parameters for the instant and the
center's maximum wait, since building SQL expressions costs more than running them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, bindparam, case, func, or_, select, tuple_
from sqlalchemy.orm import Session, aliased

from server.db import UTCDateTime
from server.tickets.models import Ticket
from server.windows.models import WindowItem

_NOW = bindparam("now", type_=UTCDateTime())
_CUTOFF = bindparam("cutoff", type_=UTCDateTime())


def _sort_key(entity: Any) -> list[Any]:
    starving = entity.issued_at <= _CUTOFF
    slot_begun = and_(entity.priority_from.is_not(None), entity.priority_from <= _NOW)
    klass = case(
        (starving, 0),
        (slot_begun, 1),
        (entity.source.in_(("transfer", "follow_up")), 2),
        (entity.priority != "normal", 3),
        else_=4,
    )
    place = case((and_(slot_begun, ~starving), entity.priority_from), else_=entity.queued_at)
    return [klass, place, entity.queued_at, entity.id]


def _eligible_for_window() -> Any:
    """Today's waiting tickets a window may call: its items, or sent to it by name.

    A line never carries over to the next day: yesterday's leftovers are not called.
    """
    window_id = bindparam("window_id")
    items = select(WindowItem.item_id).where(WindowItem.window_id == window_id)
    return and_(
        Ticket.center_id == bindparam("center_id"),
        Ticket.day == bindparam("day"),
        Ticket.state == "waiting",
        or_(
            and_(Ticket.target_window_id.is_(None), Ticket.item_id.in_(items)),
            Ticket.target_window_id == window_id,
        ),
    )


_NEXT = (
    select(Ticket)
    .where(_eligible_for_window())
    .order_by(*_sort_key(Ticket))
    .limit(1)
    .with_for_update(skip_locked=True)
)
_QUEUE = select(Ticket).where(_eligible_for_window()).order_by(*_sort_key(Ticket))

_me = aliased(Ticket, name="me")
_COMPETING = and_(
    Ticket.center_id == _me.center_id,
    Ticket.day == _me.day,
    Ticket.state == "waiting",
    Ticket.item_id.in_(bindparam("item_ids", expanding=True)),
    or_(Ticket.target_window_id.is_(None), Ticket.target_window_id == _me.target_window_id),
    Ticket.id != _me.id,
)
_AHEAD = (
    select(func.count())
    .select_from(Ticket)
    .join(_me, _me.id == bindparam("ticket_id"))
    .where(_COMPETING, tuple_(*_sort_key(Ticket)) < tuple_(*_sort_key(_me)))
)
# A ticket just issued to a walk-in of no priority class is last in the order, so every
# other competing ticket is ahead of it: a plain count, served by the index.
_ALL_OTHERS = select(func.count()).select_from(Ticket).join(
    _me, _me.id == bindparam("ticket_id")
).where(_COMPETING)


_COMPETITORS = select(Ticket).join(_me, _me.id == bindparam("ticket_id")).where(_COMPETING)


def competitors(*, session: Session, ticket: Ticket, item_ids: list[int]) -> list[Ticket]:
    """Every waiting ticket that `ahead_of` weighs against this one, ahead of it or not."""
    return list(session.scalars(_COMPETITORS, {"ticket_id": ticket.id, "item_ids": item_ids}))


def _instant(now: dt.datetime, max_wait_minutes: int) -> dict[str, dt.datetime]:
    return {"now": now, "cutoff": now - dt.timedelta(minutes=max_wait_minutes)}


def next_for_window(
    *, session: Session, window_id: int, center_id: int, day: dt.date, now: dt.datetime,
    max_wait_minutes: int,
) -> Ticket | None:
    params = {"window_id": window_id, "center_id": center_id, "day": day,
              **_instant(now, max_wait_minutes)}
    return session.execute(_NEXT, params).scalar_one_or_none()


def queue_for_window(
    *, session: Session, window_id: int, center_id: int, day: dt.date, now: dt.datetime,
    max_wait_minutes: int, limit: int = 100,
) -> list[Ticket]:
    """The tickets a window would call, in the order it would call them."""
    params = {"window_id": window_id, "center_id": center_id, "day": day,
              **_instant(now, max_wait_minutes)}
    return list(session.scalars(_QUEUE.limit(limit), params))


def ahead_of(
    *, session: Session, ticket: Ticket, item_ids: list[int], now: dt.datetime,
    max_wait_minutes: int,
) -> int:
    """How many waiting tickets of these items windows will call before this one."""
    newest_walk_in = (
        ticket.source == "walk_in" and ticket.priority == "normal" and ticket.queued_at == now
    )
    if newest_walk_in:
        return session.execute(
            _ALL_OTHERS, {"ticket_id": ticket.id, "item_ids": item_ids}
        ).scalar_one()
    params = {"ticket_id": ticket.id, "item_ids": item_ids, **_instant(now, max_wait_minutes)}
    return session.execute(_AHEAD, params).scalar_one()


# The aggregate keeps the column's type: the longest wait comes back an aware UTC datetime.
_SIZE = select(func.count(), func.min(Ticket.queued_at)).where(_eligible_for_window())


def queue_size(
    *, session: Session, window_id: int, center_id: int, day: dt.date
) -> tuple[int, dt.datetime | None]:
    """How many wait for a window, and since when the longest has waited (its place)."""
    count, first = session.execute(
        _SIZE, {"window_id": window_id, "center_id": center_id, "day": day}
    ).one()
    return count, first


_WAITING_FOR = select(func.count()).select_from(Ticket).where(
    Ticket.center_id == bindparam("center_id"),
    Ticket.day == bindparam("day"),
    Ticket.state == "waiting",
    Ticket.item_id.in_(bindparam("item_ids", expanding=True)),
    Ticket.target_window_id.is_(None),
)


def waiting_for_items(*, session: Session, center_id: int, day: dt.date,
                      item_ids: list[int]) -> int:
    """How many would be ahead of a walk-in taking a number now: every waiting ticket of
    these items sent to no window (a new normal walk-in sorts last)."""
    return session.execute(_WAITING_FOR, {"center_id": center_id, "day": day,
                                          "item_ids": item_ids}).scalar_one()
