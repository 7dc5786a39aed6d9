"""Schemas shared by several areas of the API."""

from apiflask import Schema, fields


class Error(Schema):
    status = fields.Integer()
    error = fields.String()
    message = fields.String(metadata={"description": "What went wrong, for a person to act on"})
    detail = fields.Dict()


class TicketBrief(Schema):
    id = fields.Integer()
    number = fields.String()
    item_id = fields.Integer()
    item_name = fields.String(allow_none=True)
    item_name_en = fields.String(allow_none=True)
    source = fields.String()
    priority = fields.String()
    state = fields.String()
    window_id = fields.Integer(allow_none=True)
    window_number = fields.Integer(allow_none=True)
    recall_count = fields.Integer()
    issued_at = fields.String(allow_none=True)
    called_at = fields.String(allow_none=True)
    started_at = fields.String(allow_none=True)
    finished_at = fields.String(allow_none=True)


class WindowOut(Schema):
    id = fields.Integer()
    center_id = fields.Integer()
    number = fields.Integer()
    kind = fields.String()
    group = fields.String()
    group_en = fields.String()
    state = fields.String()
    state_reason = fields.String()
    state_since = fields.String(allow_none=True)
    staff_user_id = fields.Integer(allow_none=True)
    staffed = fields.Boolean(metadata={"description": "Someone holds it and can call from it"})
    item_ids = fields.List(fields.Integer())
    current_ticket = fields.Nested(TicketBrief, allow_none=True)
    waiting = fields.Integer()
