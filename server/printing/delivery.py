"""After the commit: the papers go to their printers, and printer trouble waits it out.

`Delivery.deliver(jobs)` tells each kiosk's room (its print agent and its page)
about new jobs, and for a kiosk with a network printer (`devices.printer`) starts
a background sender in this process. The sender sends every pending paper of the
kiosk in order over one connection with a short timeout; on trouble it stores
the printer's state, leaves the jobs pending and tries again every
QMS_PRINTER_RETRY_SECONDS until they are printed or expire. Several server
processes may run senders: a job is claimed for a lease before it is sent.

Plain code: the database, how to tell a kiosk's room, how to start and pause a
background task and the settings are given to it (the application wires them).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import select

from server.accounts.models import Device
from server.clock import utcnow
from server.db import Database
from server.errors import NotFound
from server.events.service import Actor, lock_center
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
from server.printing.status import report_printer
from server.printing.text import PrinterSetupError

log = logging.getLogger(__name__)

_lock = threading.Lock()
_running: set[tuple[str, int]] = set()
_wanted: set[tuple[str, int]] = set()


class Delivery:
    """The papers of one application's database on their way to the printers."""

    def __init__(
        self, *, database: Database, notify: Callable[[Iterable[PrintJob]], None],
        spawn: Callable[..., Any], sleep: Callable[[float], Any], settings: Mapping[str, Any],
    ) -> None:
        self.database = database
        self.notify = notify
        self.spawn = spawn
        self.sleep = sleep
        self.settings = settings

    def deliver(self, jobs: Iterable[PrintJob]) -> None:
        """Call after the commit that made the jobs."""
        jobs = list(jobs)
        if not jobs:
            return
        self.notify(jobs)
        kiosks = {job.kiosk_id for job in jobs}
        with self.database.read() as session:
            networked = [k for k in kiosks if (session.get(Device, k) or Device()).printer]
        for kiosk_id in networked:
            self.kick(kiosk_id)

    def kick(self, kiosk_id: int) -> None:
        """Make sure a sender runs for this kiosk in this process, and looks again."""
        key = (self.database.url, kiosk_id)
        with _lock:
            _wanted.add(key)
            if key in _running:
                return
            _running.add(key)
        self.spawn(self._sender, kiosk_id, key)

    def _sender(self, kiosk_id: int, key: tuple[str, int]) -> None:
        try:
            retry = float(self.settings["QMS_PRINTER_RETRY_SECONDS"])
            while True:
                with _lock:
                    _wanted.discard(key)
                trouble = self.send_pending(kiosk_id)
                with _lock:
                    if not trouble and key not in _wanted:
                        _running.discard(key)
                        return
                if trouble:
                    self.sleep(retry)
        except Exception:
            log.exception("The printer sender of kiosk %s stopped", kiosk_id)
            with _lock:
                _running.discard(key)

    def send_pending(self, kiosk_id: int) -> bool:
        """Send the kiosk's pending papers to its network printer; True when the printer had
        trouble and papers are left to print."""
        timeout = float(self.settings["QMS_PRINTER_TIMEOUT_SECONDS"])
        now = utcnow()
        with self.database.transaction() as session:
            device = session.get(Device, kiosk_id)
            if device is None or not device.printer:
                return False
            lock_center(session, device.center_id)
            print_jobs.expire_stale(
                session=session, kiosk_id=kiosk_id, now=now,
                max_age_minutes=self.settings["QMS_PRINT_JOB_MAX_AGE_MINUTES"])
            claimed = print_jobs.claim_pending(session=session, kiosk_id=kiosk_id, now=now,
                                               lease=dt.timedelta(seconds=timeout * 4 + 10))
            spec_text = device.printer
            if not claimed:  # another process may be sending them: look again later
                return bool(print_jobs.pending_jobs(session=session, kiosk_id=kiosk_id))
        papers, gone = self._render(claimed, now)
        if isinstance(papers, PrinterSetupError):
            printed, state, detail = [], "error", str(papers)
        else:
            printed, state, detail = _send(spec_text, papers, timeout=timeout)
        self._record(kiosk_id, [job.id for job in claimed], printed, gone, state, detail)
        with self.database.read() as session:
            self.notify(print_jobs.get_job(session=session, job_id=job.id) for job in claimed)
        return len(printed) + len(gone) < len(claimed)

    def _render(self, jobs: list[PrintJob], now: dt.datetime
                ) -> tuple[list[tuple[int, bytes]] | PrinterSetupError, list[int]]:
        """Each job's bytes, and the jobs whose paper no longer exists; the settings' error
        when nothing can be rendered."""
        style = PrinterStyle.from_config(self.settings)
        papers: list[tuple[int, bytes]] = []
        gone: list[int] = []
        with self.database.read() as session:
            for job in jobs:
                try:
                    papers.append((job.id, job_bytes(session=session, job=job, now=now,
                                                     style=style)))
                except NotFound:
                    gone.append(job.id)
                except PrinterSetupError as exc:
                    return exc, gone
        return papers, gone

    def _record(self, kiosk_id: int, job_ids: list[int], printed: list[int], gone: list[int],
                state: str, detail: str) -> None:
        """Mark what was printed; the printer's state is published with the commit."""
        now = utcnow()
        with self.database.transaction() as session:
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
            report_printer(session=session, device_id=kiosk_id, state=state, detail=detail,
                           now=now, actor=Actor(device_id=kiosk_id, role="device"))

    def resume(self) -> None:
        """After a restart: pick up the papers that network printers still owe."""
        with self.database.read() as session:
            kiosks = set(session.scalars(
                select(PrintJob.kiosk_id).join(Device, Device.id == PrintJob.kiosk_id)
                .where(PrintJob.state == "pending", Device.printer != "")
            ))
        for kiosk_id in kiosks:
            self.kick(kiosk_id)


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
