"""Reports: what happened at a center over a range of its days, computed from the event log.

The figures, and which events they come from:
- issued: tickets taken in the period (`ticket.issued`);
- served: services completed in the period (`ticket.completed`), the continuation of a
  transferred resident included;
- no_show: tickets marked no-show, less those a manager put back in the line (`ticket.requeued`);
- transferred, cancelled: `ticket.transferred`, `ticket.cancelled`;
- wait: a ticket's first `ticket.called` minus its `ticket.issued`, for tickets issued in the
  period (a ticket never called has no wait);
- handling: `ticket.completed` minus the ticket's last `ticket.started`, or its last
  `ticket.called` when service never formally started;
- served_within_target: the share of called tickets whose wait was at most the center's
  `target_wait_minutes`.

SQL does the scanning and counting on SQLite and PostgreSQL alike; the waits and handling
times come back as a histogram of whole seconds, from which medians and percentiles are read
here without loading one row per ticket.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, and_, cast, func, select
from sqlalchemy.orm import Session, aliased

from server.accounts.models import User
from server.centers.models import Item
from server.centers.service import get_center
from server.errors import InvalidRequest
from server.events.models import Event
from server.ratings.models import Rating
from server.reports import models as _indexes  # noqa: F401  (the indexes these queries use)
from server.tickets.models import SOURCES, Ticket
from server.windows.models import Window

MAX_DAYS = 3660
OUTCOMES = ("served", "no_show", "transferred", "cancelled")
OUTCOME_OF = {
    "ticket.completed": "served",
    "ticket.no_show": "no_show",
    "ticket.transferred": "transferred",
    "ticket.cancelled": "cancelled",
}
COUNTED_TYPES = ("ticket.issued", "ticket.requeued", *OUTCOME_OF)
WAIT_EDGES = (0, 5, 10, 15, 20, 30, 45, 60, 90)
HANDLING_EDGES = (0, 5, 10, 15, 20, 30, 45, 60)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Period:
    """A range of a center's own calendar days, both ends included."""

    center_id: int
    timezone: str
    target_wait_minutes: int
    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time(0), ZoneInfo(self.timezone))

    @property
    def end(self) -> dt.datetime:
        """The first instant after the period (midnight after its last day)."""
        return dt.datetime.combine(
            self.last + dt.timedelta(days=1), dt.time(0), ZoneInfo(self.timezone)
        )

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def head(self) -> dict[str, Any]:
        return {"center_id": self.center_id, "from": self.first.isoformat(),
                "to": self.last.isoformat()}


def make_period(*, session: Session, center_id: int, first: dt.date, last: dt.date) -> Period:
    center = get_center(session=session, center_id=center_id)
    if last < first:
        raise InvalidRequest(
            f"The period ends ({last.isoformat()}) before it begins ({first.isoformat()}); "
            "give 'from' on or before 'to'.",
        )
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidRequest(f"A report covers at most {MAX_DAYS} days; choose a shorter period.")
    return Period(center_id=center.id, timezone=center.timezone,
                  target_wait_minutes=center.target_wait_minutes, first=first, last=last)


