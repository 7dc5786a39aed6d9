"""Windows: which items each serves (routing), who holds it, and its state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from server.centers.models import Center, CenterItem, Item
from server.errors import Conflict, Forbidden, InvalidRequest, NotFound, Term, WindowHeld
from server.events.service import Actor, Message, lock_center, record
from server.windows.models import STATES, Window, WindowItem
from server.windows.presenters import window_view

AWAITING_STAFF = "awaiting_staff"


def get_window(*, session: Session, window_id: int) -> Window:
    window = session.get(Window, window_id)
    if window is None:
        raise NotFound("There is no window {window}.", window=window_id)
    return window


def lock_window(*, session: Session, window_id: int) -> tuple[Window, Center]:
    """Take the write lock of the window's center, then read the window as it is now."""
    center = session.execute(
        select(Center)
        .where(Center.id == select(Window.center_id).where(Window.id == window_id)
               .scalar_subquery())
        .with_for_update()
    ).scalar_one_or_none()
    if center is None:
        raise NotFound("There is no window {window}.", window=window_id)
    return session.get(Window, window_id), center


def routed_item_ids(*, session: Session, window: Window) -> list[int]:
    """The items a window serves by the routing rule, before anyone changes its set.

    Comprehensive windows serve the comprehensive items of their field(s);
    specialized windows serve every item of their department; reserved windows
    start with the center's on-the-spot items.
    """
    query = (
        select(Item.id)
        .join(CenterItem, CenterItem.item_id == Item.id)
        .where(CenterItem.center_id == window.center_id)
    )
    if window.kind == "comprehensive":
        query = query.where(Item.field.in_(window.fields), Item.routing == "comprehensive")
    elif window.kind == "specialized":
        query = query.where(Item.department_id == window.department_id)
    else:
        query = query.where(Item.on_the_spot.is_(True))
    return sorted(session.scalars(query))


@dataclass(frozen=True)
class ServingWindow:
    """What issuing a ticket needs of a window: where to go, and which tickets compete."""

    id: int
    number: int
    kind: str
    state: str
    item_ids: frozenset[int]


_windows, _mine, _theirs = Window.__table__, WindowItem.__table__.alias("mine"), \
    WindowItem.__table__.alias("theirs")
# Every window here that serves the item, with every item each of them serves.
_SERVING = (
    select(_windows.c.id, _windows.c.number, _windows.c.kind, _windows.c.state,
           _theirs.c.item_id)
    .join(_mine, _mine.c.window_id == _windows.c.id)
    .join(_theirs, _theirs.c.window_id == _windows.c.id)
    .where(_windows.c.center_id == bindparam("center_id"),
           _mine.c.item_id == bindparam("item_id"))
    .order_by(_windows.c.number)
)


def serving_windows(
    *, session: Session, center_id: int, item_id: int, open_only: bool = False
) -> list[ServingWindow]:
    """Windows that serve an item: reserved ones only while they are open.

    One plain statement, since every ticket issued asks this.
    """
    rows: dict[int, tuple[Any, set[int]]] = {}
    for row in session.execute(_SERVING, {"center_id": center_id, "item_id": item_id}):
        rows.setdefault(row.id, (row, set()))[1].add(row.item_id)
    return [
        ServingWindow(row.id, row.number, row.kind, row.state, frozenset(items))
        for row, items in rows.values()
        if row.state == "open" or (not open_only and row.kind != "reserved")
    ]


def require_holder(window: Window, actor: Actor) -> None:
    """A person's actions reach only the window they hold."""
    if actor.user_id is None:
        raise Forbidden("Sign in as window staff to act at a window.")
    if window.staff_user_id != actor.user_id:
        if window.staff_user_id is None:
            raise Forbidden("Open window {window} first: nobody holds it.", window=window.number)
        raise Forbidden("Window {window} is held by someone else.", window=window.number)


def _changed(session: Session, window: Window, *, actor: Actor, now: dt.datetime,
             change: str, center=None, before: dict[str, Any] | None = None) -> Message:
    """`change` says what happened (opened, paused, resumed, closed, items, created, updated,
    retired); `before` (kept in the log, not published) what the window was."""
    center = center or lock_center(session, window.center_id)
    return record(
        session,
        center=center,
        type="window.changed",
        at=now,
        actor=actor,
        window_id=window.id,
        data={"window": window_view(window), "change": change},
        private={"before": before} if before else None,
    )


