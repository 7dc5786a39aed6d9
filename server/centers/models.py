"""Centers, departments and the city-wide item catalogue."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base

ROUTINGS = ("comprehensive", "specialized")


class Center(Base):
    __tablename__ = "centers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    # {"mon": ["08:30", "17:30"], ...}; a day that is missing is a closed day.
    hours: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # {"2026-10-01": null (closed) | ["09:00", "12:00"]}: holidays and special days.
    special_days: Mapped[dict[str, Any]] = mapped_column(default=dict)
    allow_outside_hours: Mapped[bool] = mapped_column(default=False)
    grace_minutes: Mapped[int] = mapped_column(default=15)
    max_wait_minutes: Mapped[int] = mapped_column(default=90)
    target_wait_minutes: Mapped[int] = mapped_column(default=20)
    recall_limit: Mapped[int] = mapped_column(default=2)
    priority_classes: Mapped[list[Any]] = mapped_column(default=list)
    reservation_prefix: Mapped[str] = mapped_column(String(4), default="R")
    slot_minutes: Mapped[int] = mapped_column(default=30)
    slot_capacity: Mapped[int] = mapped_column(default=4)
    notice: Mapped[str] = mapped_column(String(500), default="")
    # The per-center sequence number of the last event; bumped in commit order.
    event_seq: Mapped[int] = mapped_column(default=0)

    items: Mapped[list[CenterItem]] = relationship(back_populates="center")


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")


class Item(Base):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    field: Mapped[str] = mapped_column(String(40))
    routing: Mapped[str] = mapped_column(String(20), default="comprehensive")
    expected_minutes: Mapped[int] = mapped_column(default=10)
    # Queue prefix of its tickets ("A"); empty: the prefix of its field's group.
    prefix: Mapped[str] = mapped_column(String(4), default="")
    on_the_spot: Mapped[bool] = mapped_column(default=False)
    # [{"zh": ..., "en": ...}]
    materials: Mapped[list[Any]] = mapped_column(default=list)
    related_codes: Mapped[list[Any]] = mapped_column(default=list)
    keywords: Mapped[str] = mapped_column(String(500), default="")

    department: Mapped[Department] = relationship()


class CenterItem(Base):
    """An item a center chose to serve."""

    __tablename__ = "center_items"
    __table_args__ = (UniqueConstraint("center_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))

    center: Mapped[Center] = relationship(back_populates="items")
    item: Mapped[Item] = relationship()
