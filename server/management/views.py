"""The managers' live figures (one center, or the whole city) and putting a no-show back in line.

Window actions (open, pause, resume, close, the items served) and the boards' notice are
the engine's own routes; a manager of the center may use them on any of its windows.
"""

from __future__ import annotations

from typing import Any

from apiflask import Schema, fields
from flask import current_app

from server.api.auth import auth, require_manager, require_principal
from server.api.base import api, now
from server.api.schemas import TicketBrief
from server.centers.service import list_centers
from server.errors import Forbidden, NotFound
from server.extensions import db
from server.management import service
from server.tickets.models import Ticket
from server.tickets.presenters import ticket_brief


class LiveOut(Schema):
    center = fields.Dict()
    seq = fields.Integer(metadata={"description": "The center's last event sequence number"})
    at = fields.String()
    day = fields.String()
    waiting_total = fields.Integer()
    longest_wait_minutes = fields.Float(allow_none=True)
    waiting_by_item = fields.List(fields.Dict())
    waiting_by_group = fields.List(fields.Dict())
    today = fields.Dict(metadata={
        "description": "issued, served, no_show, transferred, mean/median wait, "
                       "served_within_target, mean_handling_minutes, served_per_hour[24]"})
    windows_open = fields.Integer()
    windows_paused = fields.Integer()
    windows_closed = fields.Integer()
    windows = fields.List(fields.Dict(), metadata={
        "description": "Each window: state and why, since when, staff, serving (number, item, "
                       "minutes, expected, overrun) or idle since"})
    reservations_due = fields.List(fields.Dict())
    devices = fields.List(fields.Dict())
    no_shows_today = fields.List(fields.Dict())
    recent_actions = fields.List(fields.Dict())
    alerts = fields.List(fields.Dict(), metadata={
        "description": "kind: wait_over_target, no_open_window, service_overrun, "
                       "printer_paper_out, printer_paper_low, printer_error, printer_offline, "
                       "board_offline; severity: bad or warn"})


class RequeueOut(Schema):
    ticket = fields.Nested(TicketBrief)
    windows = fields.List(fields.Integer())
    ahead = fields.Integer()


def _live(session, center_id: int) -> dict[str, Any]:
    return service.live_figures(
        session=session, center_id=center_id, now=now(),
        board_offline_seconds=current_app.config["QMS_BOARD_OFFLINE_SECONDS"])


@api.get("/centers/<int:center_id>/live")
@api.auth_required(auth)
@api.output(LiveOut)
@api.doc(summary="A center's hall now, for its managers: lines, windows, today, devices, alerts",
         description="Refetch it when the /hall socket reports an event.")
def center_live(center_id: int) -> dict:
    require_manager(center_id)
    with db.read() as session:
        return _live(session, center_id)


@api.get("/city/live")
@api.auth_required(auth)
@api.output(LiveOut(many=True))
@api.doc(summary="Every center a manager manages (an admin: all), side by side, live")
def city_live() -> list[dict]:
    who = require_principal()
    with db.read() as session:
        centers = [c.id for c in list_centers(session=session) if who.may_manage(c.id)]
        if not centers:
            raise Forbidden("Only managers and admins see the city's centers.")
        return [_live(session, center_id) for center_id in centers]


@api.post("/tickets/<int:ticket_id>/requeue")
@api.auth_required(auth)
@api.output(RequeueOut)
@api.doc(summary="Put a no-show back in the line at its original place (managers)",
         description="Recorded as `ticket.requeued`; only on the day the ticket was issued.")
def ticket_requeue(ticket_id: int) -> dict:
    with db.read() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound("There is no ticket {ticket_id}.", ticket_id=ticket_id)
        center_id = ticket.center_id
    who = require_manager(center_id)
    with db.transaction() as session:
        ticket, messages = service.requeue_no_show(
            session=session, ticket_id=ticket_id, actor=who.actor, now=now())
        payload = messages[0].payload
        out = {"ticket": ticket_brief(ticket), "windows": payload["windows"],
               "ahead": payload["ahead"]}
    return out
