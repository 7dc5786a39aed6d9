"""Booked time slots."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base

STATES = ("booked", "checked_in", "cancelled", "no_show")


class Reservation(Base):
    __tablename__ = "reservations"
    __table_args__ = (Index("ix_reservations_slot", "center_id", "item_id", "slot_start"),)

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
