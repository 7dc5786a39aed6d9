"""What the hall may see of a ticket (numbers, items and windows, no personal data), and
what its holder sees of it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from sqlalchemy.orm import Session

from server.centers.models import Center
from server.centers.service import local_day
from server.clock import iso
from server.tickets.models import Ticket
from server.windows.models import Window
from server.windows.presenters import window_view

if TYPE_CHECKING:
    from server.tickets.service import Placement


class TicketBrief(TypedDict):
    """A ticket as boards, counters and event payloads show it; the API's schema of the same
    name is made from these fields."""

    id: int
    number: str
    item_id: int
    item_name: str | None
    item_name_en: str | None
    source: str
    priority: str
    state: str
    window_id: int | None
    window_number: int | None
    recall_count: int
    issued_at: str | None
    called_at: str | None
    started_at: str | None
    finished_at: str | None


def ticket_brief(ticket: Ticket, window: Window | None = None) -> TicketBrief:
    item = ticket.item
    return {
        "id": ticket.id,
        "number": ticket.number,
        "item_id": ticket.item_id,
        "item_name": item.name if item else None,
        "item_name_en": item.name_en if item else None,
        "source": ticket.source,
        "priority": ticket.priority,
        "state": ticket.state,
        "window_id": ticket.window_id,
        "window_number": window.number if window is not None else None,
        "recall_count": ticket.recall_count,
        "issued_at": iso(ticket.issued_at),
        "called_at": iso(ticket.called_at),
        "started_at": iso(ticket.started_at),
        "finished_at": iso(ticket.finished_at),
    }


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def micros(at: dt.datetime | None) -> int | None:
    """An instant as integer microseconds since the epoch: a page compares these exactly
    (a JavaScript Date keeps only milliseconds)."""
    return None if at is None else (at - _EPOCH) // dt.timedelta(microseconds=1)


def line_place(ticket: Ticket) -> dict[str, Any]:
    """What the dispatch order reads of a waiting ticket, so that a resident's page can tell
    whether it stands ahead of its own (docs/design.md, "People ahead"). No personal data."""
    return {
        "id": ticket.id,
        "item_id": ticket.item_id,
        "target_window_id": ticket.target_window_id,
        "source": ticket.source,
        "priority": ticket.priority,
        "queued_us": micros(ticket.queued_at),
        "from_us": micros(ticket.priority_from),
    }


def window_with_ticket(window: Window, current: Ticket | None) -> dict[str, Any]:
    """The window with the brief of the ticket it is on."""
    return window_view(window, ticket_brief(current, window) if current is not None else None)


def window_now(session: Session, window: Window) -> dict[str, Any]:
    current = session.get(Ticket, window.current_ticket_id) if window.current_ticket_id else None
    return window_with_ticket(window, current)


def ticket_code(ticket: Ticket) -> str:
    """The ticket's barcode: center, day and number, unique and short enough for Code128 on
    58 mm paper ("2-261127-A012"). The unguessable token stays in the QR code."""
    return f"{ticket.center_id}-{ticket.day:%y%m%d}-{ticket.number}"


def status_url(base_url: str, token: str) -> str:
    """The ticket's live page, under the server's public address."""
    return f"{base_url.rstrip('/')}/t/{token}"


def ticket_out(session: Session, ticket: Ticket, place: Placement, at: dt.datetime, *,
               base_url: str, **extra: Any) -> dict[str, Any]:
    """What the ticket's holder sees: where to go, how many are ahead, the wait, its page."""
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
        "status_url": status_url(base_url, ticket.token), **extra,
    }
