"""Reports over REST: JSON for the dashboard's charts, CSV downloads with the same figures.

Managers of the center and admins only. A year of a busy center takes most of a second
of database work per report; under gevent that work runs in a native thread (SQLite and
the PostgreSQL driver release the GIL), so the hall's boards keep their live updates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from apiflask import Schema, fields
from apiflask.validators import OneOf
from flask import Response

from server.api.auth import auth, require_manager
from server.api.base import api, now, off_the_loop
from server.centers.service import get_center, local_day
from server.errors import InvalidRequest
from server.extensions import db
from server.reports import service
from server.reports.tables import to_csv

T = TypeVar("T")


class ReportQuery(Schema):
    first = fields.String(data_key="from", load_default=None, metadata={
        "description": "First day, YYYY-MM-DD, in the center's own calendar (default: `to`)",
        "example": "2026-11-01"})
    last = fields.String(data_key="to", load_default=None, metadata={
        "description": "Last day, YYYY-MM-DD, included (default: today at the center)",
        "example": "2026-11-27"})
    format = fields.String(load_default="json", validate=OneOf(("json", "csv")),
                           metadata={"description": "json, or csv for a download"})
    lang = fields.String(load_default=None, validate=OneOf(("zh", "en")), metadata={
        "description": "The CSV's column headings in zh or en (default: machine keys)"})


class SummaryOut(Schema):
    center_id = fields.Integer()
    from_ = fields.String(attribute="from", data_key="from")
    to = fields.String()
    target_wait_minutes = fields.Integer()
    issued = fields.Integer(metadata={"description": "Tickets taken in the period"})
    served = fields.Integer(metadata={"description": "Services completed in the period"})
    no_show = fields.Integer(metadata={"description": "No-shows not put back in the line"})
    transferred = fields.Integer()
    cancelled = fields.Integer()
    called = fields.Integer(metadata={"description": "Tickets issued in the period and called"})
    median_wait_minutes = fields.Float(allow_none=True)
    p90_wait_minutes = fields.Float(allow_none=True)
    mean_wait_minutes = fields.Float(allow_none=True)
    served_within_target = fields.Float(allow_none=True, metadata={
        "description": "Share (0 to 1) of called tickets whose wait was at most the target"})


def _day(value: str | None, name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidRequest(
            "'{name}' must be a date written YYYY-MM-DD, like 2026-11-27; got {value!r}.",
            name=name, value=value) from None



def _report(center_id: int, name: str, query: dict[str, Any]) -> Any:
    require_manager(center_id)
    first, last = _day(query["first"], "from"), _day(query["last"], "to")
    database = db.database
    at = now()

    def work() -> dict[str, Any]:
        with database.read() as session:
            today = local_day(get_center(session=session, center_id=center_id), at)
            period = service.make_period(session=session, center_id=center_id,
                                         first=first or last or today, last=last or today)
            return service.report(session=session, name=name, period=period)

    report = off_the_loop(work)
    if query["format"] == "csv":
        filename = f"{name}-center{center_id}-{report['from']}-{report['to']}.csv"
        return Response(to_csv(name, report, query["lang"]), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    return report


@api.get("/centers/<int:center_id>/reports/summary")
@api.auth_required(auth)
@api.input(ReportQuery, location="query", arg_name="query")
@api.output(SummaryOut)
@api.doc(summary="A center's figures over a range of days (managers); format=csv downloads them",
         description="Waits run from a ticket's issue to its first call; medians and p90 are "
                     "in minutes.",
         responses={200: "The figures (JSON, or CSV with format=csv)",
                    400: "A date is not YYYY-MM-DD, or `from` is after `to`",
                    403: "Not a manager of this center"})
def report_summary(center_id: int, query: dict) -> Any:
    return _report(center_id, "summary", query)


@api.get("/centers/<int:center_id>/reports/<name>")
@api.auth_required(auth)
@api.input(ReportQuery, location="query", arg_name="query")
@api.doc(summary="One report of a center over a range of days (managers)",
         description="`name` is one of: items (tickets by item and outcome), sources (by "
                     "walk-in, reservation, follow-up, transfer), waits and handling (their "
                     "distribution: median, p90, share within the target, buckets), windows "
                     "and staff (throughput, handling, satisfaction), arrivals (per hour and "
                     "weekday). format=csv downloads the same figures.",
         responses={200: "The report (JSON, or CSV with format=csv)",
                    400: "Unknown report, or a date is not YYYY-MM-DD",
                    403: "Not a manager of this center"})
def report_named(center_id: int, name: str, query: dict) -> Any:
    if name not in service.REPORTS:
        raise InvalidRequest(
            "There is no report {name!r}; choose one of {choices}.", name=name,
            choices=list(service.REPORTS))
    return _report(center_id, name, query)
