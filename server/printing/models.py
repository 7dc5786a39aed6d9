"""Print jobs: one paper (a ticket, a guide paper) to print at one kiosk."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base

KINDS = ("ticket", "guide_paper")
# pending: not printed yet (new, or the printer had trouble); printed: the printer took it;
# expired: too old, or its ticket is over, by the time a printer could take it.
STATES = ("pending", "printed", "expired")


class PrintJob(Base):
    __tablename__ = "print_jobs"
    __table_args__ = (Index("ix_print_jobs_kiosk_state", "kiosk_id", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    kind: Mapped[str] = mapped_column(String(20))
    # The ticket's or guide paper's token.
    ref: Mapped[str] = mapped_column(String(64))
    # What the paper says it is ("A012"), for logs and screens.
    label: Mapped[str] = mapped_column(String(40), default="")
    state: Mapped[str] = mapped_column(String(12), default="pending")
    created_at: Mapped[dt.datetime]
    printed_at: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    # The server's public address when the job was made: the base of the QR code's link.
    base_url: Mapped[str] = mapped_column(String(300), default="")
    # A server process sending it to a network printer holds it until then.
    claimed_until: Mapped[dt.datetime | None]
