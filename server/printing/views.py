"""Papers as ESC/POS bytes, and the print jobs a kiosk's agent fetches and acknowledges."""

from __future__ import annotations

import logging

from apiflask import Schema, fields
from apiflask.schemas import FileSchema
from apiflask.validators import Length
from flask import Response, current_app

from server.accounts.service import Principal, get_device
from server.api.auth import auth, require_principal
from server.api.base import api, now, public_url
from server.errors import Forbidden, InvalidRequest
from server.events.service import lock_center
from server.extensions import db
from server.printing import jobs as print_jobs
from server.printing.models import PrintJob
from server.printing.papers import guide_paper_bytes, job_bytes, ticket_bytes
from server.printing.printers import PRINTER_STATES
from server.printing.render import PrinterStyle
from server.printing.status import report_printer
from server.printing.text import PrinterSetupError
from server.realtime import notify_print_jobs

log = logging.getLogger(__name__)
ESCPOS = "application/octet-stream"
BYTES = FileSchema(type="string", format="binary")


class PrintJobOut(Schema):
    id = fields.Integer()
    center_id = fields.Integer()
    kiosk_id = fields.Integer()
    kind = fields.String(metadata={"description": "ticket or guide_paper"})
    ref = fields.String(metadata={"description": "The ticket's or guide paper's token"})
    label = fields.String(metadata={"description": "What the paper is, e.g. the number A012"})
    state = fields.String(metadata={"description": "pending, printed or expired"})
    created_at = fields.String()
    printed_at = fields.String(allow_none=True)
    attempts = fields.Integer()
    last_error = fields.String()


class AckIn(Schema):
    printed = fields.Boolean(required=True, metadata={
        "description": "true: the printer took the paper; false: it did not (see `error`)"})
    error = fields.String(load_default="", validate=Length(0, 300))
    printer = fields.String(load_default=None, allow_none=True, metadata={
        "description": f"The printer's state now: {', '.join(PRINTER_STATES)}"})


def _style() -> PrinterStyle:
    return PrinterStyle.from_config(current_app.config)


def _bytes(render) -> Response:
    try:
        data = render()
    except PrinterSetupError as exc:
        raise InvalidRequest("The printer is not set up: {problem}", problem=str(exc)) from exc

    return Response(data, mimetype=ESCPOS)


@api.get("/tickets/<token>/escpos")
@api.output(BYTES, content_type=ESCPOS, description="The ticket as ESC/POS bytes")
@api.doc(summary="A ticket as ESC/POS bytes, for a thermal printer",
         description="Center, number in large type, item, windows, people ahead, estimated "
                     "wait, time issued, a Code128 barcode and a QR code to the live page. "
                     "Printer profile: QMS_PRINTER_PROFILE; Chinese: QMS_PRINTER_CHINESE.")
def ticket_escpos(token: str) -> Response:
    with db.read() as session:
        return _bytes(lambda: ticket_bytes(session=session, token=token, now=now(),
                                           base_url=public_url(""), style=_style()))


@api.get("/guide-papers/<token>/escpos")
@api.output(BYTES, content_type=ESCPOS, description="The guide paper as ESC/POS bytes")
@api.doc(summary="A specific guide paper as ESC/POS bytes",
         description="Items, materials checklist, precautions, the answers given, and a QR "
                     "code to the printable page.")
def guide_paper_escpos(token: str) -> Response:
    with db.read() as session:
        return _bytes(lambda: guide_paper_bytes(session=session, token=token,
                                                base_url=public_url(""), style=_style()))


def _may_print_for(who: Principal, kiosk_id: int, center_id: int) -> None:
    if who.device is not None and who.device.id == kiosk_id:
        return
    if who.may_manage(center_id):
        return
    raise Forbidden("Only the kiosk itself (its device token) or a manager of its center may "
                    "handle its print jobs.")


@api.get("/devices/<int:device_id>/print-jobs")
@api.auth_required(auth)
@api.output(PrintJobOut(many=True))
@api.doc(summary="A kiosk's papers still to print, oldest first (its print agent)",
         description="Papers too old to be of use (QMS_PRINT_JOB_MAX_AGE_MINUTES) and tickets "
                     "already served are dropped first. Empty for a kiosk whose papers the "
                     "server prints to a network printer itself.")
def kiosk_print_jobs(device_id: int) -> list[dict]:
    who = require_principal()
    at = now()
    with db.transaction() as session:
        device = get_device(session=session, device_id=device_id)
        _may_print_for(who, device.id, device.center_id)
        lock_center(session, device.center_id)
        if who.device is not None:
            device.last_seen = at
        if device.printer:
            return []
        print_jobs.expire_stale(
            session=session, kiosk_id=device.id, now=at,
            max_age_minutes=current_app.config["QMS_PRINT_JOB_MAX_AGE_MINUTES"])
        return [print_jobs.job_view(j)
                for j in print_jobs.pending_jobs(session=session, kiosk_id=device.id)]


@api.get("/print-jobs/<int:job_id>/escpos")
@api.auth_required(auth)
@api.output(BYTES, content_type=ESCPOS, description="The job's paper as ESC/POS bytes")
@api.doc(summary="A print job's paper as ESC/POS bytes (the kiosk's agent prints these)")
def print_job_escpos(job_id: int) -> Response:
    who = require_principal()
    with db.read() as session:
        job = print_jobs.get_job(session=session, job_id=job_id)
        _may_print_for(who, job.kiosk_id, job.center_id)
        return _bytes(lambda: job_bytes(session=session, job=job, now=now(), style=_style(),
                                        base_url=public_url("")))


@api.post("/print-jobs/<int:job_id>/ack")
@api.auth_required(auth)
@api.input(AckIn, arg_name="body")
@api.output(PrintJobOut)
@api.doc(summary="The agent says whether the printer took a paper",
         description="Not printed: the job stays pending and is offered again; the printer's "
                     "state, when given, is stored and published as `device.status`.")
def print_job_ack(job_id: int, body: dict) -> dict:
    who = require_principal()
    at = now()
    state = body["printer"]
    if state is not None and state not in PRINTER_STATES:
        raise InvalidRequest("printer: one of {choices}, not {state!r}.",
                             choices=list(PRINTER_STATES), state=state)
    with db.transaction() as session:
        job: PrintJob = print_jobs.get_job(session=session, job_id=job_id)
        _may_print_for(who, job.kiosk_id, job.center_id)
        lock_center(session, job.center_id)
        if state is not None:
            report_printer(session=session, device_id=job.kiosk_id, state=state,
                           detail="" if body["printed"] else body["error"], now=at,
                           actor=who.actor)
        if body["printed"]:
            print_jobs.mark_printed(session=session, job=job, now=at)
        else:
            print_jobs.mark_failed(session=session, job=job, now=at,
                                   error=body["error"] or "The printer did not take it.")
        out = print_jobs.job_view(job)
    notify_print_jobs([job])
    return out
