"""/webhooks: admins register the city's platforms as subscribers of the hall's events."""

from __future__ import annotations

from typing import Any

from apiflask import Schema, fields
from apiflask.validators import Length
from flask import current_app

from server.api.auth import auth, require_principal
from server.api.base import api, now
from server.events.webhooks import WEBHOOK_EVENTS, forget_subscribers
from server.extensions import db
from server.webhooks import service

EVENTS_DOC = ("The events it hears, any of: " + ", ".join(WEBHOOK_EVENTS))


class WebhookPatch(Schema):
    url = fields.String(validate=Length(1, 500), metadata={
        "description": "http(s) address that receives each event as a JSON POST"})
    events = fields.List(fields.String(), metadata={"description": EVENTS_DOC})
    secret = fields.String(validate=Length(16, 200), load_only=True, metadata={
        "description": "Signs each body: X-Hall-Signature: sha256=HMAC-SHA256(secret, body)"})
    personal_data = fields.Boolean(metadata={
        "description": "Whether it receives names and phones of bookings and ratings' words"})
    active = fields.Boolean()
    description = fields.String(validate=Length(0, 200))


class WebhookIn(WebhookPatch):
    url = fields.String(required=True, validate=Length(1, 500))
    events = fields.List(fields.String(), required=True, metadata={"description": EVENTS_DOC})
    secret = fields.String(required=True, validate=Length(16, 200), load_only=True)
    personal_data = fields.Boolean(load_default=False)


class WebhookOut(Schema):
    id = fields.Integer()
    url = fields.String()
    events = fields.List(fields.String())
    personal_data = fields.Boolean()
    active = fields.Boolean()
    description = fields.String()
    created_at = fields.String()
    pending = fields.Integer(metadata={"description": "Deliveries still owed"})
    delivered = fields.Integer()
    rejected = fields.Integer(metadata={"description": "Answered 4xx: not sent again"})
    last_error = fields.String(metadata={"description": "Why the oldest owed one is not in"})


def _allow_private() -> bool:
    return bool(current_app.config["QMS_WEBHOOK_ALLOW_PRIVATE"])


def _change(change, **kwargs: Any) -> dict[str, Any]:
    who = require_principal()
    with db.transaction() as session:
        hook = change(session=session, actor=who.actor, now=now(), **kwargs)
        out = service.webhook_view(session, hook)
    forget_subscribers()
    return out


@api.get("/webhooks")
@api.auth_required(auth)
@api.output(WebhookOut(many=True))
@api.doc(summary="The subscribers of the hall's events (admins)")
def webhooks_list() -> list[dict[str, Any]]:
    who = require_principal()
    with db.read() as session:
        return service.list_webhooks(session=session, actor=who.actor)


@api.post("/webhooks")
@api.auth_required(auth)
@api.input(WebhookIn, arg_name="body")
@api.output(WebhookOut, status_code=201)
@api.doc(summary="Register a subscriber of the hall's events (admins)",
         description="Each event it asked for is POSTed as JSON, in order per center, with "
                     "`Idempotency-Key` and `X-Hall-Signature: sha256=<hex>` (HMAC-SHA256 of "
                     "the exact body with its secret), retried with back-off until it answers "
                     "2xx. See the README's webhook section for what each event carries.",
         responses={400: "A private or loopback address, an unknown event, a short secret"})
def webhook_create(body: dict) -> dict[str, Any]:
    return _change(service.register_webhook, allow_private=_allow_private(), **body)


@api.patch("/webhooks/<int:webhook_id>")
@api.auth_required(auth)
@api.input(WebhookPatch, arg_name="body")
@api.output(WebhookOut)
@api.doc(summary="Change a subscriber: address, events, secret, personal data, on/off (admins)")
def webhook_update(webhook_id: int, body: dict) -> dict[str, Any]:
    return _change(service.update_webhook, webhook_id=webhook_id,
                   allow_private=_allow_private(), **body)


@api.delete("/webhooks/<int:webhook_id>")
@api.auth_required(auth)
@api.doc(summary="Remove a subscriber and what it was still owed (admins)",
         responses={204: "Removed"})
def webhook_delete(webhook_id: int):
    who = require_principal()
    with db.transaction() as session:
        service.remove_webhook(session=session, actor=who.actor, now=now(),
                               webhook_id=webhook_id)
    forget_subscribers()
    return "", 204
