"""Bookings: slots with capacity, booking, cancelling and checking in at the kiosk."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.booking import outbox, policy
from server.centers.models import Center
from server.centers.service import center_item, hours_on, local_day, local_time, require_open
from server.errors import AlreadyCheckedIn, Conflict, InvalidRequest, NotFound, SlotFull
from server.events.service import PUBLIC, Actor, Message, lock_center, record
from server.reservations.models import Reservation
from server.tickets.service import Issued, issue_for_reservation

ACTIVE = ("booked", "checked_in")
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3479"  # no look-alikes: 0/O, 1/I, 2/Z, 5/S, 6/G, 8/B
CODE_LENGTH = 8


@dataclass
class Slot:
    start: dt.datetime
    capacity: int
    remaining: int


def slot_starts(center: Center, day: dt.date, minutes: int | None = None) -> list[dt.datetime]:
    """The slot starts of a day in the center's time zone; none on a closed day."""
    span = hours_on(center, day)
    if span is None:
        return []
    zone = ZoneInfo(center.timezone)
    step = dt.timedelta(minutes=minutes or center.slot_minutes)
    start = dt.datetime.combine(day, span[0], zone)
    close = dt.datetime.combine(day, span[1], zone)
    starts = []
    while start + step <= close:
        starts.append(start)
        start += step
    return starts


def _booked_counts(
    session: Session, center_id: int, item_ids: tuple[int, ...], starts: list[dt.datetime]
):
    if not starts:
        return {}
    rows = session.execute(
        select(Reservation.slot_start, func.count())
        .where(
            Reservation.center_id == center_id,
            Reservation.item_id.in_(item_ids),
            Reservation.state.in_(ACTIVE),
            Reservation.slot_start >= starts[0],
            Reservation.slot_start <= starts[-1],
        )
        .group_by(Reservation.slot_start)
    ).all()
    return {start: count for start, count in rows}


def list_slots(
    *, session: Session, center_id: int, item_id: int, day: dt.date, now: dt.datetime
) -> list[Slot]:
    center = session.get(Center, center_id)
    if center is None:
        raise NotFound(f"There is no center {center_id}.")
    center_item(session=session, center_id=center_id, item_id=item_id)
    last = policy.last_bookable_day(session, center, now)
    if last is not None and day > last:
        return []
    plan = policy.slot_plan(session, center, item_id)
    starts = [s for s in slot_starts(center, day, plan.minutes) if s > now]
    counts = _booked_counts(session, center_id, plan.item_ids, starts)
    capacity = plan.capacity
    return [
        Slot(start=s, capacity=capacity, remaining=max(0, capacity - counts.get(s, 0)))
        for s in starts
    ]


def _new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Reservation.id).where(Reservation.code == code)) is None:
            return code


def require_free_slot(
    session: Session, *, center: Center, item_id: int, slot_start: dt.datetime,
    phone: str, now: dt.datetime, exclude_id: int | None = None,
) -> None:
    """Refuse a slot that is off the grid, over, full, or not allowed to this phone.

    Called with the center's write lock held, so the capacity counted is the capacity left.
    """
    if slot_start.tzinfo is None:
        raise InvalidRequest("Give the slot's start with its UTC offset, e.g. +08:00.")
    center_item(session=session, center_id=center.id, item_id=item_id)
    plan = policy.slot_plan(session, center, item_id)
    local = local_time(center, slot_start)
    if local not in slot_starts(center, local.date(), plan.minutes):
        raise InvalidRequest(
            f"{local:%Y-%m-%d %H:%M} is not a slot start at this center; "
            "list the slots to choose one."
        )
    if slot_start + dt.timedelta(minutes=plan.minutes) <= now:
        raise InvalidRequest("This slot is over; choose a later one.")
    policy.check_booker(session, center=center, phone=phone, slot_start=slot_start, now=now,
                        exclude_id=exclude_id)
    taken = session.scalar(
        select(func.count()).select_from(Reservation).where(
            Reservation.center_id == center.id,
            Reservation.item_id.in_(plan.item_ids),
            Reservation.slot_start == slot_start,
            Reservation.state.in_(ACTIVE),
        )
    )
    if taken >= plan.capacity:
        raise SlotFull(f"The {local:%H:%M} slot on {local:%Y-%m-%d} is full; choose another.")


