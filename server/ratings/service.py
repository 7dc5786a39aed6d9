"""Ratings: the resident beside a window rates the service that window just finished.

A pad rates with its device token, and only the ticket its window completed last,
that same day, and only once. The hall hears that a rating arrived (window and
score), never who gave it or what they wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.centers.service import get_center, local_day
from server.errors import Conflict, InvalidRequest
from server.events.service import PUBLIC, Actor, Message, lock_center, record
from server.ratings.models import Rating
from server.tickets.models import Ticket
from server.windows.service import get_window

SCORES = {
    5: {"zh": "非常满意", "en": "Very satisfied"},
    4: {"zh": "满意", "en": "Satisfied"},
    3: {"zh": "基本满意", "en": "Neutral"},
    2: {"zh": "不满意", "en": "Dissatisfied"},
    1: {"zh": "非常不满意", "en": "Very dissatisfied"},
}
# A low score (<= LOW_SCORE) asks for a reason; the pad offers these codes.
LOW_SCORE = 2
REASONS = {
    "long_wait": {"zh": "等候时间太长", "en": "Waited too long"},
    "attitude": {"zh": "服务态度不好", "en": "Unfriendly service"},
    "unclear": {"zh": "解释不清楚", "en": "Not explained clearly"},
    "materials": {"zh": "材料要求太多", "en": "Too many documents asked"},
    "not_done": {"zh": "事情没办成", "en": "My matter was not settled"},
    "other": {"zh": "其他", "en": "Other"},
}
# How long after a service the pad may still ask about it (after a lost connection).
PENDING_MINUTES = 3


@dataclass
class Rated:
    rating: Rating
    ticket: Ticket
    messages: list[Message]


def last_completed(*, session: Session, window_id: int, day: dt.date) -> Ticket | None:
    """The ticket this window completed last on this day."""
    return session.scalar(
        select(Ticket)
        .where(Ticket.window_id == window_id, Ticket.state == "done", Ticket.day == day)
        .order_by(Ticket.finished_at.desc(), Ticket.id.desc())
        .limit(1)
    )


def rate_last_service(
    *, session: Session, window_id: int, score: int, reason: str, now: dt.datetime,
    actor: Actor = PUBLIC, ticket_id: int | None = None,
) -> Rated:
    """Store a rating for the ticket the window completed last today: the one the pad shows
    (`ticket_id`), not a later one a stray tap would reach."""
    if score not in SCORES:
        raise InvalidRequest(
            "A score is 1 (very dissatisfied) to 5 (very satisfied), not {score}.", score=score)
    window = get_window(session=session, window_id=window_id)
    center = lock_center(session, window.center_id)
    ticket = last_completed(session=session, window_id=window.id, day=local_day(center, now))
    if ticket is None:
        raise Conflict("Window {window} has completed no service today; there is nothing to "
                       "rate yet.", window=window.number)
    if ticket_id is not None and ticket.id != ticket_id:
        raise Conflict("Window {window} has served {number} since; the service shown is no "
                       "longer the one to rate.", window=window.number, number=ticket.number)
    if session.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id)) is not None:
        raise Conflict("The service of ticket {ticket} at window {window} is already rated; "
                       "thank you.", ticket=ticket.number, window=window.number)

    rating = Rating(center_id=center.id, ticket_id=ticket.id, window_id=window.id,
                    staff_user_id=ticket.staff_user_id, score=score,
                    reason=reason.strip()[:200], at=now)
    session.add(rating)
    session.flush()
    message = record(
        session, center=center, type="rating.recorded", at=now, actor=actor,
        ticket_id=ticket.id, window_id=window.id, item_id=ticket.item_id,
        data={"window_id": window.id, "window_number": window.number, "score": score,
              "ticket": {"id": ticket.id, "number": ticket.number}},
        # The resident's own words may name them: only for subscribers allowed personal data.
        personal={"reason": rating.reason},
    )
    return Rated(rating=rating, ticket=ticket, messages=[message])


def pending_rating(*, session: Session, window_id: int, now: dt.datetime) -> Ticket | None:
    """The service a pad may still ask about: finished moments ago and not rated yet."""
    window = get_window(session=session, window_id=window_id)
    center = get_center(session=session, center_id=window.center_id)
    ticket = last_completed(session=session, window_id=window.id, day=local_day(center, now))
    if ticket is None or ticket.finished_at < now - dt.timedelta(minutes=PENDING_MINUTES):
        return None
    if session.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id)) is not None:
        return None
    return ticket


def window_clerk(*, session: Session, window_id: int) -> User | None:
    """Who serves at the window now, for the pad to show (as Chinese rating pads do): the
    staff member holding it, or None when nobody does."""
    window = get_window(session=session, window_id=window_id)
    return session.get(User, window.staff_user_id) if window.staff_user_id else None
