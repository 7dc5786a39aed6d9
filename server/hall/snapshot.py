"""The hall at one instant: what a board or dashboard shows after (re)connecting."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

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
                                             Window.retired_at.is_(None))
                        .options(selectinload(Window.items)).order_by(Window.number))
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
    groups: dict[str, dict[str, Any]] = {}
    window_rows = []
    for w in windows:
        served = items_of.get(w.id, set())
        waiting = sum(waiting_by_item.get(i, 0) for i in served) + targeted.get(w.id, 0)
        row = window_with_ticket(w, current.get(w.current_ticket_id))
        row["waiting"] = waiting
        window_rows.append(row)
        group = groups.setdefault(
            w.group or w.kind, {"group": w.group or w.kind, "group_en": w.group_en,
                                "items": set(), "windows": [], "open": 0}
        )
        group["items"] |= served
        group["windows"].append(w.number)
        group["open"] += w.state == "open" and w.staff_user_id is not None
    group_rows = [
        {
            "group": g["group"], "group_en": g["group_en"], "windows": g["windows"],
            "open_windows": g["open"],
            "waiting": sum(waiting_by_item.get(i, 0) for i in g["items"]),
        }
        for g in groups.values()
    ]
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
