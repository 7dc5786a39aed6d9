"""Closing the days that are due, at every center: what `qms day close` and the server's
own periodic task run. Each day of each center is its own short transaction."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from server.centers.models import Center
from server.day.close import Closed, close_day, due_days, needs_refresh
from server.db import Database
from server.events.service import lock_center
from server.reports.daily import store_days

log = logging.getLogger(__name__)
# Days closed per center per run, so a long-stopped server catches up in steps.
MAX_DAYS_PER_RUN = 31


def close_due(
    database: Database, *, now: dt.datetime, center_ids: list[int] | None = None,
) -> list[Closed]:
    """Close every due day; rebuild the stored days that events made stale. What a close
    records reaches the screens through the database's after-commit handlers."""
    done: list[Closed] = []
    with database.read() as session:
        centers = [c for c in session.scalars(select(Center).order_by(Center.id))
                   if center_ids is None or c.id in center_ids]
        work = [(c.id, due_days(session, c, now)[:MAX_DAYS_PER_RUN], needs_refresh(session, c))
                for c in centers]
    for center_id, days, stale in work:
        for day in days:
            with database.transaction() as session:
                closed = close_day(session=session, center_id=center_id, day=day, now=now)
            done.append(closed)
        if stale and not days:
            with database.transaction() as session:
                store_days(session, lock_center(session, center_id), [], now=now)
    return done


class DayCloser:
    """The server's own close, every `interval` seconds (a greenlet under gevent)."""

    def __init__(self, *, database: Database, interval: float, now: Callable[[], dt.datetime],
                 sleep: Callable[[float], Any]) -> None:
        self.database = database
        self.interval = interval
        self.now = now
        self.sleep = sleep
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True

    def run(self) -> None:
        while not self.stopped:
            self.sleep(self.interval)
            if self.stopped:
                return
            try:
                close_due(self.database, now=self.now())
            except Exception:  # a failed close must not end the loop; the next one retries
                log.exception("closing the day failed")
