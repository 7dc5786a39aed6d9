"""Ratings from the satisfaction pad beside each window."""

from __future__ import annotations

from apiflask import Schema, fields
from apiflask.validators import Length, Range

from server.api.auth import auth
from server.api.base import api, now
from server.clock import iso
from server.extensions import db
from server.ratings import service
from server.security.devices import require_pad
from server.security.limits import per_address
from server.windows.service import get_window


class RatingIn(Schema):
    ticket_id = fields.Integer(required=True, strict=True, metadata={
        "description": "The service the pad shows (its ticket id, from `ticket.completed` or "
                       "the pending rating): a rating belongs to that service only"})
    score = fields.Integer(
        required=True, strict=True,
        validate=Range(1, 5, error="A score is 1 (very dissatisfied) to 5 (very satisfied)."),
        metadata={"description": "5 very satisfied, 4 satisfied, 3 neutral, 2 dissatisfied, "
                                 "1 very dissatisfied"},
    )
    reason = fields.String(
        load_default="", validate=Length(0, 200),
        metadata={"description": "Why, for a low score: a code (long_wait, attitude, unclear, "
                                 "materials, not_done, other) or the resident's own words"},
    )


class RatingOut(Schema):
    id = fields.Integer()
    ticket_id = fields.Integer()
    ticket_number = fields.String()
    window_id = fields.Integer()
    score = fields.Integer()
    reason = fields.String()
    at = fields.String()


class PendingOut(Schema):
    pending = fields.Boolean(metadata={"description": "A service finished moments ago awaits "
                                                      "its rating"})
    ticket_id = fields.Integer(allow_none=True)
    ticket_number = fields.String(allow_none=True)
    finished_at = fields.String(allow_none=True)


@api.post("/windows/<int:window_id>/ratings")
@api.auth_required(auth)
@per_address("RATELIMIT_RATING", devices_exempt=True)
@api.input(RatingIn, arg_name="body")
@api.output(RatingOut, status_code=201)
@api.doc(summary="Rate the service this window just completed (the pad beside the window)",
         description="The pad of the window's center, with its device token, rates the service "
                     "it shows (`ticket_id`). 409 when that is not the window's last service "
                     "today, or it is already rated.",
         responses={201: "Stored", 403: "Not a pad of this center",
                    409: "Nothing to rate, another service since, or rated already"})
def rating_create(window_id: int, body: dict) -> dict:
    with db.read() as session:
        center_id = get_window(session=session, window_id=window_id).center_id
    who = require_pad(center_id)
    with db.transaction() as session:
        rated = service.rate_last_service(
            session=session, window_id=window_id, score=body["score"], reason=body["reason"],
            now=now(), actor=who.actor, ticket_id=body["ticket_id"],
        )
        out = {"id": rated.rating.id, "ticket_id": rated.ticket.id,
               "ticket_number": rated.ticket.number, "window_id": window_id,
               "score": rated.rating.score, "reason": rated.rating.reason,
               "at": iso(rated.rating.at)}
    return out


@api.get("/windows/<int:window_id>/ratings/pending")
@api.output(PendingOut)
@api.doc(summary="Whether the window's last service (minutes ago) still awaits a rating",
         description="A pad that lost its connection asks this when it is back.")
def rating_pending(window_id: int) -> dict:
    with db.read() as session:
        ticket = service.pending_rating(session=session, window_id=window_id, now=now())
        if ticket is None:
            return {"pending": False, "ticket_id": None, "ticket_number": None,
                    "finished_at": None}
        return {"pending": True, "ticket_id": ticket.id, "ticket_number": ticket.number,
                "finished_at": iso(ticket.finished_at)}


class ClerkOut(Schema):
    name = fields.String(allow_none=True, metadata={"description": "The staff member's name"})
    staff_no = fields.String(allow_none=True,
                             metadata={"description": "The staff number (the account name)"})


@api.get("/windows/<int:window_id>/clerk")
@api.output(ClerkOut)
@api.doc(summary="Who serves at the window now, as the pad beside it shows",
         description="Open without an account, as the name and staff number on a counter "
                     "are. Both null when nobody holds the window.")
def window_clerk(window_id: int) -> dict:
    with db.read() as session:
        user = service.window_clerk(session=session, window_id=window_id)
        if user is None:
            return {"name": None, "staff_no": None}
        return {"name": user.display_name or user.username, "staff_no": user.username}
