"""Closing the days that are due, at every center: what `qms day close` and the server's
own periodic task run. Each day of each center is its own short transaction."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import select

from server.centers.models import Center
from server.day.close import Closed, close_day, due_days, needs_refresh
from server.db import Database
from server.hall.events import Message, lock_center
from server.reports.daily import store_days

log = logging.getLogger(__name__)
# Days closed per center per run, so a long-stopped server catches up in steps.
MAX_DAYS_PER_RUN = 31


def close_due(
    database: Database, *, now: dt.datetime,
    publish: Callable[[list[Message]], None] | None = None,
    center_ids: list[int] | None = None,
) -> list[Closed]:
    """Close every due day; rebuild the stored days that events made stale."""
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
            if publish is not None and closed.messages:
                publish(closed.messages)
        if stale and not days:
            with database.transaction() as session:
                store_days(session, lock_center(session, center_id), [], now=now)
    return done


class DayCloser:
    """The server's own close, every QMS_DAY_CLOSE_SECONDS (a greenlet under gevent)."""

    def __init__(self, app) -> None:
        self.app = app
        self.interval = app.config["QMS_DAY_CLOSE_SECONDS"]
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True

    def run(self) -> None:
        from server.api.base import publish
        from server.clock import utcnow
        from server.extensions import socketio

        while not self.stopped:
            socketio.sleep(self.interval)
            if self.stopped:
                return
            try:
                with self.app.app_context():
                    close_due(self.app.extensions["qms_db"], now=utcnow(), publish=publish)
            except Exception:  # a failed close must not end the loop; the next one retries
                log.exception("closing the day failed")


def start_day_closer(app) -> DayCloser | None:
    """Start the periodic close inside the server, unless switched off (0) or under test."""
    if app.config["QMS_DAY_CLOSE_SECONDS"] <= 0 or app.testing:
        return None
    from server.extensions import socketio

    closer = DayCloser(app)
    app.extensions["qms_day_closer"] = closer
    socketio.start_background_task(closer.run)
    return closer
