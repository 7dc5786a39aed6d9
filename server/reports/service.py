"""Reports: what happened at a center over a range of its days.

The figures and the events they come from are defined in `server.reports.log`; a report
reads them from the closed days' stored figures plus the event log for the days not yet
closed (`server.reports.daily`), and `source="log"` computes the whole period from the event
log instead (the reference the stored figures are tested against).
- served_within_target: the share of called tickets whose wait was at most the center's
  `target_wait_minutes`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts.models import User
from server.centers.models import Item
from server.centers.service import get_center
from server.errors import InvalidRequest
from server.reports.daily import DayFigures
from server.reports.log import (
    OUTCOME_OF,
    Distribution,
    LogFigures,
    Period,
    Ratings,
    Services,
    _minutes,
    handling_distribution,
    per_hour,
    ratings_table,
    wait_distribution,
)
from server.tickets.models import SOURCES
from server.windows.models import Window

__all__ = ["Distribution", "Period", "handling_distribution", "per_hour", "wait_distribution"]

MAX_DAYS = 3660
OUTCOMES = ("served", "no_show", "transferred", "cancelled")
WAIT_EDGES = (0, 5, 10, 15, 20, 30, 45, 60, 90)
HANDLING_EDGES = (0, 5, 10, 15, 20, 30, 45, 60)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Figures(Protocol):
    """What the reports read, over their period (see LogFigures)."""

    def counts(self) -> Counter[tuple[int | None, str]]: ...
    def sources(self) -> Counter[tuple[str, str]]: ...
    def hours(self) -> Counter[tuple[dt.date, int]]: ...
    def services(self) -> Services: ...
    def ratings(self) -> Ratings: ...
    def waits(self) -> Distribution: ...
    def handling(self) -> Distribution: ...


def make_period(*, session: Session, center_id: int, first: dt.date, last: dt.date) -> Period:
    center = get_center(session=session, center_id=center_id)
    if last < first:
        raise InvalidRequest(
            "The period ends ({last}) before it begins ({first}); give 'from' on or before "
            "'to'.", last=last.isoformat(), first=first.isoformat())

    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidRequest("A report covers at most {MAX_DAYS} days; choose a shorter period.",
                             MAX_DAYS=MAX_DAYS)
    return Period(center_id=center.id, timezone=center.timezone,
                  target_wait_minutes=center.target_wait_minutes, first=first, last=last)


def _outcome_counts(counts: dict[str, int]) -> dict[str, int]:
    """Event counts by type to the figures of a row: issued and each outcome."""
    row = {"issued": counts.get("ticket.issued", 0)}
    for type, outcome in OUTCOME_OF.items():
        row[outcome] = counts.get(type, 0)
    row["no_show"] = max(0, row["no_show"] - counts.get("ticket.requeued", 0))
    return row


# The reports ------------------------------------------------------------------------------


def summary(*, period: Period, figures: Figures) -> dict[str, Any]:
    by_type: Counter[str] = Counter()
    for (_, type), count in figures.counts().items():
        by_type[type] += count
    waits = figures.waits()
    return {
        **period.head(),
        "target_wait_minutes": period.target_wait_minutes,
        **_outcome_counts(by_type),
        "called": waits.count,
        "median_wait_minutes": waits.percentile(0.5),
        "p90_wait_minutes": waits.percentile(0.9),
        "mean_wait_minutes": waits.mean(),
        "served_within_target": waits.share_within(period.target_wait_minutes),
    }


def waits(*, period: Period, figures: Figures) -> dict[str, Any]:
    dist = figures.waits()
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


def handling(*, period: Period, figures: Figures) -> dict[str, Any]:
    dist = figures.handling()
    return {
        **period.head(),
        "tickets": dist.count,
        "median_minutes": dist.percentile(0.5),
        "p90_minutes": dist.percentile(0.9),
        "mean_minutes": dist.mean(),
        "buckets": dist.buckets(HANDLING_EDGES),
    }


def items(*, session: Session, period: Period, figures: Figures) -> dict[str, Any]:
    """Tickets by item and outcome; served counts the item actually served."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for (item_id, type), count in figures.counts().items():
        if item_id is not None:
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


