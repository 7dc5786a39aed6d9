"""Joining from the phone: one-time codes, a center's rules for it, and the phones of the
tickets taken that way."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base


class RemotePolicy(Base):
    """What a center allows from phones. A center without a row gets the defaults."""

    __tablename__ = "remote_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), unique=True)
    # Numbers one phone may take here from afar per day; 0: joining from the phone is off.
    daily_cap: Mapped[int] = mapped_column(default=2)
    # A text goes to the phone when this many places or fewer are left before its call (0: none).
    notify_places: Mapped[int] = mapped_column(default=3)


class PhoneCode(Base):
    """A one-time code sent to a phone through the outbox; only its hash is kept."""

    __tablename__ = "phone_codes"
    __table_args__ = (Index("ix_phone_codes_phone_created", "phone", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    phone: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[dt.datetime | None]


class RemoteTicket(Base):
    """A ticket taken from a phone: whose phone, and whether it was told its call is near."""

    __tablename__ = "remote_tickets"
    __table_args__ = (Index("ix_remote_tickets_phone_day", "center_id", "phone", "day"),)

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    phone: Mapped[str] = mapped_column(String(32))
    day: Mapped[dt.date] = mapped_column(Date)
    joined_at: Mapped[dt.datetime]
    # Set with the "your turn is near" text, in its transaction: sent once, restarts or not.
    near_sent_at: Mapped[dt.datetime | None]
