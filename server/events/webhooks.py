"""The webhook outbox: each recorded event a subscriber asked for, as the exact body it gets.

`record` calls `enqueue` in the transaction of the change, so a delivery exists exactly
when its event does (never lost, never sent for a change that rolled back). The
subscribers are cached per database for a few seconds, so a hall with none pays a
dictionary look-up per event. The deliverer (`server.webhooks.delivery`) sends the rows.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from server.db import Base, after_commit

# What a commit hands the deliverer: the centers that have new deliveries.
WEBHOOKS = "webhooks"
DELIVERY_STATES = ("pending", "delivered", "rejected")
# The events a subscriber may ask for: a ticket's life, bookings, ratings, the day's close.
WEBHOOK_EVENTS = (
    "ticket.issued", "ticket.called", "ticket.recalled", "ticket.started", "ticket.completed",
    "ticket.no_show", "ticket.transferred", "ticket.cancelled", "ticket.requeued",
    "reservation.booked", "reservation.cancelled", "reservation.moved", "reservation.no_show",
    "rating.recorded", "day.closed",
)
# How long a process trusts its list of subscribers; changes made in the process itself
# are seen at once (`forget_subscribers`).
CACHE_SECONDS = 5.0


class Webhook(Base):
    """A subscriber: an address of the city's platforms and the events it hears."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    events: Mapped[list[Any]] = mapped_column(default=list)
    secret: Mapped[str] = mapped_column(String(200))
    # Names and phones (of bookings) and ratings' words go only to subscribers allowed them.
    personal_data: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime]


class WebhookDelivery(Base):
    """One event for one subscriber: sent in order per subscriber and center, once."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_line", "webhook_id", "center_id", "state", "id"),
        Index("ix_webhook_deliveries_state_next", "state", "next_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    seq: Mapped[int]
    type: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(80))
    # The exact bytes POSTed (UTF-8 JSON) and signed: a retry sends the same body.
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_at: Mapped[dt.datetime]
    claimed_until: Mapped[dt.datetime | None]
    last_status: Mapped[int | None]
    last_error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime]
    delivered_at: Mapped[dt.datetime | None]


@dataclass(frozen=True)
class Subscriber:
    id: int
    events: frozenset[str]
    personal_data: bool


_cache: weakref.WeakKeyDictionary[Engine, tuple[float, tuple[Subscriber, ...]]] = (
    weakref.WeakKeyDictionary())
_cache_lock = threading.Lock()


def forget_subscribers() -> None:
    """After a change to the subscribers: every database reads them again."""
    with _cache_lock:
        _cache.clear()


def subscribers(session: Session) -> tuple[Subscriber, ...]:
    engine = session.get_bind()
    known = _cache.get(engine)
    if known is not None and known[0] > time.monotonic():
        return known[1]
    rows = session.execute(
        select(Webhook.id, Webhook.events, Webhook.personal_data).where(Webhook.active)
    ).all()
    found = tuple(Subscriber(id=r.id, events=frozenset(r.events or ()),
                             personal_data=bool(r.personal_data)) for r in rows)
    with _cache_lock:
        _cache[engine] = (time.monotonic() + CACHE_SECONDS, found)
    return found


def delivery_key(webhook_id: int, center_id: int, seq: int) -> str:
    """The `Idempotency-Key` of an event for a subscriber: the same on every retry."""
    return f"hall-{webhook_id}-{center_id}-{seq}"


def body_text(*, key: str, payload: dict[str, Any], personal: dict[str, Any] | None) -> str:
    """What a subscriber receives: the event's envelope, its data, and (if allowed) the
    personal data of the change."""
    data = {k: v for k, v in payload.items() if k not in ("type", "seq", "center_id", "at")}
    body: dict[str, Any] = {"id": key, "type": payload["type"], "center_id": payload["center_id"],
                            "seq": payload["seq"], "at": payload["at"], "data": data}
    if personal is not None:
        body["personal"] = personal
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                      default=str)


def enqueue(session: Session, *, payload: dict[str, Any], at: dt.datetime,
            personal: dict[str, Any] | None = None) -> int:
    """Write the deliveries of one recorded event (its hall payload); how many were written."""
    wanted = [s for s in subscribers(session) if payload["type"] in s.events]
    if not wanted:
        return 0
    center_id, seq = payload["center_id"], payload["seq"]
    rows = []
    for sub in wanted:
        key = delivery_key(sub.id, center_id, seq)
        rows.append({
            "webhook_id": sub.id, "center_id": center_id, "seq": seq, "type": payload["type"],
            "key": key, "state": "pending", "attempts": 0, "next_at": at, "created_at": at,
            "last_error": "",
            "body": body_text(key=key, payload=payload,
                              personal=personal if sub.personal_data else None),
        })
    session.execute(insert(WebhookDelivery.__table__), rows)
    after_commit(session, WEBHOOKS, center_id)
    return len(rows)
