"""Devices act with their own token: a pad rates only its window's last service (a kiosk
prints only for itself: `accounts.service.kiosk_at`)."""

from __future__ import annotations

from server.accounts.service import Principal
from server.api.auth import principal
from server.errors import Forbidden


def require_pad(center_id: int) -> Principal:
    """The satisfaction pad of this center (its device token), or a 401/403."""
    who = principal()
    if who is None:
        raise Forbidden("A rating comes from the window's pad: send its device token.")
    device = who.device
    if device is None or device.kind != "pad" or device.center_id != center_id:
        raise Forbidden("Only a pad of this center rates its windows' services.")
    return who
