"""Nobody cuts the line: one follow-up per finished service, by its holder, and the
longest-wait rule counts from when this ticket was taken."""

from __future__ import annotations

import pytest

from server.errors import Conflict
from tests.engine.test_dispatch_order import book_and_check_in
from tests.hall import at


@pytest.fixture
def desk(hall):
    center = hall.center(grace_minutes=15, max_wait_minutes=90)
    pension = hall.item("pension", center=center)
    w1 = hall.window(center, 1, fields=["community"])
    li = hall.staff("li", center)
    hall.open(w1, li)
    return hall, center, pension, w1, li


def test_a_follow_up_taken_late_does_not_go_before_a_reservation_whose_slot_began(desk):
    hall, center, pension, w1, li = desk
    first_visit = hall.take(center, pension, at("08:00")).ticket
    assert hall.serve(w1, li, at("08:05")) == first_visit.number
    booked = book_and_check_in(hall, center, pension, slot=at("11:00"), arrive=at("10:55"))
    follow_up = hall.take(center, pension, at("11:00"), follow_up_of=first_visit.token).ticket
    assert hall.serve(w1, li, at("11:01")) == booked
    assert hall.serve(w1, li, at("11:02")) == follow_up.number


def test_a_follow_up_that_has_waited_too_long_itself_is_served_next(desk):
    hall, center, pension, w1, li = desk
    first_visit = hall.take(center, pension, at("08:00")).ticket
    hall.serve(w1, li, at("08:05"))
    follow_up = hall.take(center, pension, at("09:00"), follow_up_of=first_visit.token).ticket
    book_and_check_in(hall, center, pension, slot=at("10:30"), arrive=at("10:29"))
    assert hall.serve(w1, li, at("10:31")) == follow_up.number


def test_one_follow_up_per_finished_service(desk):
    hall, center, pension, w1, li = desk
    first_visit = hall.take(center, pension, at("08:00")).ticket
    hall.serve(w1, li, at("08:05"))
    hall.take(center, pension, at("09:00"), follow_up_of=first_visit.token)
    with pytest.raises(Conflict, match="already"):
        hall.take(center, pension, at("09:01"), follow_up_of=first_visit.token)


def test_a_waiting_ticket_cannot_be_followed_up(desk):
    hall, center, pension, w1, li = desk
    waiting = hall.take(center, pension, at("08:00")).ticket
    with pytest.raises(Conflict, match="finished service"):
        hall.take(center, pension, at("08:01"), follow_up_of=waiting.token)
