"""The state a kiosk's printer reports.

A change of printer state is an event (`device.status`) so that the dashboard
and the kiosk's own page show it at once; an unchanged report only refreshes
`last_seen`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from server.accounts.service import get_device
from server.errors import InvalidRequest
from server.events.service import PUBLIC, Actor, Message, lock_center, record
from server.printing.printers import PRINTER_STATES


def report_printer(
    *, session: Session, device_id: int, state: str, detail: str, now: dt.datetime,
    actor: Actor = PUBLIC,
) -> list[Message]:
    """Store a printer's state; publish `device.status` when it changed."""
    if state not in PRINTER_STATES:
        raise InvalidRequest("A printer is {choices}; not {state!r}.",
                             choices=list(PRINTER_STATES), state=state)
    device = get_device(session=session, device_id=device_id)
    center = lock_center(session, device.center_id)
    device.last_seen = now
    status = dict(device.status or {})
    if status.get("printer") == state and status.get("printer_detail", "") == detail:
        return []
    status.update(printer=state, printer_detail=detail[:300], printer_since=now.isoformat())
    device.status = status
    return [record(
        session, center=center, type="device.status", at=now, actor=actor,
        kiosk_id=device.id if device.kind == "kiosk" else None,
        data={"device_id": device.id, "kind": device.kind, "name": device.name,
              "status": status},
    )]
