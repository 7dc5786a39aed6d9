"""Booking routes beside the engine's reservation routes: where to book, a day's picture,
a booking in full, moving it, its barcode and QR code, and each center's booking rules."""

from __future__ import annotations

import datetime as dt
import io

from apiflask import Schema, fields
from apiflask.validators import Length, OneOf, Range, Regexp
from flask import Response, current_app

from server.api.base import api, auth, iso, now, publish, require_manager
from server.booking import policy as rules
from server.booking import service
from server.booking.holder import require_holder
from server.booking.sweeper import start_background_sweeps
from server.centers.models import Center, Item
from server.centers.service import get_center
from server.centers.views import CenterOut, Material, center_out
from server.extensions import db, limiter
from server.reservations.service import find_by_code
from server.reservations.views import HolderIn, ReservationOut, reservation_out
from server.security import limits as codes
from server.tickets.models import Ticket

api.record_once(lambda state: start_background_sweeps(state.app))


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
    center_ids = fields.List(fields.Integer(),
                             metadata={"description": "The centers that offer it"})


class DaysQuery(Schema):
    item_id = fields.Integer(required=True)
    start = fields.Date(load_default=None, data_key="from")
    days = fields.Integer(load_default=None, validate=Range(1, service.MAX_DAYS_SHOWN + 1))


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


def _booking_limit() -> str:
    return current_app.config["RATELIMIT_BOOKING"]


def _item_out(item: Item, center_ids: list[int]) -> dict:
    dep = item.department
    return {"id": item.id, "code": item.code, "name": item.name, "name_en": item.name_en,
            "field": item.field,
            "department": {"id": dep.id, "name": dep.name, "name_en": dep.name_en},
            "expected_minutes": item.expected_minutes, "on_the_spot": item.on_the_spot,
            "materials": item.materials, "keywords": item.keywords, "center_ids": center_ids}


@api.get("/booking/items")
@api.output(BookableItem(many=True))
@api.doc(summary="The items residents can book, each with the centers that offer it",
         description="Universal handling: any of these centers serves the item, whatever "
                     "the resident's registered residence.")
def booking_items() -> list[dict]:
    with db.read() as session:
        return [_item_out(item, ids) for item, ids in service.bookable_items(session=session)]


@api.get("/items/<int:item_id>/centers")
@api.output(CenterOut(many=True))
@api.doc(summary="The centers that offer an item (universal handling)")
def booking_item_centers(item_id: int) -> list[dict]:
    at = now()
    with db.read() as session:
        return [center_out(c, at) for c in
                service.centers_offering(session=session, item_id=item_id)]


@api.get("/centers/<int:center_id>/booking-days")
@api.input(DaysQuery, location="query", arg_name="query")
@api.output(DayOut(many=True))
@api.doc(summary="The days one may book an item on, open or closed, with places left")
def booking_days(center_id: int, query: dict) -> list[dict]:
    with db.read() as session:
        days = service.booking_days(session=session, center_id=center_id,
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
        **reservation_out(reservation),
        "center": {"id": center.id, "name": center.name, "name_en": center.name_en,
                   "timezone": center.timezone},
        "item": {"id": item.id, "name": item.name, "name_en": item.name_en,
                 "materials": item.materials},
        "slot_end": iso(reservation.slot_start + dt.timedelta(minutes=plan.minutes)),
        "group": plan.group,
        "check_in_until": iso(rules.no_show_deadline(center, reservation)),
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
        return _detail(session, find_by_code(session=session, code=code), at)


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
        require_holder(find_by_code(session=session, code=code), body["phone_last4"])
        reservation, messages = service.move(session=session, code=code,
                                             slot_start=body["slot_start"], now=now())
        out = reservation_out(reservation)
    publish(messages)
    return out


def _svg(body: bytes) -> Response:
    return Response(body, mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=86400"})


@api.get("/reservations/<code>/barcode.svg")
@codes.shared_per_address("RATELIMIT_CODE_LOOKUP", scope="booking-code")
@api.doc(summary="The check-in code as a Code128 barcode (SVG), for the kiosk's scanner",
         responses={200: {"description": "SVG", "content": {"image/svg+xml": {}}}})
def reservation_barcode(code: str) -> Response:
    import barcode
    from barcode.writer import SVGWriter

    with db.read() as session:
        value = find_by_code(session=session, code=code).code
    out = io.BytesIO()
    barcode.get("code128", value, writer=SVGWriter()).write(
        out, options={"module_width": 0.5, "module_height": 16, "quiet_zone": 4,
                      "write_text": False})
    return _svg(out.getvalue())


@api.get("/reservations/<code>/qr.svg")
@codes.shared_per_address("RATELIMIT_CODE_LOOKUP", scope="booking-code")
@api.doc(summary="The check-in code as a QR code (SVG), for the kiosk's scanner",
         responses={200: {"description": "SVG", "content": {"image/svg+xml": {}}}})
def reservation_qr(code: str) -> Response:
    import segno

    with db.read() as session:
        value = find_by_code(session=session, code=code).code
    out = io.BytesIO()
    segno.make(value, error="m").save(out, kind="svg", scale=8, border=3)
    return _svg(out.getvalue())


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
