"""Telling a resident in time: a text to the phone of a ticket taken from it, once the ticket
is among the next `notify_places` the windows will call.

The text and the ticket's flag (`RemoteTicket.near_sent_at`) are written in one
transaction under the center's lock, so each ticket is told once, whatever the number of
server processes and restarts. `NearCalls` looks every few seconds (started by the app).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.booking.models import OutboxMessage
from server.centers.models import Center
from server.centers.service import local_day
from server.clock import utcnow
from server.db import Database
from server.events.service import lock_center
from server.remote.models import RemoteTicket
from server.remote.service import policy_for
from server.tickets import service as tickets
from server.tickets.models import Ticket

log = logging.getLogger(__name__)


def _texts(center: Center, ticket: Ticket, ahead: int) -> tuple[str, str]:
    zh_item, en_item = ticket.item.name, ticket.item.name_en or ticket.item.name
    return (f"【{center.name}】您的 {zh_item} 号 {ticket.number} 快到了，前面还有 {ahead} 人，"
            "请回到大厅留意叫号。",
            f"{center.name_en or center.name}: your number {ticket.number} ({en_item}) is "
            f"coming up, {ahead} ahead of you. Please be in the hall for the call.")


def tell_the_near(*, session: Session, center_id: int, now: dt.datetime) -> int:
    """Text each phone ticket of the center that is now among the next to be called; how
    many were told."""
    center = lock_center(session, center_id)
    places = policy_for(session, center.id).notify_places
    if places <= 0:
        return 0
    rows = session.execute(
        select(RemoteTicket, Ticket).join(Ticket, Ticket.id == RemoteTicket.ticket_id)
        .where(RemoteTicket.center_id == center.id, RemoteTicket.near_sent_at.is_(None),
               RemoteTicket.day == local_day(center, now), Ticket.state == "waiting")
    ).all()
    told = 0
    for remote, ticket in rows:
        ahead = tickets.placement(session=session, center=center, ticket=ticket, now=now).ahead
        if ahead >= places:
            continue
        text, text_en = _texts(center, ticket, ahead)
        session.add(OutboxMessage(
            center_id=center.id, reservation_id=None, kind="near", phone=remote.phone,
            send_at=now, state="pending", text=text, text_en=text_en, created_at=now,
            data={"ticket_id": ticket.id, "number": ticket.number, "ahead": ahead}))
        remote.near_sent_at = now
        told += 1
    return told


def centers_to_watch(*, session: Session, now: dt.datetime) -> list[int]:
    """Centers with phone tickets of about today not told yet."""
    since = (now - dt.timedelta(days=1)).date()
    return list(session.scalars(
        select(RemoteTicket.center_id).where(RemoteTicket.near_sent_at.is_(None),
                                             RemoteTicket.day >= since).distinct()))


class NearCalls:
    """Looks every `interval` seconds for phones to tell."""

    def __init__(self, *, database: Database, interval: float,
                 sleep: Callable[[float], Any], now: Callable[[], dt.datetime] = utcnow) -> None:
        self.database = database
        self.interval = interval
        self.sleep = sleep
        self.now = now

    def once(self) -> int:
        at = self.now()
        with self.database.read() as session:
            centers = centers_to_watch(session=session, now=at)
        told = 0
        for center_id in centers:
            with self.database.transaction() as session:
                told += tell_the_near(session=session, center_id=center_id, now=at)
        return told

    def run(self) -> None:
        while True:
            try:
                self.once()
            except Exception:
                log.exception("Telling phones their turn is near failed; trying again")
            self.sleep(self.interval)
