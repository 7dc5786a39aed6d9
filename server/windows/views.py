"""Window actions: the staff member who holds a window acts on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apiflask import Schema, fields
from apiflask.validators import Length, OneOf

from server.api.base import api, auth, now, publish, require_principal
from server.api.schemas import TicketBrief, WindowOut
from server.extensions import db
from server.hall.presenters import ticket_brief, window_view
from server.tickets import service as tickets
from server.tickets.models import Ticket
from server.windows import service as windows

PAUSE_REASONS = ("break", "training", "other")


class Reason(Schema):
    reason = fields.String(load_default="", validate=Length(0, 200))


class PauseIn(Schema):
    reason = fields.String(required=True, validate=OneOf(PAUSE_REASONS))
    note = fields.String(load_default="", validate=Length(0, 200))


class Outcome(Schema):
    kind = fields.String(load_default="on_the_spot", validate=OneOf(tickets.OUTCOMES))
    tracking_number = fields.String(validate=Length(1, 60))
    missing = fields.List(fields.String(validate=Length(1, 200)))
    due = fields.Date()
    note = fields.String(validate=Length(0, 500))


class CompleteIn(Schema):
    outcome = fields.Nested(Outcome, load_default=None, allow_none=True)


class TransferIn(Schema):
    reason = fields.String(required=True, validate=Length(1, 200))
    item_id = fields.Integer(load_default=None, allow_none=True)
    window_id = fields.Integer(load_default=None, allow_none=True)


class CallIn(Schema):
    ticket_id = fields.Integer(required=True)
    reason = fields.String(required=True, validate=Length(1, 200))


class ItemsIn(Schema):
    item_ids = fields.List(fields.Integer(), required=True)


class TicketActionOut(TicketBrief):
    ticket = fields.Nested(TicketBrief)
    window = fields.Nested(WindowOut)


class WindowActionOut(WindowOut):
    window = fields.Nested(WindowOut)


def _ticket_action(window_id: int, act: Callable[..., tickets.Acted], **kwargs: Any):
    who = require_principal()
    with db.transaction() as session:
        acted = act(session=session, window_id=window_id, actor=who.actor, now=now(), **kwargs)
        if acted.ticket is None:
            return None
        current = session.get(Ticket, acted.window.current_ticket_id) \
            if acted.window.current_ticket_id else None
        brief = ticket_brief(acted.ticket, acted.window)
        if acted.ticket.window_id != acted.window.id:
            brief["window_number"] = None
        body = {**brief, "ticket": brief, "window": window_view(acted.window, current)}
    publish(acted.messages)
    return body


def _window_action(act: Callable[..., Any], **kwargs: Any) -> dict:
    who = require_principal()
    with db.transaction() as session:
        window, messages = act(session=session, actor=who.actor, now=now(), **kwargs)
        current = session.get(Ticket, window.current_ticket_id) if window.current_ticket_id \
            else None
        view = window_view(window, current)
    publish(messages)
    return {**view, "window": view}


@api.post("/windows/<int:window_id>/open")
@api.auth_required(auth)
@api.output(WindowActionOut)
@api.doc(summary="Open a window: the signed-in staff member takes it")
def window_open(window_id: int) -> dict:
    return _window_action(windows.open_window, window_id=window_id)


@api.post("/windows/<int:window_id>/pause")
@api.auth_required(auth)
@api.input(PauseIn, arg_name="body")
@api.output(WindowActionOut)
@api.doc(summary="Pause a window, with a reason: break, training or other")
def window_pause(window_id: int, body: dict) -> dict:
    reason = body["reason"] + (f": {body['note']}" if body["note"] else "")
    return _window_action(windows.set_state, window_id=window_id, state="paused", reason=reason)


@api.post("/windows/<int:window_id>/resume")
@api.auth_required(auth)
@api.output(WindowActionOut)
@api.doc(summary="Resume a paused window")
def window_resume(window_id: int) -> dict:
    return _window_action(windows.set_state, window_id=window_id, state="open", reason="")


@api.post("/windows/<int:window_id>/close")
@api.auth_required(auth)
@api.output(WindowActionOut)
@api.doc(summary="Close a window; its staff member is released")
def window_close(window_id: int) -> dict:
    return _window_action(windows.set_state, window_id=window_id, state="closed", reason="")


@api.put("/windows/<int:window_id>/items")
@api.auth_required(auth)
@api.input(ItemsIn, arg_name="body")
@api.output(WindowActionOut)
@api.doc(summary="Change which items a window serves (managers)")
def window_items(window_id: int, body: dict) -> dict:
    return _window_action(windows.set_items, window_id=window_id, item_ids=body["item_ids"])


@api.post("/windows/<int:window_id>/call-next")
@api.auth_required(auth)
@api.output(TicketActionOut)
@api.doc(summary="Call the next ticket this window can serve",
         responses={200: "The ticket called", 204: "Nobody waits for this window"})
def window_call_next(window_id: int):
    body = _ticket_action(window_id, tickets.call_next)
    return body if body is not None else ("", 204)


@api.post("/windows/<int:window_id>/call")
@api.auth_required(auth)
@api.input(CallIn, arg_name="body")
@api.output(TicketActionOut)
@api.doc(summary="Call a chosen waiting ticket out of turn, with a reason")
def window_call(window_id: int, body: dict) -> dict:
    return _ticket_action(window_id, tickets.call_ticket, ticket_id=body["ticket_id"],
                          reason=body["reason"])


@api.post("/windows/<int:window_id>/recall")
@api.auth_required(auth)
@api.output(TicketActionOut)
@api.doc(summary="Call the current ticket again")
def window_recall(window_id: int) -> dict:
    return _ticket_action(window_id, tickets.recall)


@api.post("/windows/<int:window_id>/start")
@api.auth_required(auth)
@api.output(TicketActionOut)
@api.doc(summary="The called resident arrived: service starts")
def window_start(window_id: int) -> dict:
    return _ticket_action(window_id, tickets.start)


@api.post("/windows/<int:window_id>/complete")
@api.auth_required(auth)
@api.input(CompleteIn, arg_name="body")
@api.output(TicketActionOut)
@api.doc(summary="Service done, with its outcome")
def window_complete(window_id: int, body: dict) -> dict:
    outcome = body.get("outcome")
    if outcome and outcome.get("due"):
        outcome = {**outcome, "due": outcome["due"].isoformat()}
    return _ticket_action(window_id, tickets.complete, outcome=outcome)


@api.post("/windows/<int:window_id>/no-show")
@api.auth_required(auth)
@api.output(TicketActionOut)
@api.doc(summary="The called resident never came")
def window_no_show(window_id: int) -> dict:
    return _ticket_action(window_id, tickets.no_show)


@api.post("/windows/<int:window_id>/transfer")
@api.auth_required(auth)
@api.input(TransferIn, arg_name="body")
@api.output(TicketActionOut)
@api.doc(summary="Send the current resident to another item or window; they keep their place",
         description="Answers with the new ticket the resident now holds.")
def window_transfer(window_id: int, body: dict) -> dict:
    return _ticket_action(window_id, tickets.transfer, reason=body["reason"],
                          item_id=body["item_id"], to_window_id=body["window_id"])
