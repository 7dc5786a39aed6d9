"""The counter's own routes: the window's line, walk-up residents, today's figures."""

from __future__ import annotations

from apiflask import Schema, fields
from apiflask.validators import Length, Range

from server.accounts.service import Principal
from server.api.auth import auth, require_principal
from server.api.base import api, now
from server.api.schemas import TicketBrief, WindowOut
from server.clock import iso
from server.desk import service
from server.errors import Forbidden
from server.extensions import db
from server.tickets.presenters import ticket_brief, window_with_ticket
from server.windows.service import get_window


class WaitingTicket(Schema):
    id = fields.Integer()
    number = fields.String()
    item_id = fields.Integer()
    item_name = fields.String()
    item_name_en = fields.String()
    source = fields.String()
    priority = fields.String()
    issued_at = fields.String()
    queued_at = fields.String()
    waited_minutes = fields.Integer(metadata={"description": "Minutes in line (a transfer "
                                                             "counts from its first ticket)"})


class LineOut(Schema):
    window_id = fields.Integer()
    window_number = fields.Integer()
    count = fields.Integer(metadata={"description": "How many wait for this window"})
    longest_wait_minutes = fields.Integer(allow_none=True)
    tickets = fields.List(fields.Nested(WaitingTicket),
                          metadata={"description": "In the order this window will call them"})


class LineQuery(Schema):
    limit = fields.Integer(load_default=50, validate=Range(1, 500))


class WalkUpIn(Schema):
    item_id = fields.Integer(required=True, validate=Range(min=1))
    priority = fields.String(load_default="normal", validate=Length(1, 20))


class WalkUpOut(TicketBrief):
    ticket = fields.Nested(TicketBrief)
    window = fields.Nested(WindowOut)


class TodayQuery(Schema):
    center_id = fields.Integer(required=True)


class TodayOut(Schema):
    day = fields.String()
    called = fields.Integer()
    recalled = fields.Integer()
    completed = fields.Integer()
    no_show = fields.Integer()
    transferred = fields.Integer()
    outcomes = fields.Dict(metadata={"description": "Completed services by outcome kind"})
    average_minutes = fields.Float(allow_none=True)
    ratings = fields.Integer()
    average_rating = fields.Float(allow_none=True)


def require_staff_of(center_id: int) -> Principal:
    """A signed-in person who works at this center (admins work everywhere)."""
    who = require_principal()
    if who.user is None:
        raise Forbidden("Sign in as window staff: a device cannot do this.")
    if who.user.role != "admin" and center_id not in who.center_ids:
        raise Forbidden("You do not work at center {center_id}.", center_id=center_id)
    return who


@api.get("/windows/<int:window_id>/waiting")
@api.auth_required(auth)
@api.input(LineQuery, location="query", arg_name="query")
@api.output(LineOut)
@api.doc(summary="Who waits for this window, in the order it will call them (staff)",
         description="To call someone out of turn: POST /windows/{id}/call with a reason.")
def window_line(window_id: int, query: dict) -> dict:
    at = now()
    with db.read() as session:
        window = get_window(session=session, window_id=window_id)
        require_staff_of(window.center_id)
        line = service.line_for_window(session=session, window_id=window_id, now=at,
                                       limit=query["limit"])
        return {
            "window_id": window.id, "window_number": window.number, "count": line.count,
            "longest_wait_minutes": line.longest_wait_minutes,
            "tickets": [
                {"id": t.id, "number": t.number, "item_id": t.item_id,
                 "item_name": t.item.name, "item_name_en": t.item.name_en,
                 "source": t.source, "priority": t.priority, "issued_at": iso(t.issued_at),
                 "queued_at": iso(t.queued_at),
                 "waited_minutes": service.minutes_between(t.queued_at, at)}
                for t in line.tickets
            ],
        }


@api.post("/windows/<int:window_id>/walk-up")
@api.auth_required(auth)
@api.input(WalkUpIn, arg_name="body")
@api.output(WalkUpOut, status_code=201)
@api.doc(summary="Serve a resident who came straight to the window: make a ticket and call it",
         description="The ticket is issued for the item, kept for this window and called here "
                     "at once; the event log says it was a walk-up.")
def window_walk_up(window_id: int, body: dict) -> dict:
    who = require_principal()
    with db.transaction() as session:
        acted = service.serve_walk_up(session=session, window_id=window_id,
                                      item_id=body["item_id"], priority=body["priority"],
                                      actor=who.actor, now=now())
        brief = ticket_brief(acted.ticket, acted.window)
        out = {**brief, "ticket": brief, "window": window_with_ticket(acted.window, acted.ticket)}
    return out


@api.get("/desk/today")
@api.auth_required(auth)
@api.input(TodayQuery, location="query", arg_name="query")
@api.output(TodayOut)
@api.doc(summary="The signed-in staff member's own figures for today at a center")
def desk_today(query: dict) -> dict:
    who = require_staff_of(query["center_id"])
    with db.read() as session:
        return service.staff_today(session=session, user_id=who.actor.user_id,
                                   center_id=query["center_id"], now=now())
