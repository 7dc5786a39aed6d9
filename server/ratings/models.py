"""Residents' ratings of one service, given on the pad beside the window."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base


class Rating(Base):
    """One rating per ticket: 5 very satisfied ... 1 very dissatisfied.

    Reports read this table as it is: keep its columns.
    """

    __tablename__ = "ratings"
    __table_args__ = (
        CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
        Index("ix_ratings_center_at", "center_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"))
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    score: Mapped[int]
    # A reason code from server.ratings.service.REASONS, or the resident's own words.
    reason: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[dt.datetime]
