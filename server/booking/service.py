"""A booking's life: booked, cancelled or moved, checked in at the kiosk, lapsed as a
no-show, its personal data forgotten; and the center's booking settings.

Plain domain functions: each takes the session and the time explicitly, and a
write starts with the center's write lock.
"""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.booking import outbox, policy
from server.booking.models import (
    HOLDS_PERSONAL_DATA,
    BookingPolicy,
    OutboxMessage,
    Reservation,
    SlotRule,
)
from server.booking.policy import (
    POLICY_FIELDS,
    Policy,
    blocked_until,
    no_show_deadline,
    policy_for,
)
from server.booking.slots import require_free_slot
from server.centers.models import Center, CenterItem, Item
from server.centers.service import (
    center_item,
    get_center,
    local_day,
    local_iso,
    local_time,
    require_open,
)
from server.errors import AlreadyCheckedIn, Conflict, InvalidRequest, NotFound, Term, named
from server.events.service import PUBLIC, Actor, Message, lock_center, record
from server.tickets.service import Issued, issue_for_reservation

CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3479"  # no look-alikes: 0/O, 1/I, 2/Z, 5/S, 6/G, 8/B
CODE_LENGTH = 8


def _new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Reservation.id).where(Reservation.code == code)) is None:
            return code


def personal(reservation: Reservation) -> dict[str, str]:
    """What a booking's events tell only the subscribers allowed personal data."""
    return {"name": reservation.name, "phone": reservation.phone, "code": reservation.code}


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
                               "slot_start": local_iso(center, slot_start)},
        personal=personal(reservation),
    )
    return reservation, [message]


def find_by_code(*, session: Session, code: str) -> Reservation:
    """The booking by its code as typed or as displayed (``KYEK LRNH``: spaces ignored)."""
    reservation = session.scalar(
        select(Reservation).where(Reservation.code == "".join(code.split()).upper())
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
        raise Conflict("This booking is {state}; it can no longer be {verb}.",
                       state=Term(reservation.state.replace("_", " ")), verb=Term(verb))
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
              "slot_start": local_iso(center, reservation.slot_start)},
        personal=personal(reservation),
    )
    return reservation, [message]


def move(
    *, session: Session, code: str, slot_start: dt.datetime, now: dt.datetime,
    actor: Actor = PUBLIC,
) -> tuple[Reservation, list[Message]]:
    """Move a booking to another slot of the same item at the same center; the code stays."""
    reservation, center = booking_to_change(session=session, code=code, now=now,
                                            verb="moved")
    if slot_start == reservation.slot_start:
        raise InvalidRequest("The booking is already at this time; choose another slot.")
    require_free_slot(session, center=center, item_id=reservation.item_id,
                      slot_start=slot_start, phone=reservation.phone, now=now,
                      exclude_id=reservation.id)
    before = reservation.slot_start
    reservation.slot_start = slot_start
    outbox.moved(session, center, reservation, now)
    message = record(
        session, center=center, type="reservation.moved", at=now, actor=actor,
        item_id=reservation.item_id,
        data={"reservation_id": reservation.id, "item_id": reservation.item_id,
              "slot_start": local_iso(center, slot_start),
              "from_slot_start": local_iso(center, before)},
        personal=personal(reservation),
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
        raise Conflict("This booking is for {center}, not this center.", center=named(other))
    if reservation.state == "checked_in":
        raise AlreadyCheckedIn("This booking is already checked in; your ticket was issued.")
    if reservation.state == "no_show":
        raise Conflict("This booking was not checked in within its grace period and has "
                       "lapsed; please take a number as a walk-in.")
    if reservation.state != "booked":
        raise Conflict("This booking is {state}.",
                       state=Term(reservation.state.replace("_", " ")))
    slot_local = local_time(center, reservation.slot_start)
    if slot_local.date() != local_day(center, now):
        raise Conflict("This booking is for {slot:%Y-%m-%d %H:%M}; check in on that day.",
                       slot=slot_local)
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


def lapsed_ids(*, session: Session, now: dt.datetime) -> dict[int, list[int]]:
    """Bookings still waiting for a check-in whose grace period is over, by center."""
    rows = session.execute(
        select(Reservation.id, Reservation.center_id, Reservation.slot_start, Center.grace_minutes)
        .join(Center, Center.id == Reservation.center_id)
        .where(Reservation.state == "booked", Reservation.slot_start < now)
    ).all()
    found: dict[int, list[int]] = {}
    for rid, center_id, start, grace in rows:
        if start + dt.timedelta(minutes=grace) < now:
            found.setdefault(center_id, []).append(rid)
    return found


def expire_no_shows(
    *, session: Session, center_id: int, now: dt.datetime, actor: Actor = PUBLIC,
    slots_before: dt.datetime | None = None,
) -> list[Message]:
    """Bookings at a center not checked in by the end of their grace period become no-shows;
    with `slots_before` (the day's close), every booking whose slot starts before it."""
    center = lock_center(session, center_id)
    policy = policy_for(session, center_id)
    candidates = session.scalars(
        select(Reservation)
        .where(Reservation.center_id == center_id, Reservation.state == "booked",
               Reservation.slot_start < (slots_before or now))
        .order_by(Reservation.slot_start, Reservation.id)
    )
    messages = []
    for reservation in candidates:
        if slots_before is None and no_show_deadline(center, reservation) >= now:
            continue
        reservation.state = "no_show"
        session.flush()
        until = blocked_until(session, center, policy, reservation.phone, now)
        outbox.no_show(session, center, reservation, now, until)
        messages.append(record(
            session, center=center, type="reservation.no_show", at=now, actor=actor,
            item_id=reservation.item_id,
            data={"reservation_id": reservation.id, "item_id": reservation.item_id,
                  "slot_start": reservation.slot_start.isoformat()},
            personal=personal(reservation),
        ))
    return messages


def _visit_day_end(center: Center, slot_start: dt.datetime) -> dt.datetime:
    day = local_time(center, slot_start).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(0, 0), ZoneInfo(center.timezone))


