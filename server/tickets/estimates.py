"""How long a resident will wait: the work ahead of them, shared among the windows that
can call them.

The windows that serve an item also serve other items, and some of those items have
windows of their own. So a ticket ahead counts for the share of its item's open
windows that can also call this ticket: a minimum-living-allowance ticket, served
only at the two civil-affairs windows, hardly delays an elderly-allowance resident
who can go to seventeen. The minutes of a service are the mean of the latest
services of the competing items (their mix, not this item's alone; the mean, since
it is the mean that sets how fast a line moves), the item's expected minutes until
there are some. The resident is called when the windows have finished the people
ahead and one more service, at once if a window is idle. `qms simulate` measures
the promise against the wait.

Four plain statements, each bounded by today's line or the last few services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from server.centers.models import Item
from server.db import UTCDateTime
from server.tickets.models import Ticket
from server.windows.models import Window, WindowItem

RECENT_SERVICES = 100
RECENT_HOURS = 3

_tickets, _windows, _window_items = Ticket.__table__, Window.__table__, WindowItem.__table__
_ITEMS = bindparam("item_ids", expanding=True)
_RECENT = (
    select(_tickets.c.item_id, _tickets.c.started_at, _tickets.c.finished_at)
    .where(
        _tickets.c.center_id == bindparam("center_id"),
        _tickets.c.state == "done",
        _tickets.c.item_id.in_(_ITEMS),
        _tickets.c.finished_at >= bindparam("since", type_=UTCDateTime()),
        _tickets.c.started_at.is_not(None),
    )
    .order_by(_tickets.c.finished_at.desc())
    .limit(RECENT_SERVICES)
)
_WAITING = (
    select(_tickets.c.item_id, func.count())
    .where(
        _tickets.c.center_id == bindparam("center_id"),
        _tickets.c.day == bindparam("day"),
        _tickets.c.state == "waiting",
        _tickets.c.target_window_id.is_(None),
        _tickets.c.item_id.in_(_ITEMS),
    )
    .group_by(_tickets.c.item_id)
)
_OPEN_FOR = (
    select(_window_items.c.item_id, func.count())
    .join(_windows, _windows.c.id == _window_items.c.window_id)
    .where(
        _windows.c.center_id == bindparam("center_id"),
        _windows.c.state == "open",
        _window_items.c.item_id.in_(_ITEMS),
    )
    .group_by(_window_items.c.item_id)
)


_IDLE = select(_windows.c.id).where(
    _windows.c.id.in_(bindparam("window_ids", expanding=True)),
    _windows.c.current_ticket_id.is_(None),
)


class CallingWindow(Protocol):
    id: int
    state: str
    item_ids: Sequence[int] | frozenset[int]


def mean_service_minutes(
    *, session: Session, center_id: int, item_ids: list[int], now: dt.datetime,
) -> dict[int, float]:
    """The mean minutes of each item's latest services here (items without any are left out)."""
    rows = session.execute(_RECENT, {
        "center_id": center_id, "item_ids": item_ids,
        "since": now - dt.timedelta(hours=RECENT_HOURS),
    }).all()
    spent: dict[int, list[float]] = {}
    for item_id, started, finished in rows:
        if finished is not None and finished >= started:
            spent.setdefault(item_id, []).append((finished - started).total_seconds() / 60)
    return {item_id: sum(d) / len(d) for item_id, d in spent.items()}


def estimate_wait(
    *, session: Session, ticket: Ticket, item: Item, windows: Sequence[CallingWindow],
    ahead: int, now: dt.datetime,
) -> int | None:
    """Minutes until the ticket is called; None when no window that can call it is open."""
    mine = [w for w in windows if w.state == "open"]
    if not mine:
        return None
    items = sorted({ticket.item_id}.union(*(w.item_ids for w in mine)))
    params = {"center_id": ticket.center_id, "item_ids": items}
    waiting = dict(session.execute(_WAITING, {**params, "day": ticket.day}).all())
    waiting[ticket.item_id] = max(0, waiting.get(ticket.item_id, 0) - 1)
    others = sum(waiting.values())
    # The tickets ahead (in dispatch order) are taken to be of the same mix as the line.
    scale = ahead / others if others else 0.0
    open_for = dict(session.execute(_OPEN_FOR, params).all())
    means = mean_service_minutes(session=session, center_id=ticket.center_id, item_ids=items,
                                 now=now)
    own = means.get(ticket.item_id, float(item.expected_minutes))
    idle = set(session.scalars(_IDLE, {"window_ids": [w.id for w in mine]}))
    groups: dict[frozenset[int], list[int]] = {}
    for window in mine:
        groups.setdefault(frozenset(window.item_ids), []).append(window.id)
    waits = []
    for served, ids in groups.items():
        count = len(ids)
        # This group's part of each item's line: its share of the item's open windows.
        parts = {j: waiting.get(j, 0) * count / open_for[j] * scale
                 for j in served if open_for.get(j)}
        people = sum(parts.values())
        work = sum(n * means.get(j, own) for j, n in parts.items())
        minutes = work / people if people else own
        # Called once the people ahead and one more have a window: an idle one at once.
        waits.append(max(0.0, people + 1 - sum(i in idle for i in ids)) * minutes / count)
    return round(min(waits))
