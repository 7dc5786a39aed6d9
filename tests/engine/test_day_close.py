"""The day's close: what is left at closing time is cancelled, bookings lapse, the screens
are told, and a second run changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from server.booking.models import Reservation
from server.day.task import close_due
from server.events.models import Event
from server.events.service import MESSAGES
from server.tickets import service as tickets
from server.tickets.models import Ticket
from server.windows.models import Window
from tests.hall import at

HOURS = {d: ["08:30", "17:30"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
DAY, NEXT = dt.date(2026, 11, 27), dt.date(2026, 11, 28)


@pytest.fixture
def afternoon(hall):
    """At 17:30: A001 done, A002 being served, A003 called at window 2, A004 waiting;
    a booking at 16:00 never checked in."""
    center = hall.center(hours=HOURS, grace_minutes=60)
    item = hall.item("pension", center=center)
    w1, w2 = hall.window(center, 1, fields=["community"]), hall.window(center, 2,
                                                                         fields=["community"])
    li, chen = hall.staff("li", center), hall.staff("chen", center)
    hall.open(w1, li)
    hall.open(w2, chen)
    for hhmm in ("09:00", "09:01", "09:02", "09:03"):
        hall.take(center, item, at(hhmm))
    hall.serve(w1, li, at("09:10"))
    hall.call(w1, li, at("09:20"))
    with hall.db.transaction() as s:
        tickets.start(session=s, window_id=w1.id, actor=li, now=at("09:21"))
    hall.call(w2, chen, at("09:30"))
    with hall.db.transaction() as s:
        s.add(Reservation(center_id=center.id, item_id=item.id, slot_start=at("16:00"),
                          code="K7Q2", name="王", phone="13800000000",
                          created_at=at("08:00")))
    return hall, center, item, w2


def events(db, center_id, after=0):
    with db.read() as s:
        return list(s.scalars(select(Event).where(Event.center_id == center_id,
                                                  Event.seq > after).order_by(Event.seq)))


def states(db, center_id):
    with db.read() as s:
        return dict(s.execute(select(Ticket.number, Ticket.state)
                              .where(Ticket.center_id == center_id)).all())


def test_nothing_closes_before_closing_time(afternoon):
    hall, center, _, _ = afternoon
    assert [c for c in close_due(hall.db, now=at("17:29")) if c.center_id == center.id] == []
    assert states(hall.db, center.id)["A004"] == "waiting"


def test_tickets_left_at_closing_are_cancelled_with_the_reason(afternoon):
    hall, center, _, w2 = afternoon
    seq = events(hall.db, center.id)[-1].seq
    published = []
    hall.db.on_commit[MESSAGES] = published.extend
    closed = close_due(hall.db, now=at("17:31"))
    mine = [c for c in closed if c.center_id == center.id]
    assert [(c.day, c.cancelled, c.lapsed) for c in mine] == [(DAY, 2, 1)]
    assert states(hall.db, center.id) == {"A001": "done", "A002": "serving",
                                          "A003": "cancelled", "A004": "cancelled"}
    new = events(hall.db, center.id, after=seq)
    assert [e.type for e in new] == ["ticket.cancelled", "ticket.cancelled",
                                     "reservation.no_show", "day.closed"]
    assert {e.data["reason"] for e in new[:2]} == {"day closed"}
    assert [e.data["ticket"]["number"] for e in new[:2]] == ["A003", "A004"]
    assert all(e.at == at("17:30") for e in new)
    assert new[-1].data == {"day": "2026-11-27", "cancelled": 2, "lapsed": 1}
    with hall.db.read() as s:
        assert s.get(Window, w2.id).current_ticket_id is None
        assert s.scalar(select(Reservation.state).where(Reservation.code == "K7Q2")) == "no_show"
    sent = [m.payload for m in published if m.center_id == center.id]
    assert [p["type"] for p in sent][-1] == "day.closed"
    assert sent[0]["reason"] == "day closed" and sent[0]["ticket"]["number"] == "A003"


def test_the_closed_day_counts_its_cancelled_tickets(afternoon):
    from server.reports import service as reports

    hall, center, _, _ = afternoon
    close_due(hall.db, now=at("17:31"))
    with hall.db.read() as s:
        period = reports.make_period(session=s, center_id=center.id, first=DAY, last=DAY)
        stored = reports.report(session=s, name="summary", period=period)
        assert stored == reports.report(session=s, name="summary", period=period, source="log")
    assert (stored["issued"], stored["served"], stored["cancelled"]) == (4, 1, 2)


def test_closing_twice_changes_nothing(afternoon):
    hall, center, _, _ = afternoon
    close_due(hall.db, now=at("17:31"))
    seq = events(hall.db, center.id)[-1].seq
    again = close_due(hall.db, now=at("17:45"))
    assert [c for c in again if c.center_id == center.id] == []
    from server.day.close import close_day

    with hall.db.transaction() as s:
        forced = close_day(session=s, center_id=center.id, day=DAY, now=at("17:50"))
    assert (forced.closed, forced.cancelled, forced.messages) == (False, 0, [])
    assert events(hall.db, center.id, after=seq) == []


def test_a_new_ticket_the_next_day_starts_from_one(afternoon):
    hall, center, item, _ = afternoon
    close_due(hall.db, now=at("17:31"))
    assert hall.take(center, item, at("08:31", NEXT)).ticket.number == "A001"


@pytest.mark.redis
def test_a_board_hears_the_close_of_qms_day_close(tmp_path, redis_url):
    """`qms day close` in its own process reaches the boards through the message queue."""
    import time
    from zoneinfo import ZoneInfo

    from tests.boards.live import LiveHall
    from tests.conftest import LiveServer
    from tests.engine.test_realtime import listening

    server = LiveServer(tmp_path / "s", {"SOCKETIO_MESSAGE_QUEUE": redis_url,
                                         "SOCKETIO_CHANNEL": f"qms-test-{time.time_ns()}"})
    server.start()
    try:
        hall = LiveHall(server, "pengpu-community")
        window = hall.window(4)
        number = hall.take(hall.item_for(window))["number"]
        today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
        with listening(server.url, hall.center_id) as board:
            out = server.qms("day", "close", "--center", str(hall.center_id), "--day", today)
            heard = board.wait_for(2)
            assert all(g["waiting"] == 0 for g in board.snapshot()["waiting_by_group"])
        assert "1 ticket(s) cancelled" in out
        assert [name for name, _ in heard] == ["ticket.cancelled", "day.closed"]
        assert heard[0][1]["ticket"]["number"] == number
        assert heard[0][1]["reason"] == "day closed"
        assert heard[1][1]["cancelled"] == 1
    finally:
        server.stop()


def test_reports_rebuild_stores_the_days_from_the_log(afternoon, tmp_path):
    from click.testing import CliRunner

    from server.cli import main
    from server.reports import service as reports
    from server.reports.daily import DayFigures

    hall, center, _, _ = afternoon
    env = {"DATABASE_URL": str(hall.db.url), "QMS_INSTANCE_PATH": str(tmp_path)}
    out = CliRunner().invoke(main, ["reports", "rebuild", "--from", "2026-11-26", "--to",
                                    "2026-11-27", "--center", str(center.id)], env=env)
    assert out.exit_code == 0, out.output
    assert f"center {center.id}: 2 day(s) rebuilt" in out.output
    with hall.db.read() as s:
        period = reports.make_period(session=s, center_id=center.id, first=DAY, last=DAY)
        assert DayFigures(s, period).stored == [(DAY, DAY)]
        assert reports.report(session=s, name="summary", period=period)["served"] == 1
    assert states(hall.db, center.id)["A004"] == "waiting"  # a rebuild closes nothing
