"""What the hall may see of tickets and windows: numbers, items and windows, no personal data."""

from __future__ import annotations

from typing import Any

from server.tickets.models import Ticket
from server.windows.models import Window


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def ticket_brief(ticket: Ticket, window: Window | None = None) -> dict[str, Any]:
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
        "issued_at": _iso(ticket.issued_at),
        "called_at": _iso(ticket.called_at),
        "started_at": _iso(ticket.started_at),
        "finished_at": _iso(ticket.finished_at),
    }


def window_view(window: Window, current: Ticket | None = None) -> dict[str, Any]:
    return {
        "id": window.id,
        "center_id": window.center_id,
        "number": window.number,
        "kind": window.kind,
        "group": window.group,
        "group_en": window.group_en,
        "state": window.state,
        "state_reason": window.state_reason,
        "state_since": _iso(window.state_since),
        "staff_user_id": window.staff_user_id,
        "staffed": window.staff_user_id is not None,
        "item_ids": window.item_ids,
        "current_ticket": ticket_brief(current, window) if current is not None else None,
    }
