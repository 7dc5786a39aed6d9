"""Print jobs: made with the ticket in one transaction, printed later, never lost.

Plain domain code (no Flask): every function takes the session and the time.
A job stays `pending` until a printer has taken it; trouble only counts an
attempt and notes the error, so the job is printed when the printer is back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.accounts.service import kiosk_at
from server.clock import iso
from server.db import after_commit
from server.errors import InvalidRequest, NotFound
from server.printing.models import KINDS, PrintJob
from server.tickets.models import OPEN_STATES, Ticket
from server.tickets.service import Issued

# What `enqueue_job` collects on the transaction, for the printers once it has committed.
PRINT_JOBS = "print_jobs"


def enqueue_job(
    *, session: Session, center_id: int, kiosk_id: int, kind: str, ref: str, now: dt.datetime,
    label: str = "", base_url: str = "",
) -> PrintJob:
    """A paper to print at a kiosk, delivered once the transaction has committed. The same
    paper still waiting there is not queued twice."""
    if kind not in KINDS:
        raise InvalidRequest("A print job is one of {choices}, not {kind!r}.",
                             choices=list(KINDS), kind=kind)
    kiosk_at(session=session, center_id=center_id, kiosk_id=kiosk_id)
    waiting = session.scalar(select(PrintJob).where(
        PrintJob.kiosk_id == kiosk_id, PrintJob.kind == kind, PrintJob.ref == ref,
        PrintJob.state == "pending",
    ))
    if waiting is None:
        waiting = PrintJob(center_id=center_id, kiosk_id=kiosk_id, kind=kind, ref=ref,
                           label=label, state="pending", created_at=now, attempts=0,
                           last_error="", base_url=base_url)
        session.add(waiting)
        session.flush()
    after_commit(session, PRINT_JOBS, waiting)
    return waiting


def enqueue_ticket(*, session: Session, issued: Issued, now: dt.datetime, base_url: str
                   ) -> list[PrintJob]:
    """The print job of a ticket just issued at a kiosk; none for a replay or without a kiosk."""
    ticket = issued.ticket
    if issued.replayed or ticket.kiosk_id is None:
        return []
    return [enqueue_job(session=session, center_id=ticket.center_id, kiosk_id=ticket.kiosk_id,
                        kind="ticket", ref=ticket.token, now=now, label=ticket.number,
                        base_url=base_url)]


def get_job(*, session: Session, job_id: int) -> PrintJob:
    job = session.get(PrintJob, job_id)
    if job is None:
        raise NotFound("There is no print job {job_id}.", job_id=job_id)
    return job


def expire_stale(*, session: Session, kiosk_id: int, now: dt.datetime, max_age_minutes: int
                 ) -> int:
    """Drop what is no use on paper any more: papers older than the limit (a kiosk that was
    off overnight), and tickets already served, cancelled or transferred."""
    oldest = now - dt.timedelta(minutes=max_age_minutes)
    expired = 0
    for job in session.scalars(select(PrintJob).where(
        PrintJob.kiosk_id == kiosk_id, PrintJob.state == "pending"
    )):
        over = job.created_at < oldest
        if not over and job.kind == "ticket":
            state = session.scalar(select(Ticket.state).where(Ticket.token == job.ref))
            over = state is None or state not in OPEN_STATES
        if over:
            mark_expired(session=session, job=job)
            expired += 1
    return expired


def pending_jobs(*, session: Session, kiosk_id: int) -> list[PrintJob]:
    """The kiosk's papers still to print, oldest first (tickets come out in issue order)."""
    return list(session.scalars(select(PrintJob).where(
        PrintJob.kiosk_id == kiosk_id, PrintJob.state == "pending"
    ).order_by(PrintJob.id)))


def claim_pending(*, session: Session, kiosk_id: int, now: dt.datetime, lease: dt.timedelta
                  ) -> list[PrintJob]:
    """Pending jobs that no other server process is sending right now, held for `lease`."""
    jobs = list(session.scalars(select(PrintJob).where(
        PrintJob.kiosk_id == kiosk_id, PrintJob.state == "pending",
        or_(PrintJob.claimed_until.is_(None), PrintJob.claimed_until < now),
    ).order_by(PrintJob.id)))
    for job in jobs:
        job.claimed_until = now + lease
    return jobs


def mark_printed(*, session: Session, job: PrintJob, now: dt.datetime) -> None:
    """On paper: even a job that expired meanwhile was printed after all."""
    if job.state == "printed":
        return
    job.state = "printed"
    job.printed_at = now
    job.attempts += 1
    job.claimed_until = None


def mark_expired(*, session: Session, job: PrintJob) -> None:
    """Its paper is gone (a ticket or guide paper no longer there): nothing left to print."""
    if job.state == "pending":
        job.state = "expired"
        job.claimed_until = None


def mark_failed(*, session: Session, job: PrintJob, now: dt.datetime, error: str) -> None:
    """The printer did not take it: it stays pending, to be printed when the printer is back."""
    if job.state != "pending":
        return
    job.attempts += 1
    job.last_error = error[:300]
    job.claimed_until = None


def job_view(job: PrintJob) -> dict[str, Any]:
    return {
        "id": job.id, "center_id": job.center_id, "kiosk_id": job.kiosk_id, "kind": job.kind,
        "ref": job.ref, "label": job.label, "state": job.state,
        "created_at": job.created_at.isoformat(),
        "printed_at": iso(job.printed_at),
        "attempts": job.attempts, "last_error": job.last_error,
    }
