"""Recording changes: each one is an event-log row with the center's next sequence number.

Domain functions call `record`; it returns the message and collects it on the
transaction, which publishes it to the hall once it has committed (see `server.db`).
Messages carry ticket numbers and windows, never names or phones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from server.centers.models import Center
from server.db import after_commit
from server.errors import NotFound
from server.events import webhooks
from server.events.models import Event

# What `record` collects on the transaction, for the hall once it has committed.
MESSAGES = "messages"

EVENT_TYPES = (
    "ticket.issued",
    "ticket.called",
    "ticket.recalled",
    "ticket.started",
    "ticket.completed",
    "ticket.no_show",
    "ticket.transferred",
    "ticket.cancelled",
    "ticket.requeued",
    "reservation.booked",
    "reservation.cancelled",
    "reservation.moved",
    "reservation.no_show",
    "window.changed",
    "center.notice",
    "center.changed",
    "device.status",
    "rating.recorded",
    "day.closed",
)


@dataclass(frozen=True)
class Actor:
    """Who made a change: a staff member, a device, or the public (both None)."""

    user_id: int | None = None
    device_id: int | None = None
    role: str | None = None
    # The centers a staff member or manager is assigned to.
    center_ids: tuple[int, ...] = ()

    def manages(self, center_id: int) -> bool:
        """An admin manages every center; a manager only the centers assigned to them."""
        return self.role == "admin" or (self.role == "manager" and center_id in self.center_ids)


PUBLIC = Actor()


@dataclass
class Message:
    """One published event: its name, the rooms it goes to, and its payload."""

    type: str
    center_id: int
    payload: dict[str, Any]
    window_ids: tuple[int, ...] = ()
    kiosk_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def lock_center(session: Session, center_id: int) -> Center:
    """Take the center's write lock for the rest of the transaction.

    On PostgreSQL this is a row lock on the center; on SQLite the transaction is
    already `BEGIN IMMEDIATE`. Every write takes it first, so writes at one
    center never interleave and never deadlock.
    """
    center = session.execute(
        select(Center).where(Center.id == center_id).with_for_update()
    ).scalar_one_or_none()
    if center is None:
        raise NotFound("There is no center {center_id}.", center_id=center_id)
    return center


def record(
    session: Session,
    *,
    center: Center,
    type: str,
    at: dt.datetime,
    actor: Actor = PUBLIC,
    ticket_id: int | None = None,
    window_id: int | None = None,
    item_id: int | None = None,
    data: dict[str, Any] | None = None,
    private: dict[str, Any] | None = None,
    personal: dict[str, Any] | None = None,
    window_ids: tuple[int, ...] = (),
    kiosk_id: int | None = None,
) -> Message:
    """`private` joins the log row only; `personal` (names, phones) goes only to the webhook
    subscribers allowed personal data, never to the log or the hall."""
    assert type in EVENT_TYPES, type
    centers = Center.__table__
    seq = session.execute(
        update(centers)
        .where(centers.c.id == center.id)
        .values(event_seq=centers.c.event_seq + 1)
        .returning(centers.c.event_seq)
    ).scalar_one()
    set_committed_value(center, "event_seq", seq)
    body = dict(data or {})
    # Plain statements on the tables, not units of work: this runs in every write of the hall.
    session.execute(
        insert(Event.__table__).values(
            center_id=center.id,
            seq=seq,
            type=type,
            at=at,
            ticket_id=ticket_id,
            window_id=window_id,
            item_id=item_id,
            user_id=actor.user_id,
            device_id=actor.device_id,
            data={**body, **(private or {})},
        )
    )
    payload = {"type": type, "seq": seq, "center_id": center.id, "at": at.isoformat(), **body}
    webhooks.enqueue(session, payload=payload, at=at, personal=personal)
    rooms = tuple(sorted(set(window_ids) | ({window_id} if window_id else set())))
    message = Message(type=type, center_id=center.id, payload=payload, window_ids=rooms,
                      kiosk_id=kiosk_id)
    after_commit(session, MESSAGES, message)
    return message
