"""The event log: one row per change, the truth that statistics are computed from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("center_id", "seq"),
        Index("ix_events_center_type_at", "center_id", "type", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    seq: Mapped[int]
    type: Mapped[str] = mapped_column(String(40))
    at: Mapped[dt.datetime]
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    # The payload published to the hall (numbers and windows, never names or phones).
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
