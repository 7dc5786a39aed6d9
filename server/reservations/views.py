from __future__ import annotations

import datetime as dt

from apiflask import Schema, fields
from apiflask.validators import Length, Regexp
from flask import current_app

from server.api.base import api, auth, iso, now, principal, publish
from server.booking import limits
from server.booking.holder import require_holder
from server.extensions import db, limiter
from server.hall.events import PUBLIC
from server.printing.delivery import deliver
from server.printing.jobs import enqueue_ticket
from server.reservations import service
from server.reservations.models import Reservation
from server.security import limits as codes
from server.tickets.schemas import TicketOut
from server.tickets.views import check_kiosk, public_url, ticket_out

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


def reservation_out(r: Reservation) -> dict:
    return {"id": r.id, "code": r.code, "center_id": r.center_id, "item_id": r.item_id,
            "slot_start": iso(r.slot_start), "state": r.state, "name": mask_name(r.name),
            "phone": mask_phone(r.phone), "ticket_id": r.ticket_id}


def _booking_limit() -> str:
    return current_app.config["RATELIMIT_BOOKING"]


@api.post("/centers/<int:center_id>/reservations")
@limiter.limit(_booking_limit, error_message=limits.PER_CLIENT_MESSAGE)
@limiter.limit(limits.per_phone_limit, key_func=limits.phone_key,
               error_message=limits.PER_PHONE_MESSAGE)
@api.input(BookIn, arg_name="body")
@api.output(ReservationOut, status_code=201)
@api.doc(summary="Book a slot for an item; answers the check-in code",
         responses={201: "Booked", 409: "The slot is full"})
def book(center_id: int, body: dict) -> dict:
    with db.transaction() as session:
        reservation, messages = service.book(
            session=session, center_id=center_id, item_id=body["item_id"],
            slot_start=body["slot_start"], name=body["name"], phone=body["phone"], now=now(),
        )
        out = reservation_out(reservation)
    publish(messages)
    return out


@api.get("/reservations/<code>")
@codes.shared_per_address("RATELIMIT_CODE_LOOKUP", scope="booking-code")
@api.output(ReservationOut)
@api.doc(summary="A booking, by its check-in code (name and phone masked)")
def reservation_get(code: str) -> dict:
    with db.read() as session:
        return reservation_out(service.find_by_code(session=session, code=code))


class HolderIn(Schema):
    phone_last4 = fields.String(required=True, validate=Regexp(r"^[0-9]{4}$"), metadata={
        "description": "The last four digits of the booking's phone: only its holder changes it",
        "example": "5678"})


@api.delete("/reservations/<code>")
@codes.shared_per_address("RATELIMIT_CODE_LOOKUP", scope="booking-code")
@api.input(HolderIn, arg_name="body")
@api.output(ReservationOut)
@api.doc(summary="Cancel a booking (its holder: the phone's last four digits)",
         responses={403: "The phone's digits do not match", 409: "It can no longer change"})
def reservation_cancel(code: str, body: dict) -> dict:
    with db.transaction() as session:
        require_holder(service.find_by_code(session=session, code=code), body["phone_last4"])
        reservation, messages = service.cancel(session=session, code=code, now=now())
        out = reservation_out(reservation)
    publish(messages)
    return out


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
        check_kiosk(session, center_id, body["kiosk_id"])
        issued = service.check_in(
            session=session, center_id=center_id, code=body["code"], now=at,
            actor=who.actor if who else PUBLIC, kiosk_id=body["kiosk_id"],
        )
        papers = enqueue_ticket(session=session, issued=issued, now=at, base_url=public_url(""))
        out = ticket_out(session, issued.ticket, issued.placement, at, replayed=False)
    publish(issued.messages)
    deliver(papers)
    return out


@api.get("/centers/<int:center_id>/slots")
@api.input(SlotsQuery, location="query", arg_name="query")
@api.output(SlotOut(many=True))
@api.doc(summary="A day's slots for an item, with live remaining capacity")
def slots(center_id: int, query: dict) -> list[dict]:
    day: dt.date = query["date"]
    with db.read() as session:
        return [
            {"start": s.start.isoformat(), "capacity": s.capacity, "remaining": s.remaining}
            for s in service.list_slots(session=session, center_id=center_id,
                                        item_id=query["item_id"], day=day, now=now())
        ]
