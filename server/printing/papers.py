"""From the hall's rows to the papers' data, and to their ESC/POS bytes.

A ticket is rendered when it is printed: people ahead and the estimated wait are
those of that moment, the time issued is the ticket's own, in the center's time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from server.centers.models import Center
from server.centers.service import local_time
from server.guides.service import paper_print_data
from server.printing.models import PrintJob
from server.printing.render import PrinterStyle, TicketPaper, render_guide_paper, render_ticket
from server.tickets.models import Ticket
from server.tickets.presenters import status_url, ticket_code
from server.tickets.service import find_by_token, latest_in_chain, placement


def ticket_paper(*, session: Session, ticket: Ticket, now: dt.datetime, base_url: str
                 ) -> TicketPaper:
    center = session.get(Center, ticket.center_id)
    place = placement(session=session, center=center, ticket=ticket, now=now)
    return TicketPaper(
        center_name=center.name, center_name_en=center.name_en, number=ticket.number,
        item_name=ticket.item.name, item_name_en=ticket.item.name_en, windows=place.windows,
        ahead=place.ahead, estimated_wait_minutes=place.estimated_wait_minutes,
        issued_at=local_time(center, ticket.issued_at), code=ticket_code(ticket),
        status_url=status_url(base_url, ticket.token), source=ticket.source,
    )


def ticket_bytes(*, session: Session, token: str, now: dt.datetime, base_url: str,
                 style: PrinterStyle) -> bytes:
    """The ticket a resident holds now (a transferred one answers with its successor)."""
    ticket = latest_in_chain(session=session, ticket=find_by_token(session=session, token=token))
    return render_ticket(ticket_paper(session=session, ticket=ticket, now=now,
                                      base_url=base_url), style)


def guide_paper_data(*, session: Session, token: str, base_url: str) -> dict[str, Any]:
    data = dict(paper_print_data(session=session, token=token))
    if str(data.get("url", "")).startswith("/"):
        data["url"] = base_url.rstrip("/") + data["url"]
    return data


def guide_paper_bytes(*, session: Session, token: str, base_url: str, style: PrinterStyle
                      ) -> bytes:
    return render_guide_paper(guide_paper_data(session=session, token=token, base_url=base_url),
                              style)


def job_bytes(*, session: Session, job: PrintJob, now: dt.datetime, style: PrinterStyle,
              base_url: str = "") -> bytes:
    base = job.base_url or base_url
    if job.kind == "ticket":
        return ticket_bytes(session=session, token=job.ref, now=now, base_url=base, style=style)
    return guide_paper_bytes(session=session, token=job.ref, base_url=base, style=style)
