"""Each closed day's figures, stored; and the figures of a period read from them.

A day's figures are built from the event log (`LogFigures` over that one day) when the day
closes, under the center's write lock. A report sums the stored days of its period and reads
the rest (today, a day never closed, a day gone stale) from the log, so its figures are the
log's, whichever way each day was read.

Stale days: the center's watermark (`ReportMark.seq`) says every stored day reflects every
event up to that sequence number. An event after it that falls on a stored day (a service
completed after the close, a rating, a backfill through the domain), or a first call of a
ticket issued on a stored day, makes that day stale: reports read it from the log until the
next refresh (the periodic close, `qms day close`, `qms reports rebuild`) builds it again.
Finding them reads only the events since the watermark, about a day's. Events written
around the domain (a bulk import with its own sequence numbers) are not seen: rebuild those
days with `qms reports rebuild --from D --to D`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, func, insert, or_, select
from sqlalchemy.orm import Session, aliased

from server.centers.models import Center
from server.events.models import Event
from server.reports.log import (
    Distribution,
    LogFigures,
    Period,
    Ratings,
    Services,
    day_start,
    look_up_by_ticket,
)
from server.reports.models import (
    FIGURE_TABLES,
    ReportDay,
    ReportHour,
    ReportItemCount,
    ReportMark,
    ReportMinute,
    ReportRating,
    ReportSecond,
    ReportService,
    ReportSourceCount,
)

Ranges = list[tuple[dt.date, dt.date]]
# Up to this many days read from the log, their events are joined to tickets one by one.
FEW_DAYS = 31


def _ranges(days: Iterable[dt.date]) -> Ranges:
    """Consecutive days as (first, last) ranges."""
    out: Ranges = []
    for day in sorted(days):
        if out and out[-1][1] + dt.timedelta(days=1) == day:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


def stale_days(session: Session, center_id: int, timezone: str, *, since_seq: int,
               before: dt.datetime) -> set[dt.date]:
    """Days before `before` that events after `since_seq` fall on, or whose tickets they call."""
    zone = ZoneInfo(timezone)
    recent = (Event.center_id == center_id, Event.seq > since_seq)
    late = session.scalars(select(Event.at).where(*recent, Event.at < before))
    issued = aliased(Event, name="issued")
    called = session.scalars(
        select(issued.at)
        .select_from(Event)
        .join(issued, and_(issued.ticket_id == Event.ticket_id, issued.type == "ticket.issued"))
        .where(*recent, Event.type == "ticket.called", issued.at < before)
    )
    return {at.astimezone(zone).date() for at in [*late, *called]}


def _mark(session: Session, center_id: int) -> int:
    return session.scalar(select(ReportMark.seq).where(ReportMark.center_id == center_id)) or 0


class DayFigures:
    """The figures of a period: its stored days summed, the other days from the log."""

    def __init__(self, session: Session, period: Period) -> None:
        self.session = session
        self.period = period
        mark = _mark(session, period.center_id)
        stored = set(session.scalars(
            select(ReportDay.day).where(ReportDay.center_id == period.center_id,
                                        ReportDay.day >= period.first,
                                        ReportDay.day <= period.last)
        ))
        if stored:
            stored -= stale_days(session, period.center_id, period.timezone, since_seq=mark,
                                 before=day_start(max(stored) + dt.timedelta(days=1),
                                                  period.timezone))
        every = {period.first + dt.timedelta(days=i) for i in range(period.days)}
        self.stored = _ranges(stored)
        self.live = [LogFigures(session, period.part(a, b)) for a, b in _ranges(every - stored)]
        if stored and len(every) - len(stored) <= FEW_DAYS:
            look_up_by_ticket(session)

    def _where(self, table: Any) -> list[Any]:
        return [table.center_id == self.period.center_id,
                or_(*(table.day.between(a, b) for a, b in self.stored))]

    def _summed(self, table: Any, keys: tuple[Any, ...], values: tuple[Any, ...],
                *where: Any) -> list[Any]:
        if not self.stored:
            return []
        return list(self.session.execute(
            select(*keys, *(func.sum(v) for v in values))
            .where(*self._where(table), *where).group_by(*keys)
        ))

    def counts(self) -> Counter[tuple[int | None, str]]:
        out = Counter({(i, t): int(n) for i, t, n in self._summed(
            ReportItemCount, (ReportItemCount.item_id, ReportItemCount.type),
            (ReportItemCount.count,))})
        for live in self.live:
            out.update(live.counts())
        return out

    def sources(self) -> Counter[tuple[str, str]]:
        out = Counter({(s, t): int(n) for s, t, n in self._summed(
            ReportSourceCount, (ReportSourceCount.source, ReportSourceCount.type),
            (ReportSourceCount.count,))})
        for live in self.live:
            out.update(live.sources())
        return out

    def hours(self) -> Counter[tuple[dt.date, int]]:
        out: Counter[tuple[dt.date, int]] = Counter()
        if self.stored:
            out.update({(d, h): n for d, h, n in self.session.execute(
                select(ReportHour.day, ReportHour.hour, ReportHour.issued)
                .where(*self._where(ReportHour)))})
        for live in self.live:
            out.update(live.hours())
        return out

    def services(self) -> Services:
        names = ("served", "seconds", "no_show", "transferred")
        out: Services = {
            (w, u): {k: int(v) for k, v in zip(names, values, strict=True)}
            for w, u, *values in self._summed(
                ReportService, (ReportService.window_id, ReportService.user_id),
                tuple(getattr(ReportService, k) for k in names))
        }
        for live in self.live:
            for key, figures in live.services().items():
                mine = out.setdefault(key, dict.fromkeys(names, 0))
                for k in names:
                    mine[k] += figures[k]
        return out

    def ratings(self) -> Ratings:
        out: Ratings = {
            (w, u): (int(n), int(total)) for w, u, n, total in self._summed(
                ReportRating, (ReportRating.window_id, ReportRating.user_id),
                (ReportRating.ratings, ReportRating.score_sum))
        }
        for live in self.live:
            for key, (n, total) in live.ratings().items():
                had = out.get(key, (0, 0))
                out[key] = (had[0] + n, had[1] + total)
        return out

    def _durations(self, kind: str, from_log: Callable[[LogFigures], Distribution]
                   ) -> Distribution:
        minutes = {m: (int(n), int(s)) for m, n, s in self._summed(
            ReportMinute, (ReportMinute.minute,), (ReportMinute.count, ReportMinute.seconds),
            ReportMinute.kind == kind)}
        where = self._where(ReportSecond)

        @cache
        def seconds_in(minute: int) -> Mapping[int, int]:
            return dict(self.session.execute(
                select(ReportSecond.seconds, func.sum(ReportSecond.count))
                .where(ReportSecond.kind == kind, ReportSecond.seconds >= minute * 60,
                       ReportSecond.seconds < minute * 60 + 60, *where)
                .group_by(ReportSecond.seconds)
            ).all())

        stored = Distribution(minutes, seconds_in)
        for live in self.live:
            stored = stored + from_log(live)
        return stored

    def waits(self) -> Distribution:
        return self._durations("wait", LogFigures.waits)

    def handling(self) -> Distribution:
        return self._durations("handling", LogFigures.handling)


# Building the days ------------------------------------------------------------------------


def _duration_rows(center_id: int, day: dt.date, kind: str,
                   dist: Distribution) -> tuple[list[dict], list[dict]]:
    base = {"center_id": center_id, "day": day, "kind": kind}
    minutes = [{**base, "minute": m, "count": n, "seconds": s}
               for m, (n, s) in dist.minutes.items()]
    seconds = [{**base, "seconds": v, "count": n} for v, n in dist.histogram]
    return minutes, seconds


def build_day(session: Session, center: Center, day: dt.date, *, now: dt.datetime,
              closed: bool = False) -> None:
    """Write one day's figures from the event log, in place of any stored before."""
    figures = LogFigures(session, Period(center.id, center.timezone,
                                         center.target_wait_minutes, day, day))
    for table in FIGURE_TABLES:
        session.execute(delete(table).where(table.center_id == center.id, table.day == day))
    base = {"center_id": center.id, "day": day}
    hours: Counter[int] = Counter()
    for (_, hour), count in figures.hours().items():
        hours[hour] += count
    rows: dict[Any, list[dict]] = {
        ReportItemCount: [{**base, "item_id": i, "type": t, "count": n}
                          for (i, t), n in figures.counts().items()],
        ReportSourceCount: [{**base, "source": s, "type": t, "count": n}
                            for (s, t), n in figures.sources().items()],
        ReportHour: [{**base, "hour": h, "issued": n} for h, n in hours.items()],
        ReportService: [{**base, "window_id": w, "user_id": u, **f}
                        for (w, u), f in figures.services().items()],
        ReportRating: [{**base, "window_id": w, "user_id": u, "ratings": n, "score_sum": s}
                       for (w, u), (n, s) in figures.ratings().items()],
        ReportMinute: [], ReportSecond: [],
    }
    for kind, dist in (("wait", figures.waits()), ("handling", figures.handling())):
        minutes, seconds = _duration_rows(center.id, day, kind, dist)
        rows[ReportMinute] += minutes
        rows[ReportSecond] += seconds
    for table, values in rows.items():
        if values:
            session.execute(insert(table), values)
    existing = session.scalar(select(ReportDay).where(ReportDay.center_id == center.id,
                                                      ReportDay.day == day))
    if existing is None:
        session.add(ReportDay(center_id=center.id, day=day, built_at=now,
                              closed_at=now if closed else None))
    else:
        existing.built_at = now
        existing.closed_at = now if closed else existing.closed_at
    session.flush()


