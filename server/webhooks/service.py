"""Subscribers of the city's platforms: registered, changed and removed by admins.

Every change is written to the audit trail (never the secret) and makes the processes'
cached list of subscribers read again, so the next event already goes to a new one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.admin.common import require_admin
from server.audit import service as audit
from server.errors import InvalidRequest, NotFound
from server.events.service import Actor
from server.events.webhooks import (
    WEBHOOK_EVENTS,
    Webhook,
    WebhookDelivery,
    forget_subscribers,
)
from server.webhooks.addresses import refusal

MIN_SECRET = 16


def _check(*, url: str | None, events: list[str] | None, secret: str | None,
           allow_private: bool) -> None:
    if url is not None:
        why = refusal(url, allow_private=allow_private)
        if why:
            raise InvalidRequest("The receiver's address is refused: {why}", why=why,
                                 detail={"field": "url"})
    if events is not None:
        unknown = sorted(set(events) - set(WEBHOOK_EVENTS))
        if not events or unknown:
            raise InvalidRequest(
                "Name one or more events a subscriber may hear: {events} (not {unknown}).",
                events=list(WEBHOOK_EVENTS), unknown=unknown or ["none"],
                detail={"field": "events"})
    if secret is not None and len(secret) < MIN_SECRET:
        raise InvalidRequest("The secret needs at least {count} characters.",
                             count=MIN_SECRET, detail={"field": "secret"})


def get_webhook(session: Session, webhook_id: int) -> Webhook:
    hook = session.get(Webhook, webhook_id)
    if hook is None:
        raise NotFound("There is no webhook {webhook_id}.", webhook_id=webhook_id)
    return hook


def webhook_view(session: Session, hook: Webhook) -> dict[str, Any]:
    """A subscriber as admins see it: never its secret; its line of deliveries."""
    counts = dict(session.execute(
        select(WebhookDelivery.state, func.count()).where(WebhookDelivery.webhook_id == hook.id)
        .group_by(WebhookDelivery.state)).all())
    head = session.scalar(
        select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id,
                                      WebhookDelivery.state == "pending")
        .order_by(WebhookDelivery.id).limit(1))
    return {
        "id": hook.id, "url": hook.url, "events": list(hook.events),
        "personal_data": hook.personal_data, "active": hook.active,
        "description": hook.description, "created_at": hook.created_at.isoformat(),
        "pending": counts.get("pending", 0), "delivered": counts.get("delivered", 0),
        "rejected": counts.get("rejected", 0),
        "last_error": head.last_error if head is not None else "",
    }


def list_webhooks(*, session: Session, actor: Actor) -> list[dict[str, Any]]:
    require_admin(actor, "see the webhooks")
    return [webhook_view(session, h) for h in session.scalars(select(Webhook).order_by(Webhook.id))]


def _public(hook: Webhook) -> dict[str, Any]:
    return {"url": hook.url, "events": list(hook.events), "personal_data": hook.personal_data,
            "active": hook.active}


def register_webhook(
    *, session: Session, actor: Actor, now: dt.datetime, url: str, events: list[str],
    secret: str, personal_data: bool = False, active: bool = True, description: str = "",
    allow_private: bool = False,
) -> Webhook:
    require_admin(actor, "register a webhook")
    _check(url=url, events=events, secret=secret, allow_private=allow_private)
    hook = Webhook(url=url, events=sorted(set(events)), secret=secret,
                   personal_data=personal_data, active=active, description=description,
                   created_at=now)
    session.add(hook)
    session.flush()
    audit.write(session, actor=actor, at=now, action="webhook.registered", target="webhook",
                target_id=hook.id, summary=f"webhook {hook.url}", after=_public(hook))
    forget_subscribers()
    return hook


def update_webhook(
    *, session: Session, actor: Actor, now: dt.datetime, webhook_id: int,
    allow_private: bool = False, **changes: Any,
) -> Webhook:
    require_admin(actor, "change a webhook")
    hook = get_webhook(session, webhook_id)
    _check(url=changes.get("url"), events=changes.get("events"), secret=changes.get("secret"),
           allow_private=allow_private)
    before = _public(hook)
    for name in ("url", "secret", "personal_data", "active", "description"):
        if name in changes:
            setattr(hook, name, changes[name])
    if "events" in changes:
        hook.events = sorted(set(changes["events"]))
    old, new = audit.changes(before, _public(hook))
    summary = f"webhook {hook.url}" + ("; secret changed" if "secret" in changes else "")
    audit.write(session, actor=actor, at=now, action="webhook.updated", target="webhook",
                target_id=hook.id, summary=summary, before=old, after=new)
    forget_subscribers()
    return hook


def remove_webhook(*, session: Session, actor: Actor, now: dt.datetime, webhook_id: int) -> None:
    """The subscriber and the deliveries it was still owed go."""
    require_admin(actor, "remove a webhook")
    hook = get_webhook(session, webhook_id)
    session.execute(WebhookDelivery.__table__.delete().where(
        WebhookDelivery.webhook_id == hook.id))
    audit.write(session, actor=actor, at=now, action="webhook.removed", target="webhook",
                target_id=hook.id, summary=f"webhook {hook.url}", before=_public(hook))
    session.delete(hook)
    forget_subscribers()
