"""After the commit: the papers go to their printers, and printer trouble waits it out.

`deliver(jobs)` tells each kiosk's room (its print agent and its page) about
new jobs, and for a kiosk with a network printer (`devices.printer`) starts a
background sender in this process. The sender sends every pending paper of the
kiosk in order over one connection with a short timeout; on trouble it stores
the printer's state, leaves the jobs pending and tries again every
QMS_PRINTER_RETRY_SECONDS until they are printed or expire. Several server
processes may run senders: a job is claimed for a lease before it is sent.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterable

from flask import Flask, current_app
from sqlalchemy import select

from server.accounts.models import Device
from server.api.base import publish
from server.clock import utcnow
from server.devices.service import report_printer
from server.errors import NotFound
from server.events.service import Actor, Message, lock_center
from server.extensions import db, socketio
from server.printing import jobs as print_jobs
from server.printing.models import PrintJob
from server.printing.papers import job_bytes
from server.printing.printers import (
    PrinterTrouble,
    close_quietly,
    open_printer,
    parse_printer,
    print_bytes,
    probe,
)
from server.printing.render import PrinterStyle
from server.printing.text import PrinterSetupError
from server.realtime import NAMESPACE, kiosk_room

log = logging.getLogger(__name__)

JOB_EVENT = "print.job"
_lock = threading.Lock()
_running: set[tuple[str, int]] = set()
_wanted: set[tuple[str, int]] = set()


def notify(jobs: Iterable[PrintJob]) -> None:
    """Tell the kiosks' rooms: the agent prints, the page can say what happened."""
    for job in jobs:
        socketio.emit(JOB_EVENT, print_jobs.job_view(job), namespace=NAMESPACE,
                      to=kiosk_room(job.kiosk_id))


def deliver(jobs: Iterable[PrintJob]) -> None:
    """Call after the commit that made the jobs."""
    jobs = list(jobs)
    if not jobs:
        return
    notify(jobs)
    kiosks = {job.kiosk_id for job in jobs}
    with db.read() as session:
        networked = [k for k in kiosks if (session.get(Device, k) or Device()).printer]
    for kiosk_id in networked:
        kick(current_app._get_current_object(), kiosk_id)


def kick(app: Flask, kiosk_id: int) -> None:
    """Make sure a sender runs for this kiosk in this process, and looks again."""
    key = (app.extensions["qms_db"].url, kiosk_id)
    with _lock:
        _wanted.add(key)
        if key in _running:
            return
        _running.add(key)
    socketio.start_background_task(_sender, app, kiosk_id, key)


def _sender(app: Flask, kiosk_id: int, key: tuple[str, int]) -> None:
    try:
        with app.app_context():
            retry = float(app.config["QMS_PRINTER_RETRY_SECONDS"])
            while True:
                with _lock:
                    _wanted.discard(key)
                trouble = send_pending(kiosk_id)
                with _lock:
                    if not trouble and key not in _wanted:
                        _running.discard(key)
                        return
                if trouble:
                    socketio.sleep(retry)
    except Exception:
        log.exception("The printer sender of kiosk %s stopped", kiosk_id)
        with _lock:
            _running.discard(key)


def send_pending(kiosk_id: int) -> bool:
    """Send the kiosk's pending papers to its network printer; True when the printer had
    trouble and papers are left to print."""
    config = current_app.config
    timeout = float(config["QMS_PRINTER_TIMEOUT_SECONDS"])
    now = utcnow()
    with db.transaction() as session:
        device = session.get(Device, kiosk_id)
        if device is None or not device.printer:
            return False
        lock_center(session, device.center_id)
        print_jobs.expire_stale(session=session, kiosk_id=kiosk_id, now=now,
                                max_age_minutes=config["QMS_PRINT_JOB_MAX_AGE_MINUTES"])
        claimed = print_jobs.claim_pending(session=session, kiosk_id=kiosk_id, now=now,
                                           lease=dt.timedelta(seconds=timeout * 4 + 10))
        spec_text = device.printer
        if not claimed:  # another process may be sending them: look again later
            return bool(print_jobs.pending_jobs(session=session, kiosk_id=kiosk_id))
    papers, gone = _render(claimed, now)
    if isinstance(papers, PrinterSetupError):
        printed, state, detail = [], "error", str(papers)
    else:
        printed, state, detail = _send(spec_text, papers, timeout=timeout)
    messages = _record(kiosk_id, [job.id for job in claimed], printed, gone, state, detail)
    publish(messages)
    with db.read() as session:
        notify(print_jobs.get_job(session=session, job_id=job.id) for job in claimed)
    return len(printed) + len(gone) < len(claimed)


def _render(jobs: list[PrintJob], now: dt.datetime
            ) -> tuple[list[tuple[int, bytes]] | PrinterSetupError, list[int]]:
    """Each job's bytes, and the jobs whose paper no longer exists; the settings' error when
    nothing can be rendered."""
    style = PrinterStyle.from_config(current_app.config)
    papers: list[tuple[int, bytes]] = []
    gone: list[int] = []
    with db.read() as session:
        for job in jobs:
            try:
                papers.append((job.id, job_bytes(session=session, job=job, now=now,
                                                 style=style)))
            except NotFound:
                gone.append(job.id)
            except PrinterSetupError as exc:
                return exc, gone
    return papers, gone


def _send(spec_text: str, papers: list[tuple[int, bytes]], *, timeout: float
          ) -> tuple[list[int], str, str]:
    """Print in order until trouble: the ids printed, the printer's state and what it said."""
    printed: list[int] = []
    printer = None
    try:
        spec = parse_printer(spec_text)
        printer = open_printer(spec, timeout=timeout)
        state = probe(printer, spec)
        for job_id, data in papers:
            print_bytes(printer, spec, data)
            printed.append(job_id)
        return printed, state, ""
    except PrinterTrouble as trouble:
        return printed, trouble.state, trouble.detail
    except ValueError as exc:
        return printed, "error", str(exc)
    finally:
        close_quietly(printer)


def _record(kiosk_id: int, job_ids: list[int], printed: list[int], gone: list[int], state: str,
            detail: str) -> list[Message]:
    now = utcnow()
    with db.transaction() as session:
        device = session.get(Device, kiosk_id)
        lock_center(session, device.center_id)
        for job_id in job_ids:
            job = print_jobs.get_job(session=session, job_id=job_id)
            if job_id in printed:
                print_jobs.mark_printed(session=session, job=job, now=now)
            elif job_id in gone:
                print_jobs.mark_expired(session=session, job=job)
            else:
                print_jobs.mark_failed(session=session, job=job, now=now,
                                       error=detail or "Not sent.")
        return report_printer(session=session, device_id=kiosk_id, state=state, detail=detail,
                              now=now, actor=Actor(device_id=kiosk_id, role="device"))


def resume_senders(app: Flask) -> None:
    """After a restart: pick up the papers that network printers still owe."""
    with app.app_context(), db.read() as session:
        kiosks = set(session.scalars(
            select(PrintJob.kiosk_id).join(Device, Device.id == PrintJob.kiosk_id)
            .where(PrintJob.state == "pending", Device.printer != "")
        ))
    for kiosk_id in kiosks:
        kick(app, kiosk_id)

