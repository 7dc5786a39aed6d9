"""Devices act with their own token: a kiosk prints only for itself, a pad rates only its
window's last service."""

from __future__ import annotations

from sqlalchemy.orm import Session

from server.accounts.models import Device
from server.accounts.service import Principal
from server.api.base import principal
from server.errors import Forbidden, InvalidRequest


def require_kiosk(session: Session, center_id: int, kiosk_id: int | None) -> None:
    """A paper goes to a kiosk's printer only when that kiosk asks, with its device token."""
    if kiosk_id is None:
        return
    who = principal()
    if who is None or who.device is None or who.device.id != kiosk_id:
        raise Forbidden(f"Only kiosk {kiosk_id} itself (its device token) prints on its "
                        "printer.")
    kiosk = session.get(Device, kiosk_id)
    if kiosk is None or kiosk.kind != "kiosk" or kiosk.center_id != center_id:
        raise InvalidRequest(f"There is no kiosk {kiosk_id} at center {center_id}.")


def require_pad(center_id: int) -> Principal:
    """The satisfaction pad of this center (its device token), or a 401/403."""
    who = principal()
    if who is None:
        raise Forbidden("A rating comes from the window's pad: send its device token.")
    device = who.device
    if device is None or device.kind != "pad" or device.center_id != center_id:
        raise Forbidden("Only a pad of this center rates its windows' services.")
    return who
