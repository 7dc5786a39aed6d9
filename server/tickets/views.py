from __future__ import annotations

from typing import Any

from flask import current_app, request

from server.api.base import api, auth, iso, now, principal, publish
from server.centers.models import Center
from server.centers.service import local_day
from server.extensions import db
from server.hall.events import PUBLIC
from server.printing.delivery import deliver
from server.printing.jobs import enqueue_ticket
from server.security.devices import require_kiosk
from server.security.limits import per_address
from server.tickets import service
from server.tickets.models import Ticket
from server.tickets.schemas import IdempotencyHeader, IssueIn, TicketOut
from server.windows.models import Window


def public_url(path: str) -> str:
    base = current_app.config["QMS_PUBLIC_URL"] or request.host_url
    return base.rstrip("/") + path


def ticket_out(session, ticket: Ticket, place: service.Placement, at, **extra: Any) -> dict:
    center = session.get(Center, ticket.center_id)
    window = session.get(Window, ticket.window_id) if ticket.window_id else None
    origin = session.get(Ticket, ticket.origin_ticket_id) if ticket.origin_ticket_id else None
    return {
        "id": ticket.id, "center_id": center.id, "center_name": center.name,
        "center_name_en": center.name_en, "number": ticket.number, "token": ticket.token,
        "item_id": ticket.item_id, "item_name": ticket.item.name,
        "item_name_en": ticket.item.name_en, "source": ticket.source,
        "priority": ticket.priority, "state": ticket.state, "day": ticket.day.isoformat(),
        "today": ticket.day == local_day(center, at), "issued_at": iso(ticket.issued_at),
        "called_at": iso(ticket.called_at), "windows": place.windows,
        "window_number": window.number if window else None, "ahead": place.ahead,
        "estimated_wait_minutes": place.estimated_wait_minutes,
        "recall_count": ticket.recall_count, "outcome": ticket.outcome,
        "transferred_from": origin.number if origin and ticket.source == "transfer" else None,
        "status_url": public_url(f"/t/{ticket.token}"), **extra,
    }


check_kiosk = require_kiosk


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
        check_kiosk(session, center_id, body["kiosk_id"])
        issued = service.issue_ticket(
            session=session, center_id=center_id, item_id=body["item_id"], now=at,
            priority=body["priority"], actor=who.actor if who else PUBLIC,
            kiosk_id=body["kiosk_id"], idempotency_key=headers.get("idempotency_key"),
            follow_up_of=body["follow_up_of"],
        )
        papers = enqueue_ticket(session=session, issued=issued, now=at, base_url=public_url(""))
        out = ticket_out(session, issued.ticket, issued.placement, at, replayed=issued.replayed)
    publish(issued.messages)
    deliver(papers)
    return out


@api.get("/tickets/<token>")
@api.output(TicketOut)
@api.doc(summary="A ticket's live status, by its unguessable token",
         description="A transferred ticket answers with the ticket the resident now holds.")
def status(token: str) -> dict:
    at = now()
    with db.read() as session:
        ticket = service.latest_in_chain(
            session=session, ticket=service.find_by_token(session=session, token=token)
        )
        center = session.get(Center, ticket.center_id)
        place = service.placement(session=session, center=center, ticket=ticket, now=at)
        return ticket_out(session, ticket, place, at)
