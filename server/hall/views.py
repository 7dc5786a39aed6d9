from __future__ import annotations

from apiflask import Schema, fields
from apiflask.validators import Length

from server.api.auth import auth, require_manager
from server.api.base import api, now
from server.centers.service import get_center
from server.events.service import lock_center, record
from server.extensions import db
from server.hall.snapshot import hall_snapshot


class HallOut(Schema):
    center = fields.Dict()
    seq = fields.Integer(metadata={"description": "The center's last event sequence number"})
    windows = fields.List(fields.Dict())
    waiting_by_item = fields.List(fields.Dict())
    waiting_by_group = fields.List(fields.Dict())
    waiting_total = fields.Integer()
    last_calls = fields.List(fields.Dict())


class NoticeIn(Schema):
    notice = fields.String(required=True, validate=Length(0, 500))


@api.get("/centers/<int:center_id>/hall")
@api.output(HallOut)
@api.doc(summary="The hall now: windows, waiting counts, last calls and the event sequence")
def hall(center_id: int) -> dict:
    with db.read() as session:
        return hall_snapshot(session=session, center_id=center_id, now=now())


@api.put("/centers/<int:center_id>/notice")
@api.auth_required(auth)
@api.input(NoticeIn, arg_name="body")
@api.output(NoticeIn)
@api.doc(summary="Post the notice line shown on the hall boards (managers)")
def notice(center_id: int, body: dict) -> dict:
    who = require_manager(center_id)
    with db.transaction() as session:
        get_center(session=session, center_id=center_id)
        center = lock_center(session, center_id)
        center.notice = body["notice"].strip()
        record(session, center=center, type="center.notice", at=now(),
               actor=who.actor, data={"notice": center.notice})
    return {"notice": body["notice"].strip()}
