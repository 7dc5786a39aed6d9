"""A device's printer: where the server prints for it, and the state its printer reports.

A change of printer state is an event (`device.status`) so that the dashboard
and the kiosk's own page show it at once; an unchanged report only refreshes
`last_seen`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.accounts.models import Device
from server.errors import InvalidRequest, NotFound
from server.hall.events import PUBLIC, Actor, Message, lock_center, record
from server.printing.models import PrintJob
from server.printing.printers import PRINTER_STATES, parse_printer
from server.security.networks import PrinterNetworks


def get_device(*, session: Session, device_id: int) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise NotFound(f"There is no device {device_id}.")
    return device


def list_devices(*, session: Session, center_id: int) -> list[Device]:
    return list(session.scalars(
        select(Device).where(Device.center_id == center_id).order_by(Device.id)
    ))


def pending_counts(*, session: Session, device_ids: list[int]) -> dict[int, int]:
    rows = session.execute(
        select(PrintJob.kiosk_id, func.count()).where(
            PrintJob.kiosk_id.in_(device_ids), PrintJob.state == "pending"
        ).group_by(PrintJob.kiosk_id)
    )
    return {kiosk_id: count for kiosk_id, count in rows}


def set_printer(
    *, session: Session, device_id: int, printer: str, allowed: PrinterNetworks | None = None
) -> Device:
    """Where the server prints this kiosk's papers: "network:HOST[:PORT]", or "" for its agent.

    `allowed`: the networks and ports the server may print to (none: any)."""
    device = get_device(session=session, device_id=device_id)
    lock_center(session, device.center_id)
    printer = printer.strip()
    if printer:
        if device.kind != "kiosk":
            raise InvalidRequest(f"Device {device_id} is a {device.kind}; only kiosks print.")
        try:
            spec = parse_printer(printer)
        except ValueError as exc:
            raise InvalidRequest(str(exc)) from exc
        if spec.kind != "network":
            raise InvalidRequest(
                "The server prints only to network printers (network:HOST[:PORT]); a USB, "
                "serial or file printer is driven by the kiosk's print agent (qms kiosk-agent)."
            )
        if allowed is not None:
            allowed.check(spec.target, spec.port)
        printer = str(spec)
    device.printer = printer
    return device


def report_printer(
    *, session: Session, device_id: int, state: str, detail: str, now: dt.datetime,
    actor: Actor = PUBLIC,
) -> list[Message]:
    """Store a printer's state; publish `device.status` when it changed."""
    if state not in PRINTER_STATES:
        raise InvalidRequest(f"A printer is {', '.join(PRINTER_STATES)}; not {state!r}.")
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


def device_view(device: Device, *, pending: int = 0, private: bool = False) -> dict[str, Any]:
    """What anyone may see of a device; `private` adds its printer address (managers, itself)."""
    view: dict[str, Any] = {
        "id": device.id, "center_id": device.center_id, "kind": device.kind,
        "name": device.name, "status": device.status or {},
        "last_seen": device.last_seen.isoformat() if device.last_seen else None,
        "pending_print_jobs": pending,
    }
    if device.kind == "kiosk":
        view["prints_via"] = "network" if device.printer else "agent"
    if private:
        view["printer"] = device.printer
    return view
