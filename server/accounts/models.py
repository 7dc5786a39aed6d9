"""Staff, devices (kiosks, boards, pads) and their bearer tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base

ROLES = ("staff", "manager", "admin")
DEVICE_KINDS = ("kiosk", "board", "pad", "counter")

user_centers = Table(
    "user_centers",
    Base.metadata,
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("center_id", ForeignKey("centers.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(10), default="staff")
    active: Mapped[bool] = mapped_column(default=True)

    centers: Mapped[list[Any]] = relationship("Center", secondary=user_centers)

    @property
    def center_ids(self) -> list[int]:
        return sorted(c.id for c in self.centers)


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(120))
    # {"printer": "online" | "paper_low" | "paper_out" | "error" | "offline", ...}
    status: Mapped[dict[str, Any]] = mapped_column(default=dict)
    last_seen: Mapped[dt.datetime | None]
    # A kiosk's printer that the server prints to itself ("network:HOST:PORT"); empty: the
    # kiosk's print agent prints (server/printing).
    printer: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # A revoked device's tokens are gone and it is no longer listed; its history stays.
    revoked_at: Mapped[dt.datetime | None]


class AuthToken(Base):
    """A bearer token, stored as its SHA-256 only."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
