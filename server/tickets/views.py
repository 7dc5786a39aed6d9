"""A ticket's life over REST: issue, status, and the calls at a window (call, recall, start,
complete, no-show, transfer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apiflask import Schema, fields
from apiflask.validators import Length, OneOf, Range
from flask import request

from server import flows
from server.api.auth import auth, principal, require_principal
from server.api.base import api, now, public_url
from server.api.schemas import IdempotencyHeader, TicketBrief, TicketOut, WindowOut
from server.centers.models import Center
from server.events.service import PUBLIC
from server.extensions import db
from server.security.limits import per_address
from server.tickets import service
from server.tickets.presenters import ticket_brief, ticket_out, window_now


class IssueIn(Schema):
    item_id = fields.Integer(required=True, strict=True, validate=Range(min=1))
    priority = fields.String(load_default="normal", validate=Length(1, 20))
    kiosk_id = fields.Integer(load_default=None, allow_none=True, strict=True, metadata={
        "description": "The kiosk that prints the paper: only with that kiosk's device token"})
    follow_up_of = fields.String(
        load_default=None, allow_none=True,
        metadata={"description": "The token of today's earlier ticket, for a follow-up visit"},
    )


class Outcome(Schema):
    kind = fields.String(load_default="on_the_spot", validate=OneOf(service.OUTCOMES))
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


class TicketActionOut(TicketBrief):
    ticket = fields.Nested(TicketBrief)
    window = fields.Nested(WindowOut)


@api.post("/centers/<int:center_id>/tickets")
@api.auth_required(auth, optional=True)
@per_address("RATELIMIT_ISSUE", devices_exempt=True)
@api.input(IssueIn, arg_name="body")
@api.input(IdempotencyHeader, location="headers", arg_name="headers")
@api.output(TicketOut, status_code=201)
@api.doc(summary="Take a number for an item",
         description="Open to kiosks and the public. Answers where to go, how many are ahead "
                     "and the estimated wait. A retry with the same Idempotency-Key returns "
                     "the same ticket. Anonymous callers are rate-limited per address; a "
                     "kiosk with its device token is not, and only it may give its kiosk_id.",
         responses={201: "Issued", 403: "kiosk_id without that kiosk's token",
                    409: "Closed, no window serves the item, or a follow-up refused"})
def issue(center_id: int, body: dict, headers: dict) -> dict:
    at = now()
    who = principal()
    with db.transaction() as session:
        return flows.issue_ticket(
            session=session, center_id=center_id, item_id=body["item_id"], now=at,
            base_url=public_url(""), priority=body["priority"],
            actor=who.actor if who else PUBLIC, kiosk_id=body["kiosk_id"],
            idempotency_key=headers.get("idempotency_key"), follow_up_of=body["follow_up_of"],
        )


@api.get("/tickets/<token>")
@api.output(TicketOut)
@api.doc(summary="A ticket's live status, by its unguessable token",
         description="A transferred ticket answers with the ticket the resident now holds. "
         "With `?line=1` a waiting ticket also answers its `line`: the places its page needs "
         "to follow its people ahead from the hall's events alone.")
def status(token: str) -> dict:
    at = now()
    with db.read() as session:
        ticket = service.latest_in_chain(
            session=session, ticket=service.find_by_token(session=session, token=token)
        )
        center = session.get(Center, ticket.center_id)
        place = service.placement(session=session, center=center, ticket=ticket, now=at)
        extra = {}
        if request.args.get("line"):
            extra["line"] = service.live_line(session=session, center=center, ticket=ticket,
                                              now=at)
        return ticket_out(session, ticket, place, at, base_url=public_url(""), **extra)


def _ticket_action(window_id: int, act: Callable[..., service.Acted], **kwargs: Any):
    who = require_principal()
    with db.transaction() as session:
        acted = act(session=session, window_id=window_id, actor=who.actor, now=now(), **kwargs)
        if acted.ticket is None:
            return None
        brief = ticket_brief(acted.ticket, acted.window)
        if acted.ticket.window_id != acted.window.id:
            brief["window_number"] = None
        body = {**brief, "ticket": brief, "window": window_now(session, acted.window)}
    return body


@api.post("/windows/<int:window_id>/call-next")
@api.auth_required(auth)
@api.output(TicketActionOut)
@api.doc(summary="Call the next ticket this window can serve",
         responses={200: "The ticket called", 204: "Nobody waits for this window"})
def window_call_next(window_id: int):
    body = _ticket_action(window_id, service.call_next)
    return body if body is not None else ("", 204)


@api.post("/windows/<int:window_id>/call")
@api.auth_required(auth)
@api.input(CallIn, arg_name="body")
@api.output(TicketActionOut)
@api.doc(summary="Call a chosen waiting ticket out of turn, with a reason")
def window_call(window_id: int, body: dict) -> dict:
    return _ticket_action(window_id, service.call_ticket, ticket_id=body["ticket_id"],
                          reason=body["reason"])


@api.post("/windows/<int:window_id>/recall")
@api.auth_required(auth)
@api.output(TicketActionOut)
@api.doc(summary="Call the current ticket again")
def window_recall(window_id: int) -> dict:
    return _ticket_action(window_id, service.recall)


@api.post("/windows/<int:window_id>/start")
@api.auth_required(auth)
@api.output(TicketActionOut)
@api.doc(summary="The called resident arrived: service starts")
def window_start(window_id: int) -> dict:
    return _ticket_action(window_id, service.start)


@api.post("/windows/<int:window_id>/complete")
@api.auth_required(auth)
@api.input(CompleteIn, arg_name="body")
@api.output(TicketActionOut)
@api.doc(summary="Service done, with its outcome")
def window_complete(window_id: int, body: dict) -> dict:
    outcome = body.get("outcome")
    if outcome and outcome.get("due"):
        outcome = {**outcome, "due": outcome["due"].isoformat()}
    return _ticket_action(window_id, service.complete, outcome=outcome)


@api.post("/windows/<int:window_id>/no-show")
@api.auth_required(auth)
@api.output(TicketActionOut)
@api.doc(summary="The called resident never came")
def window_no_show(window_id: int) -> dict:
    return _ticket_action(window_id, service.no_show)


@api.post("/windows/<int:window_id>/transfer")
@api.auth_required(auth)
@api.input(TransferIn, arg_name="body")
@api.output(TicketActionOut)
@api.doc(summary="Send the current resident to another item or window; they keep their place",
         description="Answers with the new ticket the resident now holds.")
def window_transfer(window_id: int, body: dict) -> dict:
    return _ticket_action(window_id, service.transfer, reason=body["reason"],
                          item_id=body["item_id"], to_window_id=body["window_id"])
