"""What the reports read: indexes on the event log, and each closed day's stored figures.

A year of a busy center is about two million events. The event log stays the truth; each
day, once closed, is summed into the small tables below (a few hundred rows a day), and a
report over many days adds those up, with only the days not yet closed (today) read from
the log. The log's indexes serve that live part and the building of a day: each report
scans one event type of a center in time order (`ix_events_report`, covering the columns
it groups by) and pairs each ticket's events with one seek (`ix_events_ticket_type_at`).

Durations (waits, handling) are kept twice: per whole minute with the count and the sum of
seconds (`report_minutes`, what a year's bars, means and ranks read), and per whole second
(`report_seconds`, read only for the one or two minutes a median or p90 falls in), so every
figure is the one the event log gives, to the second.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base
from server.events.models import Event

REPORT_INDEXES = (
    Index(
        "ix_events_report",
        Event.center_id, Event.type, Event.at,
        Event.ticket_id, Event.item_id, Event.window_id, Event.user_id,
    ),
    Index("ix_events_ticket_type_at", Event.ticket_id, Event.type, Event.at),
)


class ReportDay(Base):
    """A center's day whose figures are stored, and whether the day's close has run."""

    __tablename__ = "report_days"
    __table_args__ = (UniqueConstraint("center_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    built_at: Mapped[dt.datetime]
    # When the day's close cancelled what was left (None: figures built by a rebuild only).
    closed_at: Mapped[dt.datetime | None]


class ReportMark(Base):
    """Every stored day of the center reflects every event up to `seq` (its watermark).

    Events after it that fall on a stored day (a late completion, a backfill) make that
    day read from the log again until the next refresh rebuilds it.
    """

    __tablename__ = "report_marks"

    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)


class ReportItemCount(Base):
    """Counted events of a day by item and type (issued, completed, no-show, ...)."""

    __tablename__ = "report_item_counts"
    __table_args__ = (Index("ix_report_item_counts", "center_id", "day", "item_id", "type",
                            "count"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    type: Mapped[str] = mapped_column(String(40))
    count: Mapped[int]


class ReportSourceCount(Base):
    """Counted events of a day by the ticket's source and type."""

    __tablename__ = "report_source_counts"
    __table_args__ = (Index("ix_report_source_counts", "center_id", "day", "source", "type",
                            "count"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(12))
    type: Mapped[str] = mapped_column(String(40))
    count: Mapped[int]


class ReportHour(Base):
    """Tickets issued in each local hour of a day."""

    __tablename__ = "report_hours"
    __table_args__ = (Index("ix_report_hours", "center_id", "day", "hour", "issued"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    hour: Mapped[int]
    issued: Mapped[int]


class ReportService(Base):
    """A day's services per (window, staff member): completions, their handling seconds,
    no-shows and transfers."""

    __tablename__ = "report_services"
    __table_args__ = (Index("ix_report_services", "center_id", "day", "window_id", "user_id",
                            "served", "seconds", "no_show", "transferred"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    served: Mapped[int] = mapped_column(default=0)
    seconds: Mapped[int] = mapped_column(default=0)
    no_show: Mapped[int] = mapped_column(default=0)
    transferred: Mapped[int] = mapped_column(default=0)


class ReportRating(Base):
    """A day's ratings per (window, staff member): how many, and the sum of their scores."""

    __tablename__ = "report_ratings"
    __table_args__ = (Index("ix_report_ratings", "center_id", "day", "window_id", "user_id",
                            "ratings", "score_sum"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ratings: Mapped[int]
    score_sum: Mapped[int]


class ReportMinute(Base):
    """A day's durations of one kind (wait, handling) per whole minute."""

    __tablename__ = "report_minutes"
    __table_args__ = (Index("ix_report_minutes", "center_id", "kind", "day", "minute",
                            "count", "seconds"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))
    minute: Mapped[int]
    count: Mapped[int]
    seconds: Mapped[int]


class ReportSecond(Base):
    """A day's durations of one kind per whole second; read one minute at a time."""

    __tablename__ = "report_seconds"
    __table_args__ = (Index("ix_report_seconds", "center_id", "kind", "seconds", "day",
                            "count"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))
    seconds: Mapped[int]
    count: Mapped[int]


FIGURE_TABLES = (ReportItemCount, ReportSourceCount, ReportHour, ReportService, ReportRating,
                 ReportMinute, ReportSecond)
