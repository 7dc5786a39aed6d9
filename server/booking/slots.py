"""What can be booked: the items and centers on offer, a day's slots with their capacity,
and the check that a slot is free for a phone.

Plain domain functions: each takes the session and the time explicitly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.booking import policy
from server.booking.models import Reservation
from server.booking.policy import Policy, policy_for
from server.centers.models import Center, CenterItem, Item
from server.centers.service import center_item, get_center, hours_on, local_day, local_time
from server.errors import InvalidRequest, NotFound, SlotFull

# Days the booking page offers when the center sets no horizon of its own.
DEFAULT_DAYS_SHOWN = 14
MAX_DAYS_SHOWN = 62
ACTIVE = ("booked", "checked_in")


@dataclass
class Slot:
    start: dt.datetime
    capacity: int
    remaining: int


@dataclass
class Day:
    date: dt.date
    open: bool
    slots: int
    remaining: int


def centers_offering(*, session: Session, item_id: int) -> list[Center]:
    """Universal handling: every center that serves the item, whoever the resident is."""
    if session.get(Item, item_id) is None:
        raise NotFound("There is no item {item}.", item=item_id)
    return list(session.scalars(
        select(Center).join(CenterItem, CenterItem.center_id == Center.id)
        .where(CenterItem.item_id == item_id).order_by(Center.id)
    ))


def bookable_items(*, session: Session) -> list[tuple[Item, list[int]]]:
    """The city's items that at least one center serves, each with those centers' ids."""
    offered: dict[int, list[int]] = {}
    for center_id, item_id in session.execute(
        select(CenterItem.center_id, CenterItem.item_id).order_by(CenterItem.center_id)
    ):
        offered.setdefault(item_id, []).append(center_id)
    items = session.scalars(select(Item).where(Item.id.in_(offered)).order_by(Item.field, Item.id))
    return [(item, offered[item.id]) for item in items]


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
        raise NotFound("There is no center {center}.", center=center_id)
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


def days_shown(policy: Policy) -> int:
    return min(policy.horizon_days or DEFAULT_DAYS_SHOWN, MAX_DAYS_SHOWN)


def booking_days(
    *, session: Session, center_id: int, item_id: int, now: dt.datetime,
    first: dt.date | None = None, count: int | None = None,
) -> list[Day]:
    """The days a resident may pick from, each open or closed, with what is left."""
    center = get_center(session=session, center_id=center_id)
    center_item(session=session, center_id=center_id, item_id=item_id)
    today = local_day(center, now)
    policy = policy_for(session, center_id)
    shown = days_shown(policy)
    first = max(first or today, today)
    last = today + dt.timedelta(days=shown)
    count = min(count or shown + 1, shown + 1)
    days = []
    for offset in range(count):
        day = first + dt.timedelta(days=offset)
        if day > last:
            break
        slots = list_slots(session=session, center_id=center_id, item_id=item_id, day=day,
                           now=now)
        days.append(Day(date=day, open=bool(slots), slots=len(slots),
                        remaining=sum(s.remaining for s in slots)))
    return days


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
            "{slot:%Y-%m-%d %H:%M} is not a slot start at this center; list the slots to "
            "choose one.", slot=local)
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
        raise SlotFull("The {slot:%H:%M} slot on {slot:%Y-%m-%d} is full; choose another.",
                       slot=local)

