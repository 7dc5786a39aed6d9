"""Devices as the dashboard sees them, and where the server prints a kiosk's papers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.accounts.models import Device
from server.accounts.service import get_device
from server.clock import iso
from server.devices.networks import PrinterNetworks
from server.errors import InvalidRequest
from server.events.service import lock_center
from server.printing.models import PrintJob
from server.printing.printers import parse_printer


def list_devices(*, session: Session, center_id: int) -> list[Device]:
    return list(session.scalars(
        select(Device).where(Device.center_id == center_id, Device.revoked_at.is_(None))
        .order_by(Device.id)
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
            raise InvalidRequest("Device {device_id} is a {kind}; only kiosks print.",
                                 device_id=device_id, kind=device.kind)
        try:
            spec = parse_printer(printer)
        except ValueError as exc:
            raise InvalidRequest("The printer address is not valid: {problem}",
                                 problem=str(exc)) from exc

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


def device_view(device: Device, *, pending: int = 0, private: bool = False) -> dict[str, Any]:
    """What anyone may see of a device; `private` adds its printer address (managers, itself)."""
    view: dict[str, Any] = {
        "id": device.id, "center_id": device.center_id, "kind": device.kind,
        "name": device.name, "status": device.status or {},
        "last_seen": iso(device.last_seen),
        "pending_print_jobs": pending,
    }
    if device.kind == "kiosk":
        view["prints_via"] = "network" if device.printer else "agent"
    if private:
        view["printer"] = device.printer
    return view