def stale_stored_days(session: Session, center: Center) -> list[dt.date]:
    """The center's stored days that events after its watermark make stale."""
    latest = session.scalar(select(func.max(ReportDay.day))
                            .where(ReportDay.center_id == center.id))
    if latest is None:
        return []
    stale = stale_days(session, center.id, center.timezone, since_seq=_mark(session, center.id),
                       before=day_start(latest + dt.timedelta(days=1), center.timezone))
    if not stale:
        return []
    return sorted(session.scalars(select(ReportDay.day).where(
        ReportDay.center_id == center.id, ReportDay.day.in_(sorted(stale)))))


def store_days(session: Session, center: Center, days: Iterable[dt.date], *,
               now: dt.datetime, closed: bool = False) -> list[dt.date]:
    """Rebuild the stale stored days, build `days`, and move the watermark to the last event.

    The caller holds the center's write lock, so no event comes in between. Returns the
    days rebuilt as stale.
    """
    days = sorted(set(days))
    stale = [d for d in stale_stored_days(session, center) if d not in days]
    for day in stale:
        build_day(session, center, day, now=now)
    for day in days:
        build_day(session, center, day, now=now, closed=closed)
    seq = center.event_seq
    mark = session.get(ReportMark, center.id)
    if mark is None:
        session.add(ReportMark(center_id=center.id, seq=seq))
    else:
        mark.seq = seq
    session.flush()
    return stale
