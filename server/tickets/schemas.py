from apiflask import Schema, fields
from apiflask.validators import Length, Range


class IssueIn(Schema):
    item_id = fields.Integer(required=True, strict=True, validate=Range(min=1))
    priority = fields.String(load_default="normal", validate=Length(1, 20))
    kiosk_id = fields.Integer(load_default=None, allow_none=True, strict=True, metadata={
        "description": "The kiosk that prints the paper: only with that kiosk's device token"})
    follow_up_of = fields.String(
        load_default=None, allow_none=True,
        metadata={"description": "The token of today's earlier ticket, for a follow-up visit"},
    )


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
