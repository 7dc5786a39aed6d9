"""The booking sweep: lapse the no-shows and erase personal data that is no longer needed.

`sweep` is what the server's background task and `qms booking sweep` both run.
Each center is its own short transaction, so the hall is never held up for long.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from server.booking import service
from server.clock import utcnow
from server.db import Database
from server.events.service import Message

log = logging.getLogger(__name__)


@dataclass
class Swept:
    no_shows: int = 0
    erased: int = 0
    messages: list[Message] = field(default_factory=list)


PURGE_EVERY = dt.timedelta(hours=1)


def sweep(
    database: Database, *, now: dt.datetime, retention_days: int, purge: bool = True,
) -> Swept:
    """One sweep; the lapsed bookings' messages are published by each center's commit."""
    swept = Swept()
    with database.read() as session:
        lapsed = service.lapsed_ids(session=session, now=now)
    for center_id in sorted(lapsed):
        with database.transaction() as session:
            messages = service.expire_no_shows(session=session, center_id=center_id, now=now)
        swept.no_shows += len(messages)
        swept.messages += messages
    if not purge:
        return swept
    with database.transaction() as session:
        swept.erased = service.purge_personal_data(session=session, now=now,
                                                   retention_days=retention_days)
    return swept


class BackgroundSweeps:
    """The server's own sweep, every `interval` seconds (a greenlet under gevent); `sleep`
    is the server's own pause."""

    def __init__(self, *, database: Database, interval: float, retention_days: int,
                 sleep: Callable[[float], Any]) -> None:
        self.database = database
        self.interval = interval
        self.retention_days = retention_days
        self.sleep = sleep
        self.stopped = False
        self.runs = 0

    def stop(self) -> None:
        self.stopped = True

    def run(self) -> None:
        last_purge = None
        while not self.stopped:
            self.sleep(self.interval)
            if self.stopped:
                return
            try:
                now = utcnow()
                purge = last_purge is None or now - last_purge >= PURGE_EVERY
                sweep(self.database, now=now, purge=purge, retention_days=self.retention_days)
                last_purge = now if purge else last_purge
            except Exception:  # a failed sweep must not end the loop; the next one retries
                log.exception("booking sweep failed")
            self.runs += 1
