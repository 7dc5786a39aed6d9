"""GET /audit: the trail, filtered, as JSON or as CSV for Excel."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from apiflask import Schema, fields
from apiflask.validators import OneOf, Range
from flask import Response

from server.api.auth import auth, require_principal
from server.api.base import api
from server.audit import service
from server.errors import Forbidden
from server.extensions import db


class AuditQuery(Schema):
    center_id = fields.Integer(load_default=None)
    actor = fields.String(load_default=None, metadata={
        "description": "A user name or a device's name"})
    start = fields.String(load_default=None, data_key="from", metadata={
        "description": "YYYY-MM-DD (the day starts in Asia/Shanghai) or an ISO instant"})
    end = fields.String(load_default=None, data_key="to", metadata={
        "description": "YYYY-MM-DD (inclusive) or an ISO instant (exclusive)"})
    format = fields.String(load_default="json", validate=OneOf(("json", "csv")))
    limit = fields.Integer(load_default=500, validate=Range(1, service.MAX_ROWS))


class AuditRow(Schema):
    at = fields.String()
    center_id = fields.Integer(allow_none=True)
    actor = fields.String()
    role = fields.String()
    action = fields.String(metadata={"description": "center.updated, user.deactivated, "
                                                    "auth.sign_in_failed, ticket.called, ..."})
    target = fields.String()
    target_id = fields.Integer(allow_none=True)
    summary = fields.String()
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)
    source = fields.String(metadata={"description": "audit, or events (the event log)"})


def _instant(raw: str | None, *, end: bool) -> dt.datetime | None:
    if not raw:
        return None
    from server.errors import InvalidRequest

    try:
        if len(raw) == 10:
            day = dt.date.fromisoformat(raw) + dt.timedelta(days=1 if end else 0)
            return dt.datetime.combine(day, dt.time(0), ZoneInfo("Asia/Shanghai"))
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidRequest("{raw!r} is not a date (YYYY-MM-DD) or an ISO time.",
                             raw=raw) from None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@api.get("/audit")
@api.auth_required(auth)
@api.input(AuditQuery, location="query", arg_name="query")
@api.output(AuditRow(many=True))
@api.doc(summary="The audit trail, newest first (admins: the city; managers: their centers)",
         description="Configuration, accounts, devices, guides and sign-ins, merged with the "
                     "event log's actions by staff and devices (calls, out-of-turn calls "
                     "with their reason, transfers, requeues, window changes). format=csv: "
                     "UTF-8 with a byte-order mark.")
def audit_trail(query: dict) -> Any:
    who = require_principal()
    actor = who.actor
    if actor.role == "admin":
        visible = None
    elif actor.role == "manager" and actor.center_ids:
        visible = list(actor.center_ids)
    else:
        raise Forbidden("Only managers and admins read the audit trail.")
    if query["center_id"] is not None and visible is not None \
            and query["center_id"] not in visible:
        raise Forbidden("You do not manage center {center_id}.", center_id=query['center_id'])
    with db.read() as session:
        rows = service.trail(
            session=session, visible_centers=visible, center_id=query["center_id"],
            actor=query["actor"], since=_instant(query["start"], end=False),
            until=_instant(query["end"], end=True), limit=query["limit"])
    if query["format"] == "csv":
        return Response(service.as_csv(rows), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="audit.csv"'})
    return [service.as_dict(r) for r in rows]
