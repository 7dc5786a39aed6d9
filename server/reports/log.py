"""The figures of a period computed from the event log: the truth the stored days are built
from, and what the days not yet closed (today) are read from.

The figures, and which events they come from:
- issued: tickets taken in the period (`ticket.issued`);
- served: services completed in the period (`ticket.completed`), the continuation of a
  transferred resident included;
- no_show: tickets marked no-show, less those a manager put back in the line (`ticket.requeued`);
- transferred, cancelled: `ticket.transferred`, `ticket.cancelled`;
- wait: a ticket's first `ticket.called` minus its `ticket.issued`, for tickets issued in the
  period (a ticket never called has no wait);
- handling: `ticket.completed` minus the ticket's last `ticket.started`, or its last
  `ticket.called` when service never formally started.

Every figure belongs to one day of the center's calendar (an event's own day; a wait to its
ticket's issue day), so the figures of a period are the sums of its days'. SQL does the
scanning and counting on SQLite and PostgreSQL alike; waits and handling times come back as
counts of whole seconds.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, and_, cast, func, select, text
from sqlalchemy.orm import Session, aliased

from server.events.models import Event
from server.ratings.models import Rating
from server.reports import models as _indexes  # noqa: F401  (the indexes these queries use)
from server.tickets.models import Ticket

OUTCOME_OF = {
    "ticket.completed": "served",
    "ticket.no_show": "no_show",
    "ticket.transferred": "transferred",
    "ticket.cancelled": "cancelled",
}
COUNTED_TYPES = ("ticket.issued", "ticket.requeued", *OUTCOME_OF)

# (window_id, user_id) -> {"served", "no_show", "transferred", "seconds"}
Services = dict[tuple[int | None, int | None], dict[str, int]]
# (window_id, staff_user_id) -> (ratings, sum of their scores)
Ratings = dict[tuple[int | None, int | None], tuple[int, int]]


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
        return day_start(self.first, self.timezone)

    @property
    def end(self) -> dt.datetime:
        """The first instant after the period (midnight after its last day)."""
        return day_start(self.last + dt.timedelta(days=1), self.timezone)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def head(self) -> dict[str, Any]:
        return {"center_id": self.center_id, "from": self.first.isoformat(),
                "to": self.last.isoformat()}

    def part(self, first: dt.date, last: dt.date) -> Period:
        return Period(self.center_id, self.timezone, self.target_wait_minutes, first, last)


def day_start(day: dt.date, timezone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), ZoneInfo(timezone))


# Distributions --------------------------------------------------------------------------


def _minutes(seconds: float) -> float:
    return round(seconds / 60, 1)


@dataclass
class Distribution:
    """Durations in whole seconds, held per whole minute (how many, and the sum of their
    seconds), with the seconds of any one minute at hand (`seconds_in`).

    Every statistic is exact: a median or p90 interpolates between the two nearest ranks
    (as numpy does), and only the minutes those ranks fall in are read second by second.
    """

    minutes: dict[int, tuple[int, int]]
    seconds_in: Callable[[int], Mapping[int, int]]

    @classmethod
    def of(cls, rows: Iterable[tuple[Any, int]],
           minus: Iterable[tuple[Any, int]] = ()) -> Distribution:
        """From (seconds, count) rows, less the `minus` rows; None seconds are left out."""
        counts: Counter[int] = Counter()
        for sign, source in ((1, rows), (-1, minus)):
            for seconds, count in source:
                if seconds is not None:
                    counts[max(0, int(seconds))] += sign * int(count)
        return cls.exact(counts)

    @classmethod
    def exact(cls, counts: Mapping[int, int]) -> Distribution:
        by_minute: dict[int, Counter[int]] = defaultdict(Counter)
        for value, count in counts.items():
            if count > 0:
                by_minute[value // 60][value] += count
        minutes = {m: (sum(c.values()), sum(v * n for v, n in c.items()))
                   for m, c in by_minute.items()}
        return cls(minutes, lambda m: by_minute.get(m, Counter()))

    def __add__(self, other: Distribution) -> Distribution:
        minutes = dict(self.minutes)
        for m, (count, seconds) in other.minutes.items():
            had = minutes.get(m, (0, 0))
            minutes[m] = (had[0] + count, had[1] + seconds)
        mine, theirs = self.seconds_in, other.seconds_in
        return Distribution(minutes, lambda m: Counter(mine(m)) + Counter(theirs(m)))

    @property
    def histogram(self) -> tuple[tuple[int, int], ...]:
        """Every (seconds, how many), in ascending order of seconds."""
        return tuple(sorted(
            (v, c) for m in self.minutes for v, c in self.seconds_in(m).items() if c > 0
        ))

    @property
    def count(self) -> int:
        return sum(c for c, _ in self.minutes.values())

    def _at_rank(self, rank: int) -> int:
        seen = 0
        for minute in sorted(self.minutes):
            count = self.minutes[minute][0]
            if rank < seen + count:
                for value, n in sorted(self.seconds_in(minute).items()):
                    seen += n
                    if rank < seen:
                        return value
            seen += count
        raise IndexError(rank)

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
        return _minutes(sum(s for _, s in self.minutes.values()) / n) if n else None

    def share_within(self, minutes: int) -> float | None:
        n = self.count
        if n == 0:
            return None
        within = sum(c for m, (c, _) in self.minutes.items() if m < minutes)
        if minutes in self.minutes:
            within += self.seconds_in(minutes).get(minutes * 60, 0)
        return round(within / n, 3)

    def buckets(self, edges: tuple[int, ...]) -> list[dict[str, Any]]:
        """Counts per [from, to) minutes; the last bucket has no upper end."""
        out = [
            {"from_minutes": low, "to_minutes": high, "tickets": 0}
            for low, high in zip(edges, (*edges[1:], None), strict=True)
        ]
        for minute, (count, _) in self.minutes.items():
            index = max(i for i, edge in enumerate(edges) if minute >= edge)
            out[index]["tickets"] += count
        return out


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
    the few later calls (of no-shows put back in the line, which happens only on the day of
    issue) are then taken out again, found from the `ticket.requeued` events so that every
    lookup goes by ticket.
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


def _hour_bucket(session: Session, at: Any) -> Any:
    if _dialect(session) == "sqlite":
        return func.strftime("%Y-%m-%d %H", at)
    return func.date_trunc("hour", at)


def _utc_hour(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.strptime(value, "%Y-%m-%d %H")
    return value.replace(tzinfo=dt.UTC)


def local_hours(session: Session, period: Period, type: str) -> list[tuple[dt.datetime, int]]:
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
    for local, count in local_hours(session, period, type):
        hours[local.hour] += count
    return hours


def look_up_by_ticket(session: Session) -> None:
    """For the rest of this transaction, join a few days' events to their tickets by index.

    Over a day or two of a long history PostgreSQL's planner prefers to hash-join the whole
    tickets table (or every start, every call) to the day's events; looking each ticket up
    costs what the day costs, whatever the history. SQLite always joins this way.
    """
    if _dialect(session) == "postgresql":
        session.execute(text("SET LOCAL enable_hashjoin = off"))
        session.execute(text("SET LOCAL enable_mergejoin = off"))


def ratings_table() -> Any:
    return Rating.__table__


# The figures of a period, from the log -------------------------------------------------------


class LogFigures:
    """Everything the reports need over a period, read from the event log."""

    def __init__(self, session: Session, period: Period) -> None:
        self.session = session
        self.period = period

    def counts(self) -> Counter[tuple[int | None, str]]:
        """Counted events by (item, type)."""
        return Counter({
            (item_id, type): count for item_id, type, count in self.session.execute(
                select(Event.item_id, Event.type, func.count())
                .where(*_in_period(Event, self.period, COUNTED_TYPES))
                .group_by(Event.item_id, Event.type)
            )
        })

    def sources(self) -> Counter[tuple[str, str]]:
        """Counted events by (the ticket's source, type)."""
        return Counter({
            (source, type): count for source, type, count in self.session.execute(
                select(Ticket.source, Event.type, func.count())
                .join(Ticket, Ticket.id == Event.ticket_id)
                .where(*_in_period(Event, self.period, COUNTED_TYPES))
                .group_by(Ticket.source, Event.type)
            )
        })

    def hours(self) -> Counter[tuple[dt.date, int]]:
        """Tickets issued by (local day, local hour)."""
        out: Counter[tuple[dt.date, int]] = Counter()
        for local, count in local_hours(self.session, self.period, "ticket.issued"):
            out[(local.date(), local.hour)] += count
        return out

    def services(self) -> Services:
        """Per (window, staff member): services, no-shows, transfers and handling seconds."""
        done, seconds, query = _handled(self.session, self.period)
        out: Services = defaultdict(
            lambda: {"served": 0, "no_show": 0, "transferred": 0, "seconds": 0}
        )
        for window_id, user_id, served, total in self.session.execute(
            query(done.window_id, done.user_id, func.count(), func.sum(seconds))
            .group_by(done.window_id, done.user_id)
        ):
            out[(window_id, user_id)].update(served=served, seconds=int(total or 0))
        for window_id, user_id, type, count in self.session.execute(
            select(Event.window_id, Event.user_id, Event.type, func.count())
            .where(*_in_period(Event, self.period, ["ticket.no_show", "ticket.transferred"]))
            .group_by(Event.window_id, Event.user_id, Event.type)
        ):
            out[(window_id, user_id)][OUTCOME_OF[type]] += count
        return dict(out)

    def ratings(self) -> Ratings:
        table = ratings_table()
        if table is None:
            return {}
        return {
            (window_id, user_id): (n, int(total)) for window_id, user_id, n, total in
            self.session.execute(
                select(table.c.window_id, table.c.staff_user_id, func.count(),
                       func.sum(table.c.score))
                .where(table.c.center_id == self.period.center_id,
                       table.c.at >= self.period.start, table.c.at < self.period.end)
                .group_by(table.c.window_id, table.c.staff_user_id)
            )
        }

    def waits(self) -> Distribution:
        return wait_distribution(session=self.session, period=self.period)

    def handling(self) -> Distribution:
        return handling_distribution(session=self.session, period=self.period)
