"""Devices over REST: a kiosk's state for its page and the dashboard, its printer settings."""

from __future__ import annotations

from apiflask import Schema, fields
from apiflask.validators import Length, OneOf
from flask import current_app

from server.accounts.service import get_device
from server.api.auth import auth, principal, require_manager, require_principal
from server.api.base import api, now
from server.devices import service
from server.devices.networks import PrinterNetworks
from server.errors import Forbidden
from server.extensions import db
from server.printing.printers import PRINTER_STATES
from server.printing.status import report_printer


class DeviceOut(Schema):
    id = fields.Integer()
    center_id = fields.Integer()
    kind = fields.String()
    name = fields.String()
    status = fields.Dict(metadata={
        "description": "e.g. {printer: online | paper_low | paper_out | error | offline, "
                       "printer_detail, printer_since}"})
    last_seen = fields.String(allow_none=True)
    pending_print_jobs = fields.Integer()
    prints_via = fields.String(metadata={
        "description": "A kiosk's printing: network (the server prints) or agent"})
    printer = fields.String(metadata={
        "description": "The network printer the server prints to (managers and the device)"})


class PrinterIn(Schema):
    printer = fields.String(required=True, validate=Length(0, 200), metadata={
        "description": "network:HOST[:PORT], or empty for the kiosk's print agent",
        "example": "network:10.0.8.31:9100"})


class StatusIn(Schema):
    printer = fields.String(required=True, validate=OneOf(PRINTER_STATES))
    detail = fields.String(load_default="", validate=Length(0, 300))


def _printer_networks() -> PrinterNetworks:
    config = current_app.config
    return PrinterNetworks.from_settings(config["QMS_PRINTER_ALLOWED_NETWORKS"],
                                         config["QMS_PRINTER_ALLOWED_PORTS"])


def _view(session, device, *, private: bool) -> dict:
    pending = service.pending_counts(session=session, device_ids=[device.id])
    return service.device_view(device, pending=pending.get(device.id, 0), private=private)


@api.get("/devices/<int:device_id>")
@api.auth_required(auth, optional=True)
@api.output(DeviceOut)
@api.doc(summary="A device and its state (a kiosk's printer: online, paper low or out, ...)",
         description="Open to the kiosk's page; the printer's address only to a manager of the "
                     "center and to the device itself.")
def device_get(device_id: int) -> dict:
    who = principal()
    with db.read() as session:
        device = get_device(session=session, device_id=device_id)
        private = who is not None and (
            (who.device is not None and who.device.id == device.id)
            or who.may_manage(device.center_id))
        return _view(session, device, private=private)


@api.get("/centers/<int:center_id>/devices")
@api.auth_required(auth)
@api.output(DeviceOut(many=True))
@api.doc(summary="A center's kiosks, boards and pads with their state (managers)")
def center_devices(center_id: int) -> list[dict]:
    require_manager(center_id)
    with db.read() as session:
        devices = service.list_devices(session=session, center_id=center_id)
        pending = service.pending_counts(session=session, device_ids=[d.id for d in devices])
        return [service.device_view(d, pending=pending.get(d.id, 0), private=True)
                for d in devices]


@api.put("/devices/<int:device_id>/printer")
@api.auth_required(auth)
@api.input(PrinterIn, arg_name="body")
@api.output(DeviceOut)
@api.doc(summary="Set the network printer the server prints a kiosk's papers to (managers)",
         description="Empty: the kiosk's print agent (qms kiosk-agent) prints them.")
def device_printer(device_id: int, body: dict) -> dict:
    with db.read() as session:
        center_id = get_device(session=session, device_id=device_id).center_id
    require_manager(center_id)
    with db.transaction() as session:
        device = service.set_printer(session=session, device_id=device_id,
                                     printer=body["printer"], allowed=_printer_networks())
        return _view(session, device, private=True)


@api.put("/devices/<int:device_id>/status")
@api.auth_required(auth)
@api.input(StatusIn, arg_name="body")
@api.output(DeviceOut)
@api.doc(summary="A device reports its printer's state (its own token)",
         description="A change is published to the hall as `device.status`.")
def device_status(device_id: int, body: dict) -> dict:
    who = require_principal()
    if who.device is None or who.device.id != device_id:
        raise Forbidden("A device reports only its own state, with its own token.")
    with db.transaction() as session:
        report_printer(session=session, device_id=device_id, state=body["printer"],
                       detail=body["detail"], now=now(), actor=who.actor)
        out = _view(session, get_device(session=session, device_id=device_id),
                    private=True)
    return out
