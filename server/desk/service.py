"""What the staff member at a window needs beside the engine's window actions.

The line in front of the window (to call someone out of turn), a resident who
walked straight to the window, and the staff member's own figures for today.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.centers.service import get_center, local_day
from server.events.models import Event
from server.events.service import Actor, lock_center
from server.ratings.models import Rating
from server.tickets import dispatch
from server.tickets.models import Ticket
from server.tickets.service import Acted, call_ticket, issue_ticket
from server.windows.service import get_window, require_holder

# The event-log reason of a call that makes and calls a ticket at once.
WALK_UP_REASON = "walk-up: the resident came straight to the window"


@dataclass
class Line:
    """The waiting tickets a window may call, in the order it will call them."""

    tickets: list[Ticket]
    count: int
    longest_wait_minutes: int | None


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    return max(0, int((end - start).total_seconds() // 60))


def line_for_window(*, session: Session, window_id: int, now: dt.datetime,
                    limit: int = 50) -> Line:
    window = get_window(session=session, window_id=window_id)
    center = get_center(session=session, center_id=window.center_id)
    today = local_day(center, now)
    tickets = dispatch.queue_for_window(
        session=session, window_id=window.id, center_id=window.center_id, day=today, now=now,
        max_wait_minutes=center.max_wait_minutes, limit=limit,
    )
    count, first_queued = dispatch.queue_size(
        session=session, window_id=window.id, center_id=window.center_id, day=today
    )
    longest = minutes_between(first_queued, now) if first_queued else None
    return Line(tickets=tickets, count=count, longest_wait_minutes=longest)


def serve_walk_up(
    *, session: Session, window_id: int, item_id: int, actor: Actor, now: dt.datetime,
    priority: str = "normal",
) -> Acted:
    """A resident stands at the window without a number: make one and call it here at once.

    The ticket is issued like any other (numbering, event log), sent to this window
    only, and called out of turn with the walk-up reason in the log.
    """
    window = get_window(session=session, window_id=window_id)
    lock_center(session, window.center_id)
    session.refresh(window)
    require_holder(window, actor)
    issued = issue_ticket(session=session, center_id=window.center_id, item_id=item_id,
                          now=now, priority=priority, actor=actor)
    issued.ticket.target_window_id = window.id
    acted = call_ticket(session=session, window_id=window.id, ticket_id=issued.ticket.id,
                        reason=WALK_UP_REASON, actor=actor, now=now)
    return Acted(ticket=acted.ticket, window=acted.window,
                 messages=[*issued.messages, *acted.messages])


COUNTED_EVENTS = {
    "ticket.called": "called",
    "ticket.recalled": "recalled",
    "ticket.completed": "completed",
    "ticket.no_show": "no_show",
    "ticket.transferred": "transferred",
}


def staff_today(*, session: Session, user_id: int, center_id: int,
                now: dt.datetime) -> dict[str, Any]:
    """The staff member's own figures since midnight in the center's time zone."""
    center = get_center(session=session, center_id=center_id)
    day = local_day(center, now)
    since = dt.datetime.combine(day, dt.time.min, ZoneInfo(center.timezone))
    by_type = dict(session.execute(
        select(Event.type, func.count())
        .where(Event.center_id == center_id, Event.user_id == user_id, Event.at >= since,
               Event.type.in_(tuple(COUNTED_EVENTS)))
        .group_by(Event.type)
    ).all())
    done = session.execute(
        select(Ticket.started_at, Ticket.finished_at, Ticket.outcome).where(
            Ticket.center_id == center_id, Ticket.staff_user_id == user_id,
            Ticket.state == "done", Ticket.day == day,
        )
    ).all()
    durations = [(f - s).total_seconds() / 60 for s, f, _ in done if s and f and f >= s]
    outcomes = Counter((o or {}).get("kind", "on_the_spot") for _, _, o in done)
    scores = list(session.scalars(
        select(Rating.score).where(Rating.center_id == center_id,
                                   Rating.staff_user_id == user_id, Rating.at >= since)
    ))
    return {
        "day": day.isoformat(),
        **{name: by_type.get(kind, 0) for kind, name in COUNTED_EVENTS.items()},
        "outcomes": dict(outcomes),
        "average_minutes": round(statistics.mean(durations), 1) if durations else None,
        "ratings": len(scores),
        "average_rating": round(statistics.mean(scores), 2) if scores else None,
    }
