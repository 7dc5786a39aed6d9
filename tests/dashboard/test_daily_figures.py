"""The reports from stored days give the event log's figures, to the second."""

from __future__ import annotations

import datetime as dt

from server.day.close import close_day
from server.events.service import lock_center
from server.management.service import requeue_no_show
from server.ratings.models import Rating
from server.reports import service as reports
from server.reports.daily import DayFigures, store_days
from server.tickets import service as tickets
from tests.hall import at

BEFORE, DAY, NEXT = dt.date(2026, 11, 26), dt.date(2026, 11, 27), dt.date(2026, 11, 28)


def every_report(db, center_id, source, first=BEFORE, last=NEXT):
    with db.read() as s:
        period = reports.make_period(session=s, center_id=center_id, first=first, last=last)
        return {name: reports.report(session=s, name=name, period=period, source=source)
                for name in reports.REPORTS}


def read_from(db, center_id, first=BEFORE, last=NEXT):
    """Which days a report reads stored, and which from the log."""
    with db.read() as s:
        figures = DayFigures(s, reports.make_period(session=s, center_id=center_id,
                                                    first=first, last=last))
        return figures.stored, [(f.period.first, f.period.last) for f in figures.live]


def store(db, center, days, now):
    with db.transaction() as s:
        store_days(s, lock_center(s, center.id), days, now=now)


def a_fuller_day(m):
    """The hand-worked morning, and its afternoon: a no-show put back and served, a
    transfer, ratings, a call never started, a 20-minute wait exactly; the next day live."""
    db = m.hall.db
    manager = m.hall.staff("wang", m.center, role="manager")
    with db.transaction() as s:
        requeue_no_show(session=s, ticket_id=m.ids["t2"], actor=manager, now=at("09:50"))
    assert m.hall.call(m.w2, m.clerk2, at("09:55")) == m.numbers["t2"]
    m.hall.finish(m.w2, m.clerk2, at("10:01"))
    assert m.hall.call(m.w1, m.clerk1, at("09:50")) == m.numbers["t5"]  # waited 20:00
    with db.transaction() as s:
        tickets.transfer(session=s, window_id=m.w1.id, actor=m.clerk1, now=at("09:58"),
                         reason="needs the other desk", to_window_id=m.w2.id)
    m.hall.serve(m.w2, m.clerk2, at("10:07"))
    with db.transaction() as s:
        for ticket, window, clerk, score, hhmm in (("t1", m.w1, m.clerk1, 5, "09:16"),
                                                   ("t3", m.w2, m.clerk2, 4, "09:37"),
                                                   ("t4", m.w1, m.clerk1, 2, "09:47")):
            s.add(Rating(center_id=m.center.id, ticket_id=m.ids[ticket], window_id=window.id,
                         staff_user_id=clerk.user_id, score=score, at=at(hhmm)))
    for hhmm in ("10:20", "10:31"):
        m.hall.take(m.center, m.a, at(hhmm))
    m.hall.serve(m.w1, m.clerk1, at("10:33"))
    m.hall.take(m.center, m.b, at("09:00", NEXT))
    m.hall.serve(m.w2, m.clerk2, at("09:12", NEXT))


def test_stored_days_and_todays_log_give_the_logs_figures(morning):
    a_fuller_day(morning)
    db, center = morning.hall.db, morning.center
    from_log = every_report(db, center.id, "log")
    assert read_from(db, center.id) == ([], [(BEFORE, NEXT)])
    store(db, center, [BEFORE, DAY], now=at("23:00"))
    assert read_from(db, center.id) == ([(BEFORE, DAY)], [(NEXT, NEXT)])
    assert every_report(db, center.id, "days") == from_log
    # The stored day alone.
    assert every_report(db, center.id, "days", DAY, DAY) == \
        every_report(db, center.id, "log", DAY, DAY)
    with db.transaction() as s:
        close_day(session=s, center_id=center.id, day=BEFORE, now=at("23:59", BEFORE))
    assert every_report(db, center.id, "days") == from_log
    summary = from_log["summary"]
    assert (summary["issued"], summary["served"], summary["transferred"]) == (9, 8, 1)
    assert from_log["windows"]["rows"][0]["satisfaction"] == 3.5


def test_an_event_after_the_days_figures_is_read_from_the_log_until_rebuilt(morning):
    db, center = morning.hall.db, morning.center
    store(db, center, [BEFORE, DAY], now=at("10:00"))
    # A late service on the stored day: t5, waiting since 09:30, is served.
    morning.hall.serve(morning.w2, morning.clerk2, at("10:05"))
    assert read_from(db, center.id) == ([(BEFORE, BEFORE)], [(DAY, NEXT)])
    assert every_report(db, center.id, "days") == every_report(db, center.id, "log")
    store(db, center, [], now=at("11:00"))
    assert read_from(db, center.id) == ([(BEFORE, DAY)], [(NEXT, NEXT)])
    assert every_report(db, center.id, "days") == every_report(db, center.id, "log")
    assert every_report(db, center.id, "days")["summary"]["served"] == 5
