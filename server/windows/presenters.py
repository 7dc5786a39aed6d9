"""What the hall may see of a window: its number, kind, state and items, no personal data."""

from __future__ import annotations

from typing import Any

from server.clock import iso
from server.windows.models import Window


def window_view(window: Window, current_ticket: dict[str, Any] | None = None) -> dict[str, Any]:
    """The window as boards and counters show it; `current_ticket` is the brief of the ticket
    it is on (the tickets area presents it)."""
    return {
        "id": window.id,
        "center_id": window.center_id,
        "number": window.number,
        "kind": window.kind,
        "group": window.group,
        "group_en": window.group_en,
        "state": window.state,
        "state_reason": window.state_reason,
        "state_since": iso(window.state_since),
        "staff_user_id": window.staff_user_id,
        "staffed": window.staff_user_id is not None,
        "item_ids": window.item_ids,
        "current_ticket": current_ticket,
    }
