"""Tickets and the per-day number counters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.centers.models import Item
from server.db import Base

SOURCES = ("walk_in", "reservation", "follow_up", "transfer")
STATES = ("waiting", "called", "serving", "done", "no_show", "transferred", "cancelled")
OPEN_STATES = ("waiting", "called", "serving")

# A number belongs to one resident a day. A transfer ends the ticket and its successor keeps
# the number, so the uniqueness covers the tickets that have not been transferred.
_NOT_TRANSFERRED = text("state != 'transferred'")


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("uq_tickets_center_id_day_number_live", "center_id", "day", "number", unique=True,
              sqlite_where=_NOT_TRANSFERRED, postgresql_where=_NOT_TRANSFERRED),
        UniqueConstraint("center_id", "idempotency_key"),

        Index("ix_tickets_waiting", "center_id", "state", "item_id", "queued_at"),
        # The item's recent services (the estimate's handling time), newest first, without
        # visiting the item's whole history.
        Index("ix_tickets_finished", "center_id", "state", "item_id", "finished_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    number: Mapped[str] = mapped_column(String(12))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(12), default="walk_in")
    priority: Mapped[str] = mapped_column(String(20), default="normal")
    state: Mapped[str] = mapped_column(String(12), default="waiting")
    issued_at: Mapped[dt.datetime]
    # Its place in the line: the issue time, or the original one for transfers and follow-ups.
    queued_at: Mapped[dt.datetime]
    # From this instant an on-time reservation is served first (its slot's start).
    priority_from: Mapped[dt.datetime | None]
    called_at: Mapped[dt.datetime | None]
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    recall_count: Mapped[int] = mapped_column(default=0)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"))
    # Only this window may call it (a transfer to a window, or a walk-up served at once).
    target_window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"))
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reservation_id: Mapped[int | None] = mapped_column(ForeignKey("reservations.id"))
    origin_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    successor_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    # How the service ended: {"kind": "on_the_spot" | "accepted" | "express" | "supplement", ...}
    outcome: Mapped[dict[str, Any] | None]

    item: Mapped[Item] = relationship()


class NumberCounter(Base):
    """The last number given under one prefix at one center on one day."""

    __tablename__ = "number_counters"
    __table_args__ = (UniqueConstraint("center_id", "day", "prefix"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    prefix: Mapped[str] = mapped_column(String(4))
    value: Mapped[int] = mapped_column(default=0)