def purge_personal_data(*, session: Session, now: dt.datetime, retention_days: int) -> int:
    """Erase names and phones once the visit day plus `retention_days` is over.

    A no-show keeps its phone while it can still count toward a block under the
    center's policy; that is what it is kept for. Answers how many bookings were erased.
    """
    keep = dt.timedelta(days=retention_days)
    rows = session.scalars(
        select(Reservation)
        .where(Reservation.slot_start < now - keep, HOLDS_PERSONAL_DATA)
        .order_by(Reservation.id)
    ).all()
    centers: dict[int, Center] = {}
    policies: dict[int, Policy] = {}
    erased = []
    for r in rows:
        center = centers.setdefault(r.center_id, session.get(Center, r.center_id))
        policy = policies.setdefault(r.center_id, policy_for(session, r.center_id))
        if _visit_day_end(center, r.slot_start) + keep > now:
            continue
        if r.state == "booked":
            continue  # not lapsed yet: the no-show sweep decides first
        if r.state == "no_show" and policy.no_show_limit > 0:
            counts_until = r.slot_start + dt.timedelta(
                days=policy.no_show_window_days + policy.block_days)
            if counts_until > now:
                continue
        r.name = ""
        r.phone = ""
        erased.append(r.id)
    for start in range(0, len(erased), 500):
        chunk = erased[start:start + 500]
        for message in session.scalars(
            select(OutboxMessage).where(OutboxMessage.reservation_id.in_(chunk))
        ):
            message.phone = ""
            if message.state == "pending":
                message.state = "void"
    return len(erased)


def set_policy(*, session: Session, center_id: int, values: dict) -> Policy:
    lock_center(session, center_id)
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise InvalidRequest("Unknown policy settings: {names}.", names=sorted(unknown))
    evening = values.get("reminder_evening")
    if evening:
        try:
            dt.time.fromisoformat(evening)
        except ValueError:
            raise InvalidRequest("Give the evening reminder as HH:MM, e.g. 18:00, "
                                 "or an empty text for none.") from None
    row = session.scalar(select(BookingPolicy).where(BookingPolicy.center_id == center_id))
    if row is None:
        row = BookingPolicy(center_id=center_id, **vars(Policy()))
        session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()
    return policy_for(session, center_id)


def slot_rules(*, session: Session, center_id: int) -> list[SlotRule]:
    get_center(session=session, center_id=center_id)
    return list(session.scalars(
        select(SlotRule).where(SlotRule.center_id == center_id).order_by(SlotRule.id)
    ))


def set_slot_rules(*, session: Session, center_id: int, rules: list[dict]) -> list[SlotRule]:
    """Replace a center's slot rules. Each names a `field` or `item_ids` (or both)."""
    lock_center(session, center_id)
    served = dict(session.execute(
        select(Item.id, Item.field).join(CenterItem, CenterItem.item_id == Item.id)
        .where(CenterItem.center_id == center_id)
    ).all())
    seen_items: dict[int, str] = {}
    seen_fields: set[str] = set()
    for rule in rules:
        if not rule.get("field") and not rule.get("item_ids"):
            raise InvalidRequest("Slot rule {rule!r} names no field and no items.",
                                 rule=rule["name"])
        for item_id in rule.get("item_ids") or []:
            if item_id not in served:
                raise InvalidRequest("Item {item} is not served at center {center}.",
                                     item=item_id, center=center_id)
            if item_id in seen_items:
                raise InvalidRequest("Item {item} is in two slot rules ({first!r} and "
                                     "{second!r}).", item=item_id, first=seen_items[item_id],
                                     second=rule["name"])
            seen_items[item_id] = rule["name"]
        field = rule.get("field")
        if field:
            if field not in served.values():
                raise InvalidRequest("No item of field {field!r} is served at this center.",
                                     field=field)
            if field in seen_fields:
                raise InvalidRequest("Field {field!r} is in two slot rules.", field=field)
            seen_fields.add(field)
    for old in session.scalars(select(SlotRule).where(SlotRule.center_id == center_id)):
        session.delete(old)
    session.flush()
    made = [
        SlotRule(center_id=center_id, name=r["name"], name_en=r.get("name_en") or "",
                 field=r.get("field") or None, item_ids=list(r.get("item_ids") or []),
                 slot_minutes=r["slot_minutes"], capacity=r["capacity"])
        for r in rules
    ]
    session.add_all(made)
    session.flush()
    return made
