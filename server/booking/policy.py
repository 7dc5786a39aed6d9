"""The rules a booking must pass: slot plans per item group, phone caps, no-show blocks.

The booking service (`server.booking.service`) consults these while it holds the
center's write lock, so a rule checked here still holds when the booking commits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.booking.models import BookingPolicy, Reservation, SlotRule
from server.centers.models import Center, CenterItem, Item
from server.centers.service import local_day, local_time
from server.errors import Conflict, InvalidRequest

ACTIVE = ("booked", "checked_in")


class BookingRefused(Conflict):
    """The center's rules do not let this phone book now (a cap or a no-show block)."""

    code = "booking_refused"


@dataclass(frozen=True)
class Policy:
    horizon_days: int = 0
    phone_daily_cap: int = 0
    no_show_limit: int = 0
    no_show_window_days: int = 30
    block_days: int = 30
    reminder_evening: str = "18:00"
    reminder_minutes_before: int = 60


POLICY_FIELDS = tuple(Policy.__dataclass_fields__)


@dataclass(frozen=True)
class SlotPlan:
    """How an item is booked at a center: slot length, and the capacity its group shares."""

    minutes: int
    capacity: int
    item_ids: tuple[int, ...]
    group: str | None = None
    group_en: str | None = None


def policy_for(session: Session, center_id: int) -> Policy:
    row = session.scalar(select(BookingPolicy).where(BookingPolicy.center_id == center_id))
    if row is None:
        return Policy()
    return Policy(**{name: getattr(row, name) for name in POLICY_FIELDS})


def normalize_phone(raw: str) -> str:
    """Digits only (a leading + kept); a mainland number loses its +86, so one phone is one key."""
    text = re.sub(r"[\s\-().]", "", raw or "")
    plus = text.startswith("+")
    digits = text[1:] if plus else text
    if digits.startswith("00"):
        plus, digits = True, digits[2:]
    if not digits.isdigit() or not 7 <= len(digits) <= 20:
        raise InvalidRequest("Give a phone number of 7 to 20 digits.")
    if plus and digits.startswith("86") and len(digits) == 13 and digits[2] == "1":
        return digits[2:]
    return ("+" if plus else "") + digits


def _rules(session: Session, center_id: int) -> list[SlotRule]:
    return list(session.scalars(
        select(SlotRule).where(SlotRule.center_id == center_id).order_by(SlotRule.id)
    ))


def _rule_of(item_id: int, field: str, rules: list[SlotRule]) -> SlotRule | None:
    for rule in rules:
        if item_id in (rule.item_ids or []):
            return rule
    for rule in rules:
        if rule.field and rule.field == field:
            return rule
    return None


def slot_plan(session: Session, center: Center, item_id: int) -> SlotPlan:
    rules = _rules(session, center.id)
    if not rules:
        return SlotPlan(center.slot_minutes, center.slot_capacity, (item_id,))
    served = session.execute(
        select(Item.id, Item.field)
        .join(CenterItem, CenterItem.item_id == Item.id)
        .where(CenterItem.center_id == center.id)
    ).all()
    fields = dict(served)
    rule = _rule_of(item_id, fields.get(item_id, ""), rules)
    if rule is None:
        return SlotPlan(center.slot_minutes, center.slot_capacity, (item_id,))
    group = tuple(sorted(i for i, f in served if _rule_of(i, f, rules) is rule))
    return SlotPlan(rule.slot_minutes, rule.capacity, group or (item_id,), rule.name,
                    rule.name_en or rule.name)


def _day_bounds(center: Center, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = ZoneInfo(center.timezone)
    start = dt.datetime.combine(day, dt.time(0, 0), zone)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), zone)


def blocked_until(
    session: Session, center: Center, policy: Policy, phone: str, now: dt.datetime
) -> dt.datetime | None:
    """When this phone may book here again, or None when it is not blocked.

    `no_show_limit` no-shows whose slots lie within `no_show_window_days` of each
    other block the phone for `block_days` from the last of them, to the end of that day.
    """
    if policy.no_show_limit <= 0:
        return None
    window = dt.timedelta(days=policy.no_show_window_days)
    block = dt.timedelta(days=policy.block_days)
    starts = list(session.scalars(
        select(Reservation.slot_start)
        .where(Reservation.center_id == center.id, Reservation.phone == phone,
               Reservation.state == "no_show", Reservation.slot_start >= now - window - block)
        .order_by(Reservation.slot_start)
    ))
    limit = policy.no_show_limit
    until = None
    for i in range(limit - 1, len(starts)):
        if starts[i] - starts[i - limit + 1] <= window:
            until = _next_midnight(center, starts[i] + block)
    return until if until is not None and until > now else None


def _next_midnight(center: Center, at: dt.datetime) -> dt.datetime:
    """Blocks end with a day, so a resident is told a date, not an hour."""
    return _day_bounds(center, local_time(center, at).date())[1]


def last_bookable_day(session: Session, center: Center, now: dt.datetime) -> dt.date | None:
    """The furthest day residents may book at this center, or None when there is no limit."""
    policy = policy_for(session, center.id)
    if policy.horizon_days <= 0:
        return None
    return local_day(center, now) + dt.timedelta(days=policy.horizon_days)


def check_booker(
    session: Session, *, center: Center, phone: str, slot_start: dt.datetime,
    now: dt.datetime, exclude_id: int | None = None,
) -> None:
    """Refuse a booking the center's policy does not allow: too far ahead, blocked, capped."""
    policy = policy_for(session, center.id)
    day = local_time(center, slot_start).date()
    last = last_bookable_day(session, center, now)
    if last is not None and day > last:
        raise InvalidRequest(
            "Bookings open {days} days ahead here; choose a day up to {last:%Y-%m-%d}.",
            days=policy.horizon_days, last=last)
    until = blocked_until(session, center, policy, phone, now)
    if until is not None:
        raise BookingRefused(
            "This phone missed {missed} bookings here within {days} days, so it can book "
            "again from {until:%Y-%m-%d}. You can still take a number in the hall.",
            missed=policy.no_show_limit, days=policy.no_show_window_days,
            until=local_time(center, until), detail={"blocked_until": until.isoformat()},
        )
    if policy.phone_daily_cap > 0:
        start, end = _day_bounds(center, day)
        query = select(func.count()).select_from(Reservation).where(
            Reservation.center_id == center.id, Reservation.phone == phone,
            Reservation.state.in_(ACTIVE), Reservation.slot_start >= start,
            Reservation.slot_start < end,
        )
        if exclude_id is not None:
            query = query.where(Reservation.id != exclude_id)
        if session.scalar(query) >= policy.phone_daily_cap:
            raise BookingRefused(
                "This phone already holds {cap} booking(s) here on {day:%Y-%m-%d}, the most "
                "this center allows; cancel one or choose another day.",
                cap=policy.phone_daily_cap, day=day, detail={"cap": policy.phone_daily_cap},
            )



def no_show_deadline(center: Center, reservation: Reservation) -> dt.datetime:
    """The end of the booking's grace period: not checked in by then, it is a no-show."""
    return reservation.slot_start + dt.timedelta(minutes=center.grace_minutes)


def require_changeable(center: Center, reservation: Reservation, now: dt.datetime) -> None:
    """A booking may be cancelled or moved until its grace period ends, not after."""
    if now > no_show_deadline(center, reservation):
        slot = local_time(center, reservation.slot_start)
        raise Conflict(
            "This booking was for {slot:%Y-%m-%d %H:%M} and its time has passed; it can no "
            "longer be changed.", slot=slot)