# Distributions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """Durations as (whole seconds, how many), in ascending order of seconds."""

    histogram: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, rows: Iterable[tuple[Any, int]],
           minus: Iterable[tuple[Any, int]] = ()) -> Distribution:
        """From (seconds, count) rows, less the `minus` rows; None seconds are left out."""
        counts: Counter[int] = Counter()
        for sign, source in ((1, rows), (-1, minus)):
            for seconds, count in source:
                if seconds is not None:
                    counts[max(0, int(seconds))] += sign * int(count)
        return cls(tuple(sorted((v, c) for v, c in counts.items() if c > 0)))

    @property
    def count(self) -> int:
        return sum(c for _, c in self.histogram)

    def _at_rank(self, rank: int) -> int:
        seen = 0
        for value, count in self.histogram:
            seen += count
            if rank < seen:
                return value
        return self.histogram[-1][0]

    def percentile(self, p: float) -> float | None:
        """The p-quantile in minutes, interpolated between the two nearest ranks (as numpy)."""
        n = self.count
        if n == 0:
            return None
        k = p * (n - 1)
        low, high = self._at_rank(math.floor(k)), self._at_rank(math.ceil(k))
        return _minutes(low + (high - low) * (k - math.floor(k)))

    def mean(self) -> float | None:
        n = self.count
        return _minutes(sum(v * c for v, c in self.histogram) / n) if n else None

    def share_within(self, minutes: int) -> float | None:
        n = self.count
        if n == 0:
            return None
        within = sum(c for v, c in self.histogram if v <= minutes * 60)
        return round(within / n, 3)

    def buckets(self, edges: tuple[int, ...]) -> list[dict[str, Any]]:
        """Counts per [from, to) minutes; the last bucket has no upper end."""
        out = [
            {"from_minutes": low, "to_minutes": high, "tickets": 0}
            for low, high in zip(edges, (*edges[1:], None), strict=True)
        ]
        for value, count in self.histogram:
            index = max(i for i, edge in enumerate(edges) if value >= edge * 60)
            out[index]["tickets"] += count
        return out


def _minutes(seconds: float) -> float:
    return round(seconds / 60, 1)


# SQL building blocks ----------------------------------------------------------------------


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _seconds_between(session: Session, later: Any, earlier: Any) -> Any:
    """Whole seconds from `earlier` to `later`, as SQL on this database."""
    if _dialect(session) == "sqlite":
        span = (func.julianday(later) - func.julianday(earlier)) * 86400
    else:
        span = func.extract("epoch", later - earlier)
    return cast(func.round(span), Integer)


def _in_period(event: Any, period: Period, types: Iterable[str]) -> list[Any]:
    types = tuple(types)
    return [
        event.center_id == period.center_id,
        event.type.in_(types) if len(types) > 1 else event.type == types[0],
        event.at >= period.start,
        event.at < period.end,
    ]


def _ticket_event_at(event: Any, type: str, first: bool) -> Any:
    """The time of this ticket's first (or last) event of a type: one index seek."""
    other = aliased(Event, name=f"x_{type.split('.')[-1]}_{'first' if first else 'last'}")
    pick = func.min if first else func.max
    return (
        select(pick(other.at))
        .where(other.ticket_id == event.ticket_id, other.type == type)
        .scalar_subquery()
    )


def _same_ticket(event: Any, other: Any, type: str) -> Any:
    return and_(other.ticket_id == event.ticket_id, other.type == type)


def _handled(session: Session, period: Period) -> tuple[Any, Any, Callable[..., Any]]:
    """The completed services of the period, their handling seconds, and a query builder.

    A ticket starts at most once (only a called ticket starts, and a started one can no
    longer become a no-show and come back), so joining its start gives one row per service;
    a service never formally started runs from its last call.
    """
    done = aliased(Event, name="done")
    began = aliased(Event, name="began")
    seconds = _seconds_between(
        session, done.at,
        func.coalesce(began.at, _ticket_event_at(done, "ticket.called", first=False)),
    ).label("seconds")

    def query(*columns: Any) -> Any:
        return (
            select(*columns)
            .select_from(done)
            .outerjoin(began, _same_ticket(done, began, "ticket.started"))
            .where(*_in_period(done, period, ["ticket.completed"]))
        )

    return done, seconds, query


