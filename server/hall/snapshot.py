"""The hall at one instant: what a board or dashboard shows after (re)connecting."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.centers.service import get_center, local_day, opening_hours
from server.events.models import Event
from server.tickets.models import Ticket
from server.tickets.presenters import window_with_ticket
from server.windows.models import Window, WindowItem

LAST_CALLS = 10


def hall_snapshot(*, session: Session, center_id: int, now: dt.datetime) -> dict[str, Any]:
    """The hall now; the lines are today's (a line never carries over to the next day)."""
    center = get_center(session=session, center_id=center_id)
    today = local_day(center, now)
    windows = list(
        session.scalars(select(Window).where(Window.center_id == center_id,
                                             Window.retired_at.is_(None)).order_by(Window.number))
    )
    current_ids = [w.current_ticket_id for w in windows if w.current_ticket_id]
    current = {
        t.id: t for t in session.scalars(select(Ticket).where(Ticket.id.in_(current_ids)))
    } if current_ids else {}
    waiting_by_item = dict(
        session.execute(
            select(Ticket.item_id, func.count())
            .where(Ticket.center_id == center_id, Ticket.day == today,
                   Ticket.state == "waiting", Ticket.target_window_id.is_(None))
            .group_by(Ticket.item_id)
        ).all()
    )
    targeted = Counter(
        session.scalars(
            select(Ticket.target_window_id).where(
                Ticket.center_id == center_id, Ticket.day == today, Ticket.state == "waiting",
                Ticket.target_window_id.is_not(None),
            )
        )
    )
    items_of: dict[int, set[int]] = {}
    for window_id, item_id in session.execute(
        select(WindowItem.window_id, WindowItem.item_id).join(Window).where(
            Window.center_id == center_id
        )
    ):
        items_of.setdefault(window_id, set()).add(item_id)
    window_rows = []
    for w in windows:
        served = items_of.get(w.id, set())
        waiting = sum(waiting_by_item.get(i, 0) for i in served) + targeted.get(w.id, 0)
        row = window_with_ticket(w, current.get(w.current_ticket_id))
        row["waiting"] = waiting
        window_rows.append(row)
    group_rows = _waiting_by_group(windows, items_of, waiting_by_item, targeted)
    calls = session.scalars(
        select(Event)
        .where(Event.center_id == center_id, Event.type.in_(("ticket.called", "ticket.recalled")))
        .order_by(Event.seq.desc())
        .limit(LAST_CALLS)
    )
    return {
        "center": {"id": center.id, "name": center.name, "name_en": center.name_en,
                   "timezone": center.timezone, "hours": opening_hours(center),
                   "notice": center.notice},
        "seq": center.event_seq,
        "windows": window_rows,
        "waiting_by_item": [
            {"item_id": k, "waiting": v} for k, v in sorted(waiting_by_item.items())
        ],
        "waiting_by_group": group_rows,
        "waiting_total": sum(waiting_by_item.values()) + sum(targeted.values()),
        "last_calls": [
            {"seq": e.seq, "type": e.type, "at": e.at.isoformat(),
             "number": e.data.get("ticket", {}).get("number"),
             "window_number": e.data.get("window_number")}
            for e in calls
        ],
    }


def _is_open(w: Window) -> bool:
    return w.state == "open" and w.staff_user_id is not None


def _waiting_by_group(windows: list[Window], items_of: dict[int, set[int]],
                      waiting_by_item: dict[int, int], targeted: Counter) -> list[dict[str, Any]]:
    """Waiting people per window group, each person counted once, so the groups add up to
    the hall's total. An item's people count in the group of the first open window serving
    it; with none open, the first non-reserved one (a reserved window is closed by default and
    holds no line of its own); a ticket sent to a window counts in that window's group."""
    groups: dict[str, dict[str, Any]] = {}
    group_of: dict[int, str] = {}
    for w in windows:
        name = w.group or w.kind
        group = groups.setdefault(name, {"group": name, "group_en": w.group_en, "windows": [],
                                         "open_windows": 0, "waiting": 0})
        group["windows"].append(w.number)
        group["open_windows"] += _is_open(w)
        group_of[w.id] = name
    home: dict[int, str] = {}
    for rank in (_is_open, lambda w: w.kind != "reserved", lambda w: True):
        for w in windows:
            if rank(w):
                for item_id in items_of.get(w.id, set()):
                    home.setdefault(item_id, group_of[w.id])
    for item_id, n in waiting_by_item.items():
        if item_id in home:
            groups[home[item_id]]["waiting"] += n
    for window_id, n in targeted.items():
        if window_id in group_of:
            groups[group_of[window_id]]["waiting"] += n
    return list(groups.values())
