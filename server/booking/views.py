"""A booking's whole life over REST: where to book, a day's slots, booking, the booking
by its code (in brief and in full), cancelling, moving, checking in at the kiosk, its
barcode and QR code, and each center's booking rules."""

from __future__ import annotations

import datetime as dt

from apiflask import Schema, fields
from apiflask.validators import Length, OneOf, Range, Regexp
from flask import Response, current_app, request
from flask_limiter.util import get_remote_address

from server import flows
from server.api.auth import auth, principal, require_manager
from server.api.base import api, now, public_url
from server.api.schemas import TicketOut
from server.booking import policy as rules
from server.booking import service
from server.booking import slots as booking_slots
from server.booking.holder import require_holder
from server.booking.models import Reservation
from server.booking.policy import normalize_phone
from server.centers.models import Center, Item
from server.centers.search import search_keys
from server.centers.service import get_center, local_iso
from server.centers.views import CenterOut, Material, center_out
from server.codes import code128_svg, qr_svg
from server.errors import InvalidRequest
from server.events.service import PUBLIC
from server.extensions import db, limiter
from server.security import limits as codes
from server.tickets.choice import choose_center
from server.tickets.models import Ticket


# Rate limits on booking, per client and per phone (Flask-Limiter's own settings apply,
# so RATELIMIT_ENABLED=false lifts them for benchmarks and load tests).
def per_phone_limit() -> str:
    return current_app.config["RATELIMIT_BOOKING_PHONE"]


def phone_key() -> str:
    """The booking's phone, normalized, so spaces or +86 do not make a second counter."""
    body = request.get_json(silent=True)
    phone = body.get("phone") if isinstance(body, dict) else None
    try:
        return "phone:" + normalize_phone(str(phone or ""))
    except InvalidRequest:
        return "client:" + get_remote_address()


PER_PHONE_MESSAGE = ("Too many bookings for this phone number in a short time; "
                     "please try again later.")
PER_CLIENT_MESSAGE = "Too many booking requests from this device; please wait a minute."


def _booking_limit() -> str:
    return current_app.config["RATELIMIT_BOOKING"]


NOT_BLANK = Regexp(r"\S", error="Give a name, not only spaces.")
PHONE = Regexp(r"^\+?[0-9][0-9 \-]{6,19}$", error="Give a phone number of 7 to 20 digits.")


class BookIn(Schema):
    item_id = fields.Integer(required=True, strict=True)
    slot_start = fields.AwareDateTime(
        required=True, metadata={"example": "2026-11-30T09:00:00+08:00"},
        error_messages={
            "invalid": "Give the slot start as ISO 8601, e.g. 2026-11-30T09:00:00+08:00.",
            "invalid_awareness": "Give the slot start with its timezone offset, "
                                 "e.g. 2026-11-30T09:00:00+08:00.",
        },
    )
    name = fields.String(required=True, validate=[Length(1, 100), NOT_BLANK])
    phone = fields.String(required=True, validate=PHONE)


class ReservationOut(Schema):
    id = fields.Integer()
    code = fields.String(metadata={"description": "The check-in code"})
    center_id = fields.Integer()
    item_id = fields.Integer()
    slot_start = fields.String()
    state = fields.String()
    name = fields.String(metadata={"description": "Masked"})
    phone = fields.String(metadata={"description": "Masked"})
    ticket_id = fields.Integer(allow_none=True)


class CheckInIn(Schema):
    code = fields.String(required=True, validate=Length(4, 32))
    kiosk_id = fields.Integer(load_default=None, allow_none=True, strict=True, metadata={
        "description": "The kiosk that prints the ticket: only with that kiosk's device token"})


class HolderIn(Schema):
    phone_last4 = fields.String(required=True, validate=Regexp(r"^[0-9]{4}$"), metadata={
        "description": "The last four digits of the booking's phone: only its holder changes it",
        "example": "5678"})


class SlotsQuery(Schema):
    item_id = fields.Integer(required=True)
    date = fields.Date(required=True)


