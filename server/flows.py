"""The hall's flows that span areas, each one domain function run in one transaction:
issuing a ticket, checking a booking in, making a guide paper; at a kiosk each also
queues its paper for the kiosk's printer.

The views only parse, call and answer; the messages and the print jobs a flow makes
go out once its transaction has committed (see `server.db`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy.orm import Session

from server.accounts.service import kiosk_asking
from server.booking import service as booking
from server.events.service import PUBLIC, Actor
from server.guides import service as guides
from server.guides.trees import Guide
from server.printing.jobs import enqueue_job, enqueue_ticket
from server.tickets import service as tickets
from server.tickets.presenters import ticket_out


def issue_ticket(
    *, session: Session, center_id: int, item_id: int, now: dt.datetime, base_url: str,
    priority: str = "normal", actor: Actor = PUBLIC, kiosk_id: int | None = None,
    idempotency_key: str | None = None, follow_up_of: str | None = None,
) -> dict[str, Any]:
    """A resident takes a number (at a kiosk, its paper is queued); answers the ticket as
    its holder sees it."""
    if kiosk_id is not None:
        kiosk_asking(session=session, center_id=center_id, kiosk_id=kiosk_id, actor=actor)
    issued = tickets.issue_ticket(
        session=session, center_id=center_id, item_id=item_id, now=now, priority=priority,
        actor=actor, kiosk_id=kiosk_id, idempotency_key=idempotency_key,
        follow_up_of=follow_up_of,
    )
    enqueue_ticket(session=session, issued=issued, now=now, base_url=base_url)
    return ticket_out(session, issued.ticket, issued.placement, now, base_url=base_url,
                      replayed=issued.replayed)


def check_in(
    *, session: Session, center_id: int, code: str, now: dt.datetime, base_url: str,
    actor: Actor = PUBLIC, kiosk_id: int | None = None,
) -> dict[str, Any]:
    """A booking becomes a ticket (at a kiosk, its paper is queued); answers the ticket."""
    if kiosk_id is not None:
        kiosk_asking(session=session, center_id=center_id, kiosk_id=kiosk_id, actor=actor)
    issued = booking.check_in(session=session, center_id=center_id, code=code, now=now,
                              actor=actor, kiosk_id=kiosk_id)
    enqueue_ticket(session=session, issued=issued, now=now, base_url=base_url)
    return ticket_out(session, issued.ticket, issued.placement, now, base_url=base_url,
                      replayed=False)


def make_guide_paper(
    *, session: Session, guide: Guide, center_id: int, answers: list[int], now: dt.datetime,
    url_for: Callable[[str], str], lang: str = "zh", actor: Actor = PUBLIC,
    kiosk_id: int | None = None,
    ticket_tokens: Iterable[str] = (), idempotency_key: str | None = None,
) -> guides.Made:
    """The resident's guide paper; made at a kiosk, it is queued for the kiosk's printer."""
    if kiosk_id is not None:
        kiosk_asking(session=session, center_id=center_id, kiosk_id=kiosk_id, actor=actor)
    made = guides.create_paper(
        session=session, guide=guide, center_id=center_id, answers=answers, now=now,
        url_for=url_for, lang=lang, kiosk_id=kiosk_id, ticket_tokens=ticket_tokens,
        idempotency_key=idempotency_key,
    )
    paper = made.paper
    if kiosk_id is not None and not made.replayed:
        made.jobs = [enqueue_job(
            session=session, center_id=paper.center_id, kiosk_id=kiosk_id, kind="guide_paper",
            ref=paper.token, now=now, label=paper.content["scenario"]["title"]["zh"][:40],
            base_url=paper.url.rsplit("/kiosk/", 1)[0],
        )]
        made.printing = True
    return made
