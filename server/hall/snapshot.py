"""The hall at one instant: what a board or dashboard shows after (re)connecting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from server.centers.service import get_center, local_day, opening_hours
from server.events.models import Event
from server.hall.lines import line_figures
from server.tickets.models import Ticket
from server.tickets.presenters import window_with_ticket
from server.windows.models import Window

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
    lines = line_figures(session=session, center_id=center_id, day=today, windows=windows)
    waiting = {row["window_id"]: row["waiting"] for row in lines["waiting_by_window"]}
    window_rows = []
    for w in windows:
        row = window_with_ticket(w, current.get(w.current_ticket_id))
        row["waiting"] = waiting[w.id]
        window_rows.append(row)
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
        "waiting_by_item": lines["waiting_by_item"],
        "waiting_by_group": lines["waiting_by_group"],
        "waiting_total": lines["waiting_total"],
        "last_calls": [
            {"seq": e.seq, "type": e.type, "at": e.at.isoformat(),
             "number": e.data.get("ticket", {}).get("number"),
             "window_number": e.data.get("window_number")}
            for e in calls
        ],
    }
