"""Taking a number from a phone: a one-time code to the phone, then the number with it."""

from __future__ import annotations

from typing import Any

from apiflask import Schema, fields
from apiflask.validators import Length, Range, Regexp
from flask import current_app

from server.api.auth import auth, require_principal
from server.api.base import api, now, public_url
from server.api.schemas import TicketOut
from server.booking.views import PHONE, phone_key
from server.errors import InvalidRequest
from server.extensions import db, limiter
from server.remote import service
from server.tickets.presenters import ticket_out

PER_CLIENT = "Too many requests from this device; please wait a minute."
PER_PHONE = "Too many requests for this phone number; please try again later."


def _limit() -> str:
    return current_app.config["RATELIMIT_REMOTE"]


class CodeIn(Schema):
    phone = fields.String(required=True, validate=PHONE)


class CodeOut(Schema):
    sent = fields.Boolean()
    expires_in_seconds = fields.Integer()


class JoinIn(Schema):
    item_id = fields.Integer(required=True, validate=Range(min=1))
    phone = fields.String(required=True, validate=PHONE)
    code = fields.String(required=True, validate=[Length(6, 6), Regexp(r"^[0-9]{6}$")])


@api.post("/centers/<int:center_id>/phone-codes")
@limiter.limit(_limit, error_message=PER_CLIENT)
@limiter.limit(_limit, key_func=phone_key, error_message=PER_PHONE)
@api.input(CodeIn, arg_name="body")
@api.output(CodeOut, status_code=202)
@api.doc(summary="Send a one-time code to a phone, to take a number with it",
         description="The text goes out through the reminder outbox (`qms booking outbox`). "
                     "One code a minute and five a day per phone.",
         responses={429: "A code was just sent, or too many today"})
def phone_code(center_id: int, body: dict) -> dict[str, Any]:
    with db.transaction() as session:
        service.request_code(session=session, center_id=center_id, phone=body["phone"],
                             now=now())
    return {"sent": True, "expires_in_seconds": service.CODE_MINUTES * 60}


@api.post("/centers/<int:center_id>/phone-tickets")
@limiter.limit(_limit, error_message=PER_CLIENT)
@limiter.limit(_limit, key_func=phone_key, error_message=PER_PHONE)
@api.input(JoinIn, arg_name="body")
@api.output(TicketOut, status_code=201)
@api.doc(summary="Take today's number from a phone, with the code sent to it",
         description="The ticket waits in the line from now; its `status_url` is the "
                     "resident's live page. A phone takes at most the center's daily cap.",
         responses={400: "The code is wrong, used or expired", 409: "Closed, no window "
                    "serves the item, or the phone's cap for today is reached"})
def phone_ticket(center_id: int, body: dict) -> dict[str, Any]:
    at = now()
    with db.transaction() as session:
        joined = service.join(session=session, center_id=center_id, item_id=body["item_id"],
                              phone=body["phone"], code=body["code"], now=at)
        out = None if joined.issued is None else ticket_out(
            session, joined.issued.ticket, joined.issued.placement, at, base_url=public_url(""))
    if out is None:
        raise InvalidRequest("The code is wrong, used or expired; ask for a new one.",
                             detail={"field": "code"})
    return out


class PolicyIn(Schema):
    daily_cap = fields.Integer(validate=Range(0, 20), metadata={
        "description": "Numbers one phone may take here a day; 0: phones take none"})
    notify_places = fields.Integer(validate=Range(0, 50), metadata={
        "description": "Text the phone when its ticket is among the next this many; 0: never"})


class PolicyOut(Schema):
    center_id = fields.Integer()
    daily_cap = fields.Integer()
    notify_places = fields.Integer()


@api.get("/centers/<int:center_id>/phone-policy")
@api.output(PolicyOut)
@api.doc(summary="How phones take numbers at a center: the daily cap and the near-call text")
def phone_policy(center_id: int) -> dict[str, Any]:
    with db.read() as session:
        return service.policy_view(service.policy_for(session, center_id))


@api.put("/centers/<int:center_id>/phone-policy")
@api.auth_required(auth)
@api.input(PolicyIn, arg_name="body")
@api.output(PolicyOut)
@api.doc(summary="Set how phones take numbers at a center (its managers)")
def phone_policy_set(center_id: int, body: dict) -> dict[str, Any]:
    who = require_principal()
    with db.transaction() as session:
        return service.policy_view(service.set_policy(
            session=session, actor=who.actor, center_id=center_id, now=now(), **body))