class SlotOut(Schema):
    start = fields.String()
    capacity = fields.Integer()
    remaining = fields.Integer()


def mask_name(name: str) -> str:
    return name[:1] + "*" * max(1, len(name) - 1)


def mask_phone(phone: str) -> str:
    digits = phone.replace(" ", "").replace("-", "")
    return digits[:3] + "*" * max(0, len(digits) - 7) + digits[-4:]


def reservation_out(session, r: Reservation) -> dict:
    center = session.get(Center, r.center_id)
    return {"id": r.id, "code": r.code, "center_id": r.center_id, "item_id": r.item_id,
            "slot_start": local_iso(center, r.slot_start), "state": r.state,
            "name": mask_name(r.name), "phone": mask_phone(r.phone), "ticket_id": r.ticket_id}


@api.post("/centers/<int:center_id>/reservations")
@limiter.limit(_booking_limit, error_message=PER_CLIENT_MESSAGE)
@limiter.limit(per_phone_limit, key_func=phone_key,
               error_message=PER_PHONE_MESSAGE)
@api.input(BookIn, arg_name="body")
@api.output(ReservationOut, status_code=201)
@api.doc(summary="Book a slot for an item; answers the check-in code",
         responses={201: "Booked", 409: "The slot is full"})
def book(center_id: int, body: dict) -> dict:
    with db.transaction() as session:
        reservation, _ = service.book(
            session=session, center_id=center_id, item_id=body["item_id"],
            slot_start=body["slot_start"], name=body["name"], phone=body["phone"], now=now(),
        )
        return reservation_out(session, reservation)


@api.get("/reservations/<code>")
@codes.shared_per_address("RATELIMIT_CODE_LOOKUP", scope="booking-code")
@api.output(ReservationOut)
@api.doc(summary="A booking, by its check-in code (name and phone masked)")
def reservation_get(code: str) -> dict:
    with db.read() as session:
        return reservation_out(session, service.find_by_code(session=session, code=code))


@api.delete("/reservations/<code>")
@codes.shared_per_address("RATELIMIT_CODE_LOOKUP", scope="booking-code")
@api.input(HolderIn, arg_name="body")
@api.output(ReservationOut)
@api.doc(summary="Cancel a booking (its holder: the phone's last four digits)",
         responses={403: "The phone's digits do not match", 409: "It can no longer change"})
def reservation_cancel(code: str, body: dict) -> dict:
    with db.transaction() as session:
        require_holder(service.find_by_code(session=session, code=code), body["phone_last4"])
        reservation, _ = service.cancel(session=session, code=code, now=now())
        return reservation_out(session, reservation)


@api.post("/centers/<int:center_id>/check-ins")
@api.auth_required(auth, optional=True)
@codes.shared_per_address("RATELIMIT_CODE_LOOKUP", scope="booking-code",
                          devices_exempt=True)
@api.input(CheckInIn, arg_name="body")
@api.output(TicketOut, status_code=201)
@api.doc(summary="Check in a booking: it becomes a ticket with reservation priority")
def check_in(center_id: int, body: dict) -> dict:
    at = now()
    who = principal()
    with db.transaction() as session:
        return flows.check_in(session=session, center_id=center_id, code=body["code"], now=at,
                              base_url=public_url(""), actor=who.actor if who else PUBLIC,
                              kiosk_id=body["kiosk_id"])


@api.get("/centers/<int:center_id>/slots")
@api.input(SlotsQuery, location="query", arg_name="query")
@api.output(SlotOut(many=True))
@api.doc(summary="A day's slots for an item, with live remaining capacity")
def slots(center_id: int, query: dict) -> list[dict]:
    day: dt.date = query["date"]
    with db.read() as session:
        return [
            {"start": s.start.isoformat(), "capacity": s.capacity, "remaining": s.remaining}
            for s in booking_slots.list_slots(session=session, center_id=center_id,
                                        item_id=query["item_id"], day=day, now=now())
        ]


class Department(Schema):
    id = fields.Integer()
    name = fields.String()
    name_en = fields.String()