def sources(*, period: Period, figures: Figures) -> dict[str, Any]:
    """Tickets by source (walk-in, reservation, follow-up, transfer) and outcome."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for (source, type), count in figures.sources().items():
        counts[source][type] = count
    order = {s: i for i, s in enumerate(SOURCES)}
    rows = [
        {"source": source, **_outcome_counts(counts.get(source, {}))}
        for source in sorted(set(SOURCES) | set(counts), key=lambda s: order.get(s, 99))
    ]
    return {**period.head(), "rows": rows}


def _throughput(figures: Figures, by: int) -> dict[int, dict[str, Any]]:
    """The services summed per window (by=0) or per staff member (by=1)."""
    totals: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"served": 0, "no_show": 0, "transferred": 0, "seconds": 0}
    )
    for key, figures_of in figures.services().items():
        if key[by] is None:
            continue
        for name, value in figures_of.items():
            totals[key[by]][name] += value
    return {
        k: {"served": f["served"], "no_show": f["no_show"], "transferred": f["transferred"],
            "mean_handling_minutes": _minutes(f["seconds"] / f["served"]) if f["served"]
            else None}
        for k, f in totals.items()
    }


def _satisfaction(figures: Figures, by: int) -> dict[int, tuple[int, float]]:
    """Ratings and their mean score per window (by=0) or per staff member (by=1)."""
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for key, (n, total) in figures.ratings().items():
        if key[by] is not None:
            sums[key[by]][0] += n
            sums[key[by]][1] += total
    return {k: (n, round(total / n, 2)) for k, (n, total) in sums.items() if n}


def _with_satisfaction(row: dict[str, Any], rated: tuple[int, float] | None,
                       available: bool) -> dict[str, Any]:
    row["ratings"] = rated[0] if rated else (0 if available else None)
    row["satisfaction"] = rated[1] if rated else None
    return row


def windows(*, session: Session, period: Period, figures: Figures) -> dict[str, Any]:
    throughput = _throughput(figures, 0)
    rated = _satisfaction(figures, 0)
    available = ratings_table() is not None
    rows = []
    for window in session.scalars(
        select(Window).where(Window.center_id == period.center_id).order_by(Window.number)
    ):
        base = throughput.get(window.id)
        if base is None and window.id not in rated:
            continue
        row = {"window_id": window.id, "window_number": window.number,
               "group": window.group, "group_en": window.group_en,
               **(base or {"served": 0, "no_show": 0, "transferred": 0,
                           "mean_handling_minutes": None})}
        rows.append(_with_satisfaction(row, rated.get(window.id), available))
    return {**period.head(), "satisfaction_available": available, "rows": rows}


def staff(*, session: Session, period: Period, figures: Figures) -> dict[str, Any]:
    throughput = _throughput(figures, 1)
    rated = _satisfaction(figures, 1)
    available = ratings_table() is not None
    ids = sorted(set(throughput) | set(rated))
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))} \
        if ids else {}
    rows = []
    for user_id in ids:
        user = users.get(user_id)
        row = {"user_id": user_id,
               "staff": (user.display_name or user.username) if user else str(user_id),
               **throughput.get(user_id, {"served": 0, "no_show": 0, "transferred": 0,
                                          "mean_handling_minutes": None})}
        rows.append(_with_satisfaction(row, rated.get(user_id), available))
    rows.sort(key=lambda r: (-r["served"], r["user_id"]))
    return {**period.head(), "satisfaction_available": available, "rows": rows}


def arrivals(*, period: Period, figures: Figures) -> dict[str, Any]:
    """Tickets issued per local hour of the day, for each weekday."""
    matrix = [[0] * 24 for _ in WEEKDAYS]
    for (day, hour), count in figures.hours().items():
        matrix[day.weekday()][hour] += count
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
_NEEDS_SESSION = {"items", "windows", "staff"}
SOURCES_OF_FIGURES = ("days", "log")


def report(*, session: Session, name: str, period: Period,
           source: str = "days") -> dict[str, Any]:
    """A report over its period: from the stored days and today's log (`days`, the default),
    or wholly from the event log (`log`)."""
    if name not in REPORTS:
        raise InvalidRequest("There is no report {name!r}; choose one of {choices}.",
                             name=name, choices=list(REPORTS))
    figures: Figures = (DayFigures(session, period) if source == "days"
                        else LogFigures(session, period))
    extra = {"session": session} if name in _NEEDS_SESSION else {}
    return REPORTS[name](period=period, figures=figures, **extra)