def wait_distribution(*, session: Session, period: Period) -> Distribution:
    """From issue to first call, for the tickets issued in the period.

    Joining every call of a ticket is much cheaper than seeking each ticket's first call;
    the few later calls (of no-shows put back in the line) are then taken out again, found
    from the `ticket.requeued` events so that every lookup goes by ticket.
    """
    issued, call = aliased(Event, name="issued"), aliased(Event, name="call")
    every_call = _seconds_between(session, call.at, issued.at).label("seconds")
    rows = session.execute(
        select(every_call, func.count())
        .select_from(issued)
        .join(call, _same_ticket(issued, call, "ticket.called"))
        .where(*_in_period(issued, period, ["ticket.issued"]))
        .group_by(every_call)
    )
    requeued = (
        select(Event.ticket_id.label("ticket_id"))
        .where(Event.center_id == period.center_id, Event.type == "ticket.requeued",
               Event.at >= period.start, Event.at < period.end + dt.timedelta(days=1))
        .distinct()
        .subquery("requeued")
    )
    again = aliased(Event, name="again")
    issued_at = _ticket_event_at(requeued.c, "ticket.issued", first=True)
    later_call = _seconds_between(session, again.at, issued_at).label("seconds")
    later = session.execute(
        select(later_call, func.count())
        .select_from(requeued)
        .join(again, and_(again.ticket_id == requeued.c.ticket_id, again.type == "ticket.called"))
        .where(issued_at >= period.start, issued_at < period.end,
               again.at > _ticket_event_at(requeued.c, "ticket.called", first=True))
        .group_by(later_call)
    )
    return Distribution.of(rows, minus=later)


def handling_distribution(*, session: Session, period: Period) -> Distribution:
    _, seconds, query = _handled(session, period)
    return Distribution.of(session.execute(query(seconds, func.count()).group_by(seconds)))


def _outcome_counts(counts: dict[str, int]) -> dict[str, int]:
    """Event counts by type to the figures of a row: issued and each outcome."""
    row = {"issued": counts.get("ticket.issued", 0)}
    for type, outcome in OUTCOME_OF.items():
        row[outcome] = counts.get(type, 0)
    row["no_show"] = max(0, row["no_show"] - counts.get("ticket.requeued", 0))
    return row


# The reports ------------------------------------------------------------------------------


def summary(*, session: Session, period: Period) -> dict[str, Any]:
    counts = dict(
        session.execute(
            select(Event.type, func.count())
            .where(*_in_period(Event, period, COUNTED_TYPES))
            .group_by(Event.type)
        ).all()
    )
    waits = wait_distribution(session=session, period=period)
    return {
        **period.head(),
        "target_wait_minutes": period.target_wait_minutes,
        **_outcome_counts(counts),
        "called": waits.count,
        "median_wait_minutes": waits.percentile(0.5),
        "p90_wait_minutes": waits.percentile(0.9),
        "mean_wait_minutes": waits.mean(),
        "served_within_target": waits.share_within(period.target_wait_minutes),
    }


def waits(*, session: Session, period: Period) -> dict[str, Any]:
    dist = wait_distribution(session=session, period=period)
    return {
        **period.head(),
        "target_wait_minutes": period.target_wait_minutes,
        "tickets": dist.count,
        "median_minutes": dist.percentile(0.5),
        "p90_minutes": dist.percentile(0.9),
        "mean_minutes": dist.mean(),
        "within_target": dist.share_within(period.target_wait_minutes),
        "buckets": dist.buckets(WAIT_EDGES),
    }


def handling(*, session: Session, period: Period) -> dict[str, Any]:
    dist = handling_distribution(session=session, period=period)
    return {
        **period.head(),
        "tickets": dist.count,
        "median_minutes": dist.percentile(0.5),
        "p90_minutes": dist.percentile(0.9),
        "mean_minutes": dist.mean(),
        "buckets": dist.buckets(HANDLING_EDGES),
    }


