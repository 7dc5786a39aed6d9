"""Schemas shared by several areas of the API."""

from __future__ import annotations

from typing import get_args, get_type_hints

from apiflask import Schema, fields
from apiflask.validators import Length

from server.tickets import presenters

_FIELDS = {int: fields.Integer, str: fields.String}


def schema_of(typed: type, name: str) -> type[Schema]:
    """The schema of a presenter's TypedDict: one list of fields, in the presenter."""
    made = {}
    for key, hint in get_type_hints(typed).items():
        kinds = [k for k in (get_args(hint) or (hint,)) if k is not type(None)]
        nullable = len(kinds) < len(get_args(hint) or (hint,))
        made[key] = _FIELDS[kinds[0]](allow_none=True) if nullable else _FIELDS[kinds[0]]()
    return Schema.from_dict(made, name=name)


class Error(Schema):
    status = fields.Integer()
    error = fields.String()
    message = fields.String(metadata={"description": "What went wrong, for a person to act on"})
    detail = fields.Dict()


TicketBrief = schema_of(presenters.TicketBrief, "TicketBrief")


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


class IdempotencyHeader(Schema):
    idempotency_key = fields.String(
        data_key="Idempotency-Key", load_default=None, validate=Length(1, 100),
        metadata={"description": "A retry with the same key returns the same ticket"},
    )


class TicketOut(Schema):
    id = fields.Integer()
    center_id = fields.Integer()
    center_name = fields.String()
    center_name_en = fields.String()
    number = fields.String()
    token = fields.String()
    item_id = fields.Integer()
    item_name = fields.String()
    item_name_en = fields.String()
    source = fields.String()
    priority = fields.String()
    state = fields.String()
    day = fields.String()
    today = fields.Boolean()
    issued_at = fields.String()
    called_at = fields.String(allow_none=True)
    windows = fields.List(fields.Integer(), metadata={"description": "Window numbers to go to"})
    window_number = fields.Integer(allow_none=True)
    ahead = fields.Integer()
    estimated_wait_minutes = fields.Integer(allow_none=True)
    recall_count = fields.Integer()
    outcome = fields.Dict(allow_none=True)
    transferred_from = fields.String(allow_none=True)
    status_url = fields.String()
    replayed = fields.Boolean()
    line = fields.Dict(allow_none=True)
