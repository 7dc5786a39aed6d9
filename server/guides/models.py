"""Guide papers: the "specific guide paper" a resident takes away at the end of the funnel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base


class GuidePaper(Base):
    """One resident's answers to one guide, with what the paper said when it was made.

    `content` keeps the paper as printed (titles, materials, filled form), so a
    later change of the guide's data never changes a paper already handed out.
    """

    __tablename__ = "guide_papers"
    __table_args__ = (UniqueConstraint("center_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unguessable: the paper's address is /kiosk/paper/{token}.
    token: Mapped[str] = mapped_column(String(40), unique=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    guide_id: Mapped[str] = mapped_column(String(60))
    scenario: Mapped[str] = mapped_column(String(100))
    # The chosen option of each question, from the start: [0, 2, 1].
    answers: Mapped[list[Any]] = mapped_column(default=list)
    lang: Mapped[str] = mapped_column(String(2), default="zh")
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ticket_ids: Mapped[list[Any]] = mapped_column(default=list)
    url: Mapped[str] = mapped_column(String(500), default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime]