def items(*, session: Session, period: Period) -> dict[str, Any]:
    """Tickets by item and outcome; served counts the item actually served."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for item_id, type, count in session.execute(
        select(Event.item_id, Event.type, func.count())
        .where(*_in_period(Event, period, COUNTED_TYPES), Event.item_id.is_not(None))
        .group_by(Event.item_id, Event.type)
    ):
        counts[item_id][type] = count
    names = {
        i.id: i for i in session.scalars(select(Item).where(Item.id.in_(list(counts))))
    } if counts else {}
    rows = [
        {"item_id": item_id, "item": names[item_id].name, "item_en": names[item_id].name_en,
         **_outcome_counts(by_type)}
        for item_id, by_type in counts.items()
    ]
    rows.sort(key=lambda r: (-r["issued"], -r["served"], r["item_id"]))
    return {**period.head(), "rows": rows}


def sources(*, session: Session, period: Period) -> dict[str, Any]:
    """Tickets by source (walk-in, reservation, follow-up, transfer) and outcome."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for source, type, count in session.execute(
        select(Ticket.source, Event.type, func.count())
        .join(Ticket, Ticket.id == Event.ticket_id)
        .where(*_in_period(Event, period, COUNTED_TYPES))
        .group_by(Ticket.source, Event.type)
    ):
        counts[source][type] = count
    order = {s: i for i, s in enumerate(SOURCES)}
    rows = [
        {"source": source, **_outcome_counts(counts.get(source, {}))}
        for source in sorted(set(SOURCES) | set(counts), key=lambda s: order.get(s, 99))
    ]
    return {**period.head(), "rows": rows}


def _satisfaction(session: Session, period: Period, column: str) -> dict[int, tuple[int, float]]:
    table = Rating.__table__
    key = table.c[column]
    rows = session.execute(
        select(key, func.count(), func.avg(table.c.score))
        .where(table.c.center_id == period.center_id, table.c.at >= period.start,
               table.c.at < period.end, key.is_not(None))
        .group_by(key)
    )
    return {k: (n, round(float(avg), 2)) for k, n, avg in rows}


def _services(session: Session, period: Period) -> dict[tuple[int, int], dict[str, Any]]:
    """Per (window, staff member): services, no-shows, transfers and total handling seconds."""
    done, seconds, query = _handled(session, period)
    out: dict[tuple[int, int], dict[str, Any]] = defaultdict(
        lambda: {"served": 0, "no_show": 0, "transferred": 0, "seconds": 0}
    )
    for window_id, user_id, served, total in session.execute(
        query(done.window_id, done.user_id, func.count(), func.sum(seconds))
        .group_by(done.window_id, done.user_id)
    ):
        out[(window_id, user_id)].update(served=served, seconds=int(total or 0))
    for window_id, user_id, type, count in session.execute(
        select(Event.window_id, Event.user_id, Event.type, func.count())
        .where(*_in_period(Event, period, ["ticket.no_show", "ticket.transferred"]))
        .group_by(Event.window_id, Event.user_id, Event.type)
    ):
        out[(window_id, user_id)][OUTCOME_OF[type]] += count
    return out


def _throughput(session: Session, period: Period, by: int) -> dict[int, dict[str, Any]]:
    """The services summed per window (by=0) or per staff member (by=1)."""
    totals: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"served": 0, "no_show": 0, "transferred": 0, "seconds": 0}
    )
    for key, figures in _services(session, period).items():
        if key[by] is None:
            continue
        for name, value in figures.items():
            totals[key[by]][name] += value
    return {
        k: {"served": f["served"], "no_show": f["no_show"], "transferred": f["transferred"],
            "mean_handling_minutes": _minutes(f["seconds"] / f["served"]) if f["served"]
            else None}
        for k, f in totals.items()
    }


def _with_satisfaction(row: dict[str, Any], rated: tuple[int, float] | None) -> dict[str, Any]:
    row["ratings"] = rated[0] if rated else 0
    row["satisfaction"] = rated[1] if rated else None
    return row