def open_window(
    *, session: Session, window_id: int, actor: Actor, now: dt.datetime
) -> tuple[Window, list[Message]]:
    """Staff take the window and it opens; a manager of its center may open it without
    taking it. Staff work only at the windows of the centers they are assigned to (none:
    nowhere)."""
    window, center = lock_window(session=session, window_id=window_id)
    if window.retired_at is not None:
        raise NotFound("There is no window {window}.", window=window_id)
    if actor.user_id is None:
        raise Forbidden("Sign in to open a window.")
    if not actor.manages(window.center_id):
        if window.center_id not in actor.center_ids:
            raise Forbidden("You may not work at the windows of center {center}.",
                            center=window.center_id)
        if window.staff_user_id not in (None, actor.user_id):
            raise WindowHeld("Window {window} is already held by another staff member.",
                             window=window.number)
        other = session.scalar(
            select(Window).where(Window.staff_user_id == actor.user_id, Window.id != window.id)
        )
        if other is not None:
            raise Conflict("You already hold window {window}; close it first.",
                           window=other.number)
        window.staff_user_id = actor.user_id
    before = {"state": window.state, "staff_user_id": window.staff_user_id}
    window.state = "open"
    # A manager opens a window for tickets without holding it: nobody calls from it yet.
    window.state_reason = "" if window.staff_user_id is not None else AWAITING_STAFF
    window.state_since = now
    return window, [_changed(session, window, actor=actor, now=now, center=center,
                             change="opened", before=before)]


def set_state(
    *, session: Session, window_id: int, state: str, reason: str, actor: Actor, now: dt.datetime
) -> tuple[Window, list[Message]]:
    """Pause (with a reason) or close a window. Closing releases the staff member."""
    if state not in STATES:
        raise InvalidRequest("A window is open, paused or closed, not {state!r}.", state=state)
    window, center = lock_window(session=session, window_id=window_id)
    if not actor.manages(window.center_id):
        require_holder(window, actor)
    if state == "closed" and window.current_ticket_id is not None:
        current = window.current_ticket
        raise Conflict(
            "Window {window} is still serving {ticket}; complete or transfer it before closing.",
            window=window.number, ticket=current.number if current else Term("a ticket"))
    if state == "paused" and not reason:
        raise InvalidRequest("Say why the window pauses: break, training or other.")
    before = {"state": window.state, "state_reason": window.state_reason,
              "staff_user_id": window.staff_user_id}
    change = {"open": "resumed", "paused": "paused", "closed": "closed"}[state]
    window.state = state
    window.state_reason = reason
    window.state_since = now
    if state == "closed":
        window.staff_user_id = None
    return window, [_changed(session, window, actor=actor, now=now, center=center,
                             change=change, before=before)]


def set_items(
    *, session: Session, window_id: int, item_ids: list[int], actor: Actor, now: dt.datetime,
    change: str = "items", before: dict[str, Any] | None = None,
) -> tuple[Window, list[Message]]:
    """Change at run time which items a window serves (a manager re-plans it)."""
    window, center = lock_window(session=session, window_id=window_id)
    if window.retired_at is not None and change != "retired":
        raise NotFound("There is no window {window}.", window=window_id)
    if not actor.manages(window.center_id):
        raise Forbidden("Only a manager of this center may change which items a window serves.")
    served = set(
        session.scalars(select(CenterItem.item_id).where(CenterItem.center_id == center.id))
    )
    unknown = sorted(set(item_ids) - served)
    if unknown:
        raise InvalidRequest("Center {center} does not serve items {items}.",
                             center=center.id, items=unknown)

    wanted = set(item_ids)
    if set(window.item_ids) != wanted:
        before = {**(before or {}), "item_ids": window.item_ids}
    window.items = [wi for wi in window.items if wi.item_id in wanted]
    session.flush()
    have = {wi.item_id for wi in window.items}
    window.items.extend(WindowItem(item_id=i) for i in sorted(wanted - have))
    session.flush()
    return window, [_changed(session, window, actor=actor, now=now, center=center,
                             change=change, before=before)]
