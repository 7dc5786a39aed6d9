"""Closing a center's day.

At closing time (the center's hours on that day, in its own zone; midnight on a day it is
closed), tickets of the day (or of an earlier day, taken after its close) still waiting or
called are cancelled with the reason "day closed" (one `ticket.cancelled` each), bookings
of the day not checked in lapse as no-shows, one `day.closed` event tells the screens (with
the counts) so boards clear their lines, and the day's figures are stored for the reports.
A ticket being served is left to its clerk.

Idempotent: a day already closed with nothing left is not closed again (no event). Safe
across workers: it runs under the center's write lock, and reads only the tickets left open
(`ix_tickets_center_state_day`) and bookings (`ix_reservations_center_state_slot`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.booking.service import expire_no_shows
from server.centers.models import Center
from server.centers.service import hours_on, local_day
from server.events.service import PUBLIC, Actor, Message, lock_center, record
from server.reports.daily import stale_stored_days, store_days
from server.reports.log import day_start
from server.reports.models import ReportDay
from server.tickets.models import Ticket
from server.tickets.presenters import ticket_brief
from server.windows.models import Window

REASON = "day closed"
LEFT_STATES = ("waiting", "called")
# A center never closed before closes from the day of its oldest ticket left open, at most
# this many days back; older history is for `qms reports rebuild`.
FIRST_DAYS = 7


@dataclass
class Closed:
    center_id: int
    day: dt.date
    cancelled: int = 0
    lapsed: int = 0
    closed: bool = False
    messages: list[Message] = field(default_factory=list)


def closing_time(center: Center, day: dt.date) -> dt.datetime:
    """When the day closes: its closing hour, or the day's last instant on a closed day."""
    span = hours_on(center, day)
    closes = span[1] if span else dt.time.max
    return dt.datetime.combine(day, closes, ZoneInfo(center.timezone))


def due_days(session: Session, center: Center, now: dt.datetime) -> list[dt.date]:
    """The center's days whose closing time has passed and that were never closed."""
    last = session.scalar(select(func.max(ReportDay.day)).where(
        ReportDay.center_id == center.id, ReportDay.closed_at.is_not(None)))
    today = local_day(center, now)
    if last is not None:
        day = last + dt.timedelta(days=1)
    else:
        left = session.scalar(select(func.min(Ticket.day)).where(
            Ticket.center_id == center.id, Ticket.state.in_(LEFT_STATES)))
        day = max(min(left or today, today), today - dt.timedelta(days=FIRST_DAYS))
    due = []
    while day <= today and closing_time(center, day) <= now:
        due.append(day)
        day += dt.timedelta(days=1)
    return due


def needs_refresh(session: Session, center: Center) -> bool:
    return bool(stale_stored_days(session, center))


def close_day(
    *, session: Session, center_id: int, day: dt.date, now: dt.datetime, actor: Actor = PUBLIC,
) -> Closed:
    """Close one day of a center (see the module); returns the messages to publish."""
    center = lock_center(session, center_id)
    at = min(now, closing_time(center, day))
    done = Closed(center_id=center.id, day=day)
    for ticket in session.scalars(
        select(Ticket).where(Ticket.center_id == center.id, Ticket.state.in_(LEFT_STATES),
                             Ticket.day <= day).order_by(Ticket.id)
    ).all():
        done.messages.append(_cancel(session, center, ticket, at, actor))
    done.cancelled = len(done.messages)
    lapsed = expire_no_shows(session=session, center_id=center.id, now=at, actor=actor,
                             slots_before=day_start(day + dt.timedelta(days=1), center.timezone))
    done.lapsed = len(lapsed)
    done.messages += lapsed
    closed_before = session.scalar(select(ReportDay.closed_at).where(
        ReportDay.center_id == center.id, ReportDay.day == day))
    if closed_before is not None and not done.messages:
        store_days(session, center, [], now=now)
        return done
    done.messages.append(record(
        session, center=center, type="day.closed", at=at, actor=actor,
        data={"day": day.isoformat(), "cancelled": done.cancelled, "lapsed": done.lapsed},
    ))
    store_days(session, center, [day], now=now, closed=True)
    done.closed = True
    return done


def _cancel(session: Session, center: Center, ticket: Ticket, at: dt.datetime,
            actor: Actor) -> Message:
    window = session.get(Window, ticket.window_id) if ticket.window_id else None
    if window is not None and window.current_ticket_id == ticket.id:
        window.current_ticket_id = None
    ticket.state = "cancelled"
    ticket.finished_at = at
    return record(
        session, center=center, type="ticket.cancelled", at=at, actor=actor,
        ticket_id=ticket.id, item_id=ticket.item_id, kiosk_id=ticket.kiosk_id,
        window_id=window.id if window is not None else None,
        data={"ticket": ticket_brief(ticket, window), "reason": REASON},
    )
