"""What a manager sees of the hall now, and putting a no-show back in the line."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from server.accounts.service import create_device
from server.booking.models import Reservation
from server.errors import Conflict, Forbidden
from server.events.models import Event
from server.management.service import live_figures, requeue_no_show
from server.tickets import service as tickets
from server.tickets.models import Ticket
from server.windows import service as windows
from tests.hall import Hall, at


@pytest.fixture
def busy(hall: Hall):
    """09:30: one resident served since 09:03 at window 1, two waiting since 09:00."""
    center = hall.center(target_wait_minutes=20)
    a = hall.item("pension", center=center, minutes=10)
    c = hall.item("decal", center=center, department="police", routing="specialized",
                  prefix="C")
    w1 = hall.window(center, 1, fields=["community"], group="综合窗口", items=[a])
    w2 = hall.window(center, 2, kind="specialized", department="police", group="公安专窗")
    hall.window(center, 3, kind="reserved", group="预留窗口", items=[])
    clerk, other = hall.staff("li", center), hall.staff("chen", center)
    hall.open(w1, clerk, at("08:30"))
    hall.open(w2, other, at("08:30"))
    with hall.db.transaction() as s:
        windows.set_state(session=s, window_id=w2.id, state="paused", reason="break",
                          actor=other, now=at("09:10"))
    for _ in range(3):
        hall.take(center, a, at("09:00"))
    hall.take(center, c, at("09:20"))
    hall.call(w1, clerk, at("09:02"))
    with hall.db.transaction() as s:
        tickets.start(session=s, window_id=w1.id, actor=clerk, now=at("09:03"))
        kiosk = create_device(session=s, center_id=center.id, kind="kiosk", name="大厅取号机")
        kiosk.status = {"printer": "paper_out"}
        board = create_device(session=s, center_id=center.id, kind="board", name="大厅屏")
        board.last_seen = at("09:20")
        fresh = create_device(session=s, center_id=center.id, kind="board", name="一号窗屏")
        fresh.last_seen = at("09:29")
        s.add(Reservation(center_id=center.id, item_id=a.id, slot_start=at("10:00"),
                          code="K7Q4MNPX", name="张三", phone="13800000000", state="booked",
                          created_at=at("08:00")))
    return {"center": center, "a": a, "c": c, "w1": w1, "w2": w2, "clerk": clerk}


def live(hall: Hall, center, hhmm: str) -> dict:
    with hall.db.read() as s:
        return live_figures(session=s, center_id=center.id, now=at(hhmm),
                            board_offline_seconds=120)


def test_the_line_and_the_windows_now(hall, busy):
    figures = live(hall, busy["center"], "09:30")
    assert figures["waiting_total"] == 3
    assert figures["longest_wait_minutes"] == 30.0
    lines = {r["item_id"]: r for r in figures["waiting_by_item"]}
    assert lines[busy["a"].id]["waiting"] == 2
    assert lines[busy["c"].id]["longest_wait_minutes"] == 10.0
    by_number = {w["number"]: w for w in figures["windows"]}
    serving = by_number[1]["serving"]
    assert serving["number"] == "A001" and serving["minutes"] == 27.0
    assert serving["overrun"] is True  # 27 minutes of an item expected to take 10
    assert by_number[2]["state"] == "paused" and by_number[2]["state_reason"] == "break"
    assert by_number[2]["state_minutes"] == 20.0
    assert by_number[3]["state"] == "closed"
    assert (figures["windows_open"], figures["windows_paused"], figures["windows_closed"]) == \
        (1, 1, 1)
    assert figures["today"]["issued"] == 4
    assert figures["today"]["mean_wait_minutes"] == 2.0


def test_alerts_a_manager_should_act_on(hall, busy):
    alerts = live(hall, busy["center"], "09:30")["alerts"]
    kinds = [a["kind"] for a in alerts]
    over = next(a for a in alerts if a["kind"] == "wait_over_target")
    assert over["item_id"] == busy["a"].id and over["minutes"] == 30.0
    assert over["target_minutes"] == 20
    # Item C is served only at the paused police window.
    assert any(a["kind"] == "no_open_window" and a["item_id"] == busy["c"].id for a in alerts)
    assert "service_overrun" in kinds
    assert "printer_paper_out" in kinds
    offline = [a for a in alerts if a["kind"] == "board_offline"]
    assert [a["device"] for a in offline] == ["大厅屏"]
    assert kinds.index("service_overrun") > kinds.index("printer_paper_out")  # bad before warn


def test_a_quiet_hall_has_no_alerts(hall, busy):
    assert "wait_over_target" not in [a["kind"] for a in live(hall, busy["center"], "09:15")
                                      ["alerts"]]


def test_reservations_due_within_the_hour(hall, busy):
    due = live(hall, busy["center"], "09:30")["reservations_due"]
    assert [(d["local_time"], d["booked"], d["checked_in"]) for d in due] == [("10:00", 1, 0)]
    assert "phone" not in due[0] and "name" not in due[0]
    assert live(hall, busy["center"], "08:30")["reservations_due"] == []


def test_a_window_that_finished_is_idle_since_then(hall, busy):
    hall.finish(busy["w1"], busy["clerk"], at("09:35"))
    figures = live(hall, busy["center"], "09:40")
    window = next(w for w in figures["windows"] if w["number"] == 1)
    assert window["serving"] is None
    assert window["idle_since"] == at("09:35").astimezone(dt.UTC).isoformat()
    assert window["idle_minutes"] == 5.0
    assert figures["today"]["served"] == 1
    assert figures["today"]["served_per_hour"][9] == 1


def test_a_no_show_goes_back_to_its_original_place(hall, busy):
    center, w1, clerk = busy["center"], busy["w1"], busy["clerk"]
    manager = hall.staff("wang", center, role="manager")
    hall.finish(w1, clerk, at("09:31"))
    assert hall.call(w1, clerk, at("09:32")) == "A002"
    with hall.db.transaction() as s:
        tickets.no_show(session=s, window_id=w1.id, actor=clerk, now=at("09:35"))
    hall.take(center, busy["a"], at("09:36"))
    with hall.db.read() as s:
        ticket = s.scalar(select(Ticket).where(Ticket.number == "A002"))
    assert [n["number"] for n in live(hall, center, "09:37")["no_shows_today"]] == ["A002"]
    with hall.db.transaction() as s:
        back, messages = requeue_no_show(session=s, ticket_id=ticket.id, actor=manager,
                                         now=at("09:40"))
        assert back.state == "waiting" and back.window_id is None
    assert messages[0].type == "ticket.requeued"
    assert messages[0].payload["ahead"] == 0
    assert hall.call(w1, clerk, at("09:41")) == "A002"
    with hall.db.read() as s:
        event = s.scalar(select(Event).where(Event.type == "ticket.requeued"))
        assert event.user_id == manager.user_id and event.ticket_id == ticket.id
    actions = live(hall, center, "09:42")["recent_actions"]
    assert actions[0]["type"] == "ticket.requeued" and actions[0]["number"] == "A002"


def test_only_a_managers_no_show_on_the_same_day(hall, busy):
    center, w1, clerk = busy["center"], busy["w1"], busy["clerk"]
    manager = hall.staff("wang", center, role="manager")
    with hall.db.read() as s:
        serving = s.scalar(select(Ticket).where(Ticket.number == "A001"))
    with hall.db.transaction() as s, pytest.raises(Conflict, match="only a no-show"):
        requeue_no_show(session=s, ticket_id=serving.id, actor=manager, now=at("09:40"))
    hall.finish(w1, clerk, at("09:31"))
    hall.call(w1, clerk, at("09:32"))
    with hall.db.transaction() as s:
        missed = tickets.no_show(session=s, window_id=w1.id, actor=clerk, now=at("09:35"))
    with hall.db.transaction() as s, pytest.raises(Forbidden):
        requeue_no_show(session=s, ticket_id=missed.ticket.id, actor=clerk, now=at("09:40"))
    tomorrow = at("09:00", dt.date(2026, 11, 28))
    with hall.db.transaction() as s, pytest.raises(Conflict, match="day it was issued"):
        requeue_no_show(session=s, ticket_id=missed.ticket.id, actor=manager, now=tomorrow)
