"""Bookings (booked time slots), a center's booking policy, its slot rules per item group,
and the reminder outbox."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base

STATES = ("booked", "checked_in", "cancelled", "no_show")
# "code" and "near" are the texts of numbers taken from phones (server/remote/).
OUTBOX_KINDS = ("booked", "moved", "cancelled", "reminder", "no_show", "code", "near")
OUTBOX_STATES = ("pending", "sent", "void")


class BookingPolicy(Base):
    """What a center allows on bookings. A center without a row gets the defaults (all off)."""

    __tablename__ = "booking_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), unique=True)
    # How many days ahead residents may book; 0: no limit.
    horizon_days: Mapped[int] = mapped_column(default=0)
    # Active bookings one phone may hold for one day at this center; 0: no cap.
    phone_daily_cap: Mapped[int] = mapped_column(default=0)
    # This many no-shows within `no_show_window_days` block the phone for `block_days`; 0: never.
    no_show_limit: Mapped[int] = mapped_column(default=0)
    no_show_window_days: Mapped[int] = mapped_column(default=30)
    block_days: Mapped[int] = mapped_column(default=30)
    # Reminders: the evening before at this local time ("" for none), and minutes before (0: none).
    reminder_evening: Mapped[str] = mapped_column(String(5), default="18:00")
    reminder_minutes_before: Mapped[int] = mapped_column(default=60)


class SlotRule(Base):
    """Slots of a group of items at a center: their length and the capacity the group shares.

    An item belongs to the rule that names it in `item_ids`, else to the rule of its
    `field`; items in no rule keep the center's own slot length and capacity, each.
    """

    __tablename__ = "slot_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")
    field: Mapped[str | None] = mapped_column(String(40))
    item_ids: Mapped[list[Any]] = mapped_column(default=list)
    slot_minutes: Mapped[int] = mapped_column(default=30)
    capacity: Mapped[int] = mapped_column(default=4)


class OutboxMessage(Base):
    """One text for a resident's phone. An SMS or messaging adapter reads the pending rows
    whose `send_at` has come, sends them, and marks them sent."""

    __tablename__ = "booking_outbox"
    __table_args__ = (Index("ix_booking_outbox_due", "state", "send_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    reservation_id: Mapped[int | None] = mapped_column(ForeignKey("reservations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    phone: Mapped[str] = mapped_column(String(32))
    send_at: Mapped[dt.datetime]
    state: Mapped[str] = mapped_column(String(8), default="pending")
    text: Mapped[str] = mapped_column(String(500))
    text_en: Mapped[str] = mapped_column(String(500))
    # The facts behind the text (code, item, slot), for an adapter that writes its own.
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]


# Written out, not bound: a query matches the partial index only with the same literal text.
HOLDS_PERSONAL_DATA = text("reservations.phone != ''")


class Reservation(Base):
    __tablename__ = "reservations"
    __table_args__ = (
        Index("ix_reservations_slot", "center_id", "item_id", "slot_start"),
        # The sweep: bookings still waiting for a check-in, of every center, by slot.
        Index("ix_reservations_state_slot", "state", "slot_start"),
        # A phone's caps and no-show blocks at a center read only that phone's bookings.
        Index("ix_reservations_phone", "center_id", "phone", "slot_start"),
        # The purge reads only the bookings that still hold a name or a phone.
        Index("ix_reservations_personal", "slot_start", sqlite_where=HOLDS_PERSONAL_DATA,
              postgresql_where=HOLDS_PERSONAL_DATA),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    slot_start: Mapped[dt.datetime]
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(12), default="booked")
    created_at: Mapped[dt.datetime]
    checked_in_at: Mapped[dt.datetime | None]
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", use_alter=True))