class BookableItem(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    name_en = fields.String()
    field = fields.String()
    department = fields.Nested(Department)
    expected_minutes = fields.Integer()
    on_the_spot = fields.Boolean()
    materials = fields.List(fields.Nested(Material))
    keywords = fields.String()
    pinyin = fields.String(metadata={"description": "The name in pinyin, for search"})
    initials = fields.String(metadata={"description": "The name's pinyin initials"})
    center_ids = fields.List(fields.Integer(),
                             metadata={"description": "The centers that offer it"})


class DaysQuery(Schema):
    item_id = fields.Integer(required=True)
    start = fields.Date(load_default=None, data_key="from")
    days = fields.Integer(load_default=None, validate=Range(1, booking_slots.MAX_DAYS_SHOWN + 1))


class DayOut(Schema):
    date = fields.String()
    open = fields.Boolean(metadata={"description": "False: closed (a holiday, a closure)"})
    slots = fields.Integer()
    remaining = fields.Integer()
    slot_minutes = fields.Integer()


class BookingDetail(ReservationOut):
    center = fields.Dict()
    item = fields.Dict()
    slot_end = fields.String()
    group = fields.String(allow_none=True)
    check_in_until = fields.String(metadata={"description": "The grace period's end"})
    changeable = fields.Boolean(metadata={"description": "May still be cancelled or moved"})
    ticket_token = fields.String(allow_none=True,
                                 metadata={"description": "Once checked in: the live page"})
    retention_days = fields.Integer()


class MoveIn(HolderIn):
    slot_start = fields.AwareDateTime(
        required=True, metadata={"example": "2026-11-30T09:30:00+08:00"},
        error_messages={
            "invalid": "Give the slot start as ISO 8601, e.g. 2026-11-30T09:30:00+08:00.",
            "invalid_awareness": "Give the slot start with its timezone offset, "
                                 "e.g. 2026-11-30T09:30:00+08:00.",
        },
    )


class PolicyIO(Schema):
    horizon_days = fields.Integer(validate=Range(0, 366),
                                  metadata={"description": "Days ahead one may book; 0: no limit"})
    phone_daily_cap = fields.Integer(
        validate=Range(0, 50), metadata={"description": "Bookings per phone per day; 0: no cap"})
    no_show_limit = fields.Integer(
        validate=Range(0, 50), metadata={"description": "No-shows that block a phone; 0: never"})
    no_show_window_days = fields.Integer(validate=Range(1, 366))
    block_days = fields.Integer(validate=Range(1, 366))
    reminder_evening = fields.String(
        validate=Regexp(r"^$|^([01][0-9]|2[0-3]):[0-5][0-9]$",
                        error="Give the evening reminder as HH:MM, or empty for none."))
    reminder_minutes_before = fields.Integer(validate=Range(0, 24 * 60))


class SlotRuleIO(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=Length(1, 100))
    name_en = fields.String(load_default="", validate=Length(0, 100))
    field = fields.String(load_default=None, allow_none=True, validate=Length(1, 40))
    item_ids = fields.List(fields.Integer(), load_default=list)
    slot_minutes = fields.Integer(required=True, validate=OneOf([5, 10, 15, 20, 30, 45, 60,
                                                                 90, 120]))
    capacity = fields.Integer(required=True, validate=Range(1, 500))


class SlotRulesIn(Schema):
    rules = fields.List(fields.Nested(SlotRuleIO), required=True)


def _item_out(item: Item, center_ids: list[int]) -> dict:
    dep = item.department
    return {"id": item.id, "code": item.code, "name": item.name, "name_en": item.name_en,
            "field": item.field,
            "department": {"id": dep.id, "name": dep.name, "name_en": dep.name_en},
            "expected_minutes": item.expected_minutes, "on_the_spot": item.on_the_spot,
            "materials": item.materials, "keywords": item.keywords, "center_ids": center_ids,
            **search_keys(item.name)}


@api.get("/booking/items")
@api.output(BookableItem(many=True))
@api.doc(summary="The items residents can book, each with the centers that offer it",
         description="Universal handling: any of these centers serves the item, whatever "
                     "the resident's registered residence.")
def booking_items() -> list[dict]:
    with db.read() as session:
        return [_item_out(item, ids) for item, ids in booking_slots.bookable_items(session=session)]


class CenterChoiceOut(CenterOut):
    waiting = fields.Integer(metadata={"description": "People ahead of a number taken now"})
    windows_open = fields.Integer(metadata={"description": "Open windows that serve the item"})
    estimated_wait_minutes = fields.Integer(allow_none=True, metadata={
        "description": "The wait promised to a number taken now; null: closed, or no window "
                       "serving the item is open"})
    can_take = fields.Boolean(metadata={"description": "A number can be taken here now"})


@api.get("/items/<int:item_id>/centers")
@api.output(CenterChoiceOut(many=True))
@api.doc(summary="The centers that offer an item, nearest wait first (universal handling)",
         description="For each center: open now, how many wait for the item, the wait promised "
                     "to a number taken now. Centers where a number can be taken come first, "
                     "by that wait.")
def booking_item_centers(item_id: int) -> list[dict]:
    at = now()
    with db.read() as session:
        centers = booking_slots.centers_offering(session=session, item_id=item_id)
        return [{**center_out(w.center, at), "waiting": w.waiting,
                 "windows_open": w.windows_open, "can_take": w.can_take,
                 "estimated_wait_minutes": w.estimated_wait_minutes}
                for w in choose_center(session=session, item_id=item_id, centers=centers,
                                       now=at)]


@api.get("/centers/<int:center_id>/booking-days")
@api.input(DaysQuery, location="query", arg_name="query")
@api.output(DayOut(many=True))
@api.doc(summary="The days one may book an item on, open or closed, with places left")
def booking_days(center_id: int, query: dict) -> list[dict]:
    with db.read() as session:
        days = booking_slots.booking_days(session=session, center_id=center_id,
                                    item_id=query["item_id"], now=now(),
                                    first=query["start"], count=query["days"])
        minutes = rules.slot_plan(session, session.get(Center, center_id),
                                  query["item_id"]).minutes
    return [{"date": d.date.isoformat(), "open": d.open, "slots": d.slots,
             "remaining": d.remaining, "slot_minutes": minutes} for d in days]


def _detail(session, reservation, at: dt.datetime) -> dict:
    center = session.get(Center, reservation.center_id)
    item = session.get(Item, reservation.item_id)
    plan = rules.slot_plan(session, center, item.id)
    ticket = session.get(Ticket, reservation.ticket_id) if reservation.ticket_id else None
    changeable = reservation.state == "booked" and at <= rules.no_show_deadline(
        center, reservation)
    return {
        **reservation_out(session, reservation),
        "center": {"id": center.id, "name": center.name, "name_en": center.name_en,
                   "timezone": center.timezone},
        "item": {"id": item.id, "name": item.name, "name_en": item.name_en,
                 "materials": item.materials},
        "slot_end": local_iso(center,
                              reservation.slot_start + dt.timedelta(minutes=plan.minutes)),
        "group": plan.group,
        "check_in_until": local_iso(center, rules.no_show_deadline(center, reservation)),
        "changeable": changeable,
        "ticket_token": ticket.token if ticket is not None else None,
        "retention_days": current_app.config["QMS_BOOKING_RETENTION_DAYS"],
    }


@api.get("/booking/reservations/<code>")
@codes.shared_per_address("RATELIMIT_CODE_LOOKUP", scope="booking-code")
@api.output(BookingDetail)
@api.doc(summary="A booking in full, by its check-in code (name and phone masked)")
def booking_detail(code: str) -> dict:
    at = now()
    with db.read() as session:
        return _detail(session, service.find_by_code(session=session, code=code), at)


@api.post("/reservations/<code>/move")
@limiter.limit(_booking_limit)
@codes.shared_per_address("RATELIMIT_CODE_LOOKUP", scope="booking-code")
@api.input(MoveIn, arg_name="body")
@api.output(ReservationOut)
@api.doc(summary="Move a booking to another slot; the check-in code stays (its holder: the "
                 "phone's last four digits)",
         responses={200: "Moved", 403: "The phone's digits do not match",
                    409: "The slot is full, or the booking can no longer move"})
def reservation_move(code: str, body: dict) -> dict:
    with db.transaction() as session:
        require_holder(service.find_by_code(session=session, code=code), body["phone_last4"])
        reservation, _ = service.move(session=session, code=code,
                                      slot_start=body["slot_start"], now=now())
        return reservation_out(session, reservation)


def _svg(body: str) -> Response:
    return Response(body, mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=86400"})


@api.get("/reservations/<code>/barcode.svg")
@codes.shared_per_address("RATELIMIT_CODE_LOOKUP", scope="booking-code")
@api.doc(summary="The check-in code as a Code128 barcode (SVG), for the kiosk's scanner",
         responses={200: {"description": "SVG", "content": {"image/svg+xml": {}}}})
def reservation_barcode(code: str) -> Response:
    with db.read() as session:
        value = service.find_by_code(session=session, code=code).code
    return _svg(code128_svg(value, height=32, scale=2))


@api.get("/reservations/<code>/qr.svg")
@codes.shared_per_address("RATELIMIT_CODE_LOOKUP", scope="booking-code")
@api.doc(summary="The check-in code as a QR code (SVG), for the kiosk's scanner",
         responses={200: {"description": "SVG", "content": {"image/svg+xml": {}}}})
def reservation_qr(code: str) -> Response:
    with db.read() as session:
        value = service.find_by_code(session=session, code=code).code
    return _svg(qr_svg(value))


def _policy_out(policy: rules.Policy) -> dict:
    return {name: getattr(policy, name) for name in rules.POLICY_FIELDS}


@api.get("/centers/<int:center_id>/booking-policy")
@api.output(PolicyIO)
@api.doc(summary="A center's booking rules: horizon, cap per phone, no-show blocking, reminders")
def booking_policy_get(center_id: int) -> dict:
    with db.read() as session:
        get_center(session=session, center_id=center_id)
        return _policy_out(rules.policy_for(session, center_id))


@api.put("/centers/<int:center_id>/booking-policy")
@api.auth_required(auth)
@api.input(PolicyIO(partial=True), arg_name="body")
@api.output(PolicyIO)
@api.doc(summary="Change a center's booking rules (managers); settings left out stay as they are")
def booking_policy_put(center_id: int, body: dict) -> dict:
    require_manager(center_id)
    with db.transaction() as session:
        return _policy_out(service.set_policy(session=session, center_id=center_id,
                                              values=body))


def _rule_out(rule) -> dict:
    return {"id": rule.id, "name": rule.name, "name_en": rule.name_en, "field": rule.field,
            "item_ids": rule.item_ids, "slot_minutes": rule.slot_minutes,
            "capacity": rule.capacity}


@api.get("/centers/<int:center_id>/slot-rules")
@api.output(SlotRuleIO(many=True))
@api.doc(summary="A center's slot rules: slot length and shared capacity per item group",
         description="Items in no rule are booked by the center's own slot length and "
                     "capacity, each item on its own.")
def slot_rules_get(center_id: int) -> list[dict]:
    with db.read() as session:
        return [_rule_out(r) for r in service.slot_rules(session=session, center_id=center_id)]


@api.put("/centers/<int:center_id>/slot-rules")
@api.auth_required(auth)
@api.input(SlotRulesIn, arg_name="body")
@api.output(SlotRuleIO(many=True))
@api.doc(summary="Replace a center's slot rules (managers)")
def slot_rules_put(center_id: int, body: dict) -> list[dict]:
    require_manager(center_id)
    with db.transaction() as session:
        return [_rule_out(r) for r in service.set_slot_rules(
            session=session, center_id=center_id, rules=body["rules"])]
