"""Audit rows for the changes the event log does not hold: configuration, accounts, sign-ins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_center_at", "center_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    # Who, as a person reads it then: a user name, a device's name, the command line, or the
    # name someone typed at a failed sign-in.
    actor: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(10), default="")
    # Where: the center concerned; empty for the city-wide catalogue and accounts.
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"))
    # What: "center.updated", "user.deactivated", "auth.sign_in_failed", ...
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(20), default="")
    target_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