def book(
    *, session: Session, center_id: int, item_id: int, slot_start: dt.datetime, name: str,
    phone: str, now: dt.datetime, actor: Actor = PUBLIC,
) -> tuple[Reservation, list[Message]]:
    phone = policy.normalize_phone(phone)
    center = lock_center(session, center_id)
    require_free_slot(session, center=center, item_id=item_id, slot_start=slot_start,
                      phone=phone, now=now)
    reservation = Reservation(
        center_id=center.id, item_id=item_id, slot_start=slot_start, code=_new_code(session),
        name=name.strip(), phone=phone, state="booked", created_at=now,
    )
    session.add(reservation)
    session.flush()
    outbox.booked(session, center, reservation, now)
    message = record(
        session, center=center, type="reservation.booked", at=now, actor=actor,
        item_id=item_id, data={"reservation_id": reservation.id, "item_id": item_id,
                               "slot_start": slot_start.isoformat()},
    )
    return reservation, [message]


def find_by_code(*, session: Session, code: str) -> Reservation:
    reservation = session.scalar(
        select(Reservation).where(Reservation.code == code.strip().upper())
    )
    if reservation is None:
        raise NotFound("No booking has this code. Please check it and try again.")
    return reservation


def booking_to_change(
    *, session: Session, code: str, now: dt.datetime, verb: str
) -> tuple[Reservation, Center]:
    """A booking that may still be cancelled or moved, read under its center's write lock."""
    reservation = find_by_code(session=session, code=code)
    center = lock_center(session, reservation.center_id)
    session.refresh(reservation)
    if reservation.state != "booked":
        raise Conflict(f"This booking is {reservation.state.replace('_', ' ')}; "
                       f"it can no longer be {verb}.")
    policy.require_changeable(center, reservation, now)
    return reservation, center


def cancel(
    *, session: Session, code: str, now: dt.datetime, actor: Actor = PUBLIC
) -> tuple[Reservation, list[Message]]:
    reservation, center = booking_to_change(session=session, code=code, now=now,
                                            verb="cancelled")
    reservation.state = "cancelled"
    outbox.cancelled(session, center, reservation, now)
    message = record(
        session, center=center, type="reservation.cancelled", at=now, actor=actor,
        item_id=reservation.item_id,
        data={"reservation_id": reservation.id, "item_id": reservation.item_id,
              "slot_start": reservation.slot_start.isoformat()},
    )
    return reservation, [message]


def check_in(
    *, session: Session, center_id: int, code: str, now: dt.datetime, actor: Actor = PUBLIC,
    kiosk_id: int | None = None,
) -> Issued:
    """Turn a booking into a ticket with reservation priority."""
    reservation = find_by_code(session=session, code=code)
    center = lock_center(session, center_id)
    session.refresh(reservation)
    if reservation.center_id != center.id:
        other = session.get(Center, reservation.center_id)
        raise Conflict(f"This booking is for {other.name_en or other.name}, not this center.")
    if reservation.state == "checked_in":
        raise AlreadyCheckedIn("This booking is already checked in; your ticket was issued.")
    if reservation.state == "no_show":
        raise Conflict("This booking was not checked in within its grace period and has "
                       "lapsed; please take a number as a walk-in.")
    if reservation.state != "booked":
        raise Conflict(f"This booking is {reservation.state.replace('_', ' ')}.")
    slot_local = local_time(center, reservation.slot_start)
    if slot_local.date() != local_day(center, now):
        raise Conflict(
            f"This booking is for {slot_local:%Y-%m-%d %H:%M}; check in on that day."
        )
    require_open(center, now, what="Check-ins")
    item = center_item(session=session, center_id=center.id, item_id=reservation.item_id)
    issued = issue_for_reservation(
        session=session, center=center, item=item, slot_start=reservation.slot_start,
        reservation_id=reservation.id, now=now, actor=actor, kiosk_id=kiosk_id,
    )
    reservation.state = "checked_in"
    reservation.checked_in_at = now
    reservation.ticket_id = issued.ticket.id
    outbox.checked_in(session, reservation)
    return issued