def windows(*, session: Session, period: Period) -> dict[str, Any]:
    figures = _throughput(session, period, 0)
    rated = _satisfaction(session, period, "window_id")
    rows = []
    for window in session.scalars(
        select(Window).where(Window.center_id == period.center_id).order_by(Window.number)
    ):
        base = figures.get(window.id)
        if base is None and window.id not in rated:
            continue
        row = {"window_id": window.id, "window_number": window.number,
               "group": window.group, "group_en": window.group_en,
               **(base or {"served": 0, "no_show": 0, "transferred": 0,
                           "mean_handling_minutes": None})}
        rows.append(_with_satisfaction(row, rated.get(window.id)))
    return {**period.head(), "satisfaction_available": True, "rows": rows}


def staff(*, session: Session, period: Period) -> dict[str, Any]:
    figures = _throughput(session, period, 1)
    rated = _satisfaction(session, period, "staff_user_id")
    ids = sorted(set(figures) | set(rated))
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))} \
        if ids else {}
    rows = []
    for user_id in ids:
        user = users.get(user_id)
        row = {"user_id": user_id,
               "staff": (user.display_name or user.username) if user else str(user_id),
               **figures.get(user_id, {"served": 0, "no_show": 0, "transferred": 0,
                                       "mean_handling_minutes": None})}
        rows.append(_with_satisfaction(row, rated.get(user_id)))
    rows.sort(key=lambda r: (-r["served"], r["user_id"]))
    return {**period.head(), "satisfaction_available": True, "rows": rows}


def _hour_bucket(session: Session, at: Any) -> Any:
    if _dialect(session) == "sqlite":
        return func.strftime("%Y-%m-%d %H", at)
    return func.date_trunc("hour", at)


def _utc_hour(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.strptime(value, "%Y-%m-%d %H")
    return value.replace(tzinfo=dt.UTC)


def _local_hours(session: Session, period: Period, type: str) -> list[tuple[dt.datetime, int]]:
    """Events of a type per hour, as (local start of the hour, count).

    SQL counts per UTC hour (at most 24 a day); each is then placed at its local hour,
    which is exact for every zone whose offset is whole hours.
    """
    bucket = _hour_bucket(session, Event.at).label("hour")
    zone = ZoneInfo(period.timezone)
    rows = session.execute(
        select(bucket, func.count()).where(*_in_period(Event, period, [type])).group_by(bucket)
    )
    return [(_utc_hour(hour).astimezone(zone), count) for hour, count in rows]


def per_hour(*, session: Session, period: Period, type: str = "ticket.completed") -> list[int]:
    """How many events of a type fell in each local hour of the day, over the period."""
    hours = [0] * 24
    for local, count in _local_hours(session, period, type):
        hours[local.hour] += count
    return hours


def arrivals(*, session: Session, period: Period) -> dict[str, Any]:
    """Tickets issued per local hour of the day, for each weekday."""
    matrix = [[0] * 24 for _ in WEEKDAYS]
    for local, count in _local_hours(session, period, "ticket.issued"):
        matrix[local.weekday()][local.hour] += count
    days_of = Counter(
        (period.first + dt.timedelta(days=i)).weekday() for i in range(period.days)
    )
    rows = [
        {"hour": hour, **{WEEKDAYS[d]: matrix[d][hour] for d in range(7)},
         "total": sum(matrix[d][hour] for d in range(7))}
        for hour in range(24)
    ]
    return {
        **period.head(),
        "days_of_weekday": {WEEKDAYS[d]: days_of.get(d, 0) for d in range(7)},
        "by_weekday": {WEEKDAYS[d]: sum(matrix[d]) for d in range(7)},
        "rows": rows,
    }


REPORTS: dict[str, Callable[..., dict[str, Any]]] = {
    "summary": summary,
    "items": items,
    "sources": sources,
    "waits": waits,
    "handling": handling,
    "windows": windows,
    "staff": staff,
    "arrivals": arrivals,
}


def report(*, session: Session, name: str, period: Period) -> dict[str, Any]:
    if name not in REPORTS:
        raise InvalidRequest(f"There is no report {name!r}; choose one of {', '.join(REPORTS)}.")
    return REPORTS[name](session=session, period=period)
