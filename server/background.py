"""What runs beside the requests, wired and started by `create_app`, never by an import:
publishing after each commit, the papers' way to the printers, the booking sweep, the
day's close, the webhooks' deliveries."""

from __future__ import annotations

import logging

from flask import Flask, current_app

from server.booking.sweeper import BackgroundSweeps
from server.clock import utcnow
from server.day.task import DayCloser
from server.events.service import MESSAGES
from server.events.webhooks import WEBHOOKS
from server.extensions import socketio
from server.hall.lines import attach_line_figures
from server.printing.delivery import Delivery
from server.printing.jobs import PRINT_JOBS
from server.realtime import emit_messages, notify_print_jobs
from server.remote.near import NearCalls
from server.webhooks.delivery import Deliverer

log = logging.getLogger(__name__)


def wire(app: Flask) -> None:
    """What a commit hands over goes out: the hall's messages to its rooms, then the papers
    to their printers."""
    database = app.extensions["qms_db"]
    delivery = Delivery(database=database, notify=notify_print_jobs,
                        spawn=socketio.start_background_task, sleep=socketio.sleep,
                        settings=app.config)
    app.extensions["qms_printing"] = delivery
    database.before_commit.append(attach_line_figures)
    database.on_commit[MESSAGES] = emit_messages
    database.on_commit[PRINT_JOBS] = delivery.deliver
    deliverer = Deliverer(database=database, settings=app.config)
    app.extensions["qms_webhooks"] = deliverer
    database.on_commit[WEBHOOKS] = deliverer.wake


def start_background(app: Flask) -> None:
    """The booking sweep now; the papers network printers still owe with the first request
    (the database may not be there before)."""
    _start_sweeps(app)
    _start_day_closer(app)
    _start_webhooks(app)
    _start_near_calls(app)
    app.before_request(_resume_printing)


def _start_sweeps(app: Flask) -> None:
    """Unless it is switched off (0) or the app is a test's."""
    if app.config["QMS_BOOKING_SWEEP_SECONDS"] <= 0 or app.testing:
        return
    sweeps = BackgroundSweeps(database=app.extensions["qms_db"],
                              interval=app.config["QMS_BOOKING_SWEEP_SECONDS"],
                              retention_days=app.config["QMS_BOOKING_RETENTION_DAYS"],
                              sleep=socketio.sleep)
    app.extensions["qms_booking_sweeps"] = sweeps
    socketio.start_background_task(sweeps.run)


def _start_day_closer(app: Flask) -> None:
    """The day's close every QMS_DAY_CLOSE_SECONDS, unless switched off (0) or under test."""
    if app.config["QMS_DAY_CLOSE_SECONDS"] <= 0 or app.testing:
        return
    closer = DayCloser(database=app.extensions["qms_db"],
                       interval=app.config["QMS_DAY_CLOSE_SECONDS"], now=utcnow,
                       sleep=socketio.sleep)
    app.extensions["qms_day_closer"] = closer
    socketio.start_background_task(closer.run)


def _start_webhooks(app: Flask) -> None:
    """The webhook deliverer, unless switched off (0) or under test (tests drive it)."""
    if app.config["QMS_WEBHOOK_POLL_SECONDS"] <= 0 or app.testing:
        return
    socketio.start_background_task(app.extensions["qms_webhooks"].run)


def _start_near_calls(app: Flask) -> None:
    """Texts to phones whose call is near, unless switched off (0) or under test."""
    if app.config["QMS_NEAR_CALL_SECONDS"] <= 0 or app.testing:
        return
    near = NearCalls(database=app.extensions["qms_db"],
                     interval=app.config["QMS_NEAR_CALL_SECONDS"], sleep=socketio.sleep)
    socketio.start_background_task(near.run)


def _resume_printing() -> None:
    """Once per process: papers that network printers still owe are sent again."""
    app = current_app._get_current_object()
    if app.extensions.get("qms_printing_resumed"):
        return
    try:
        app.extensions["qms_printing"].resume()
    except Exception:  # the database is not there yet: try again with the next request
        log.warning("Could not look for papers owed by network printers", exc_info=True)
        return
    app.extensions["qms_printing_resumed"] = True
