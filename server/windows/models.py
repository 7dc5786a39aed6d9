"""Service windows (counters) and the items each serves."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base

KINDS = ("comprehensive", "specialized", "reserved")
STATES = ("open", "paused", "closed")


class Window(Base):
    __tablename__ = "windows"
    __table_args__ = (UniqueConstraint("center_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    # The window group shown on boards ("market", "one-time acceptance", "health").
    group: Mapped[str] = mapped_column(String(60), default="")
    group_en: Mapped[str] = mapped_column(String(60), default="")
    fields: Mapped[list[Any]] = mapped_column(default=list)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    state: Mapped[str] = mapped_column(String(10), default="closed")
    state_reason: Mapped[str] = mapped_column(String(200), default="")
    state_since: Mapped[dt.datetime | None]
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    current_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", use_alter=True)
    )
    # A retired window leaves the hall but keeps its history; its number may come back.
    retired_at: Mapped[dt.datetime | None]

    # The ticket it is on, by the mapper's name: the tickets area builds on windows.
    current_ticket: Mapped[Any] = relationship(
        "Ticket", foreign_keys=[current_ticket_id], viewonly=True
    )
    items: Mapped[list[WindowItem]] = relationship(
        cascade="all, delete-orphan", back_populates="window"
    )

    @property
    def item_ids(self) -> list[int]:
        return sorted(wi.item_id for wi in self.items)


class WindowItem(Base):
    __tablename__ = "window_items"
    __table_args__ = (UniqueConstraint("window_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)

    window: Mapped[Window] = relationship(back_populates="items")
