"""Who is next at a window, in the dispatch order of docs/design.md."""

from __future__ import annotations

import datetime as dt

import pytest

from server.booking import service as reservations
from tests.hall import at


@pytest.fixture
def desk(hall):
    """A community center with one comprehensive window open and clerk Li at it."""
    center = hall.center(grace_minutes=15, max_wait_minutes=90)
    pension = hall.item("pension", center=center)
    insurance = hall.item("insurance", center=center)
    w1 = hall.window(center, 1, fields=["community"])
    li = hall.staff("li", center)
    hall.open(w1, li)
    return hall, center, pension, insurance, w1, li


def book_and_check_in(hall, center, item, *, slot: dt.datetime, arrive: dt.datetime) -> str:
    with hall.db.transaction() as s:
        booking, _ = reservations.book(session=s, center_id=center.id, item_id=item.id,
                                       slot_start=slot, name="王芳", phone="13800000000",
                                       now=slot - dt.timedelta(days=1))
    with hall.db.transaction() as s:
        issued = reservations.check_in(session=s, center_id=center.id, code=booking.code,
                                       now=arrive)
        return issued.ticket.number


def test_walk_ins_are_served_first_come_first_served(desk):
    hall, center, pension, insurance, w1, li = desk
    first = hall.take(center, pension, at("09:00")).ticket.number
    second = hall.take(center, insurance, at("09:01")).ticket.number
    third = hall.take(center, pension, at("09:02")).ticket.number
    assert [hall.serve(w1, li, at("09:10")) for _ in range(3)] == [first, second, third]
    assert hall.call(w1, li, at("09:11")) is None


def test_a_checked_in_reservation_whose_slot_began_goes_first(desk):
    hall, center, pension, insurance, w1, li = desk
    walk_in = hall.take(center, pension, at("09:00")).ticket.number
    booked = book_and_check_in(hall, center, insurance, slot=at("09:30"), arrive=at("09:25"))
    assert booked.startswith("R")
    assert hall.serve(w1, li, at("09:31")) == booked
    assert hall.serve(w1, li, at("09:32")) == walk_in


def test_an_early_reservation_waits_for_its_slot_to_begin(desk):
    hall, center, pension, insurance, w1, li = desk
    booked = book_and_check_in(hall, center, insurance, slot=at("10:00"), arrive=at("09:05"))
    walk_in = hall.take(center, pension, at("09:06")).ticket.number
    # Before 10:00 the booking stands in line by its arrival, like a walk-in.
    assert hall.serve(w1, li, at("09:20")) == booked  # it came first anyway
    later = book_and_check_in(hall, center, insurance, slot=at("10:00"), arrive=at("09:07"))
    assert hall.serve(w1, li, at("09:30")) == walk_in
    assert hall.serve(w1, li, at("09:31")) == later


def test_before_its_slot_a_reservation_does_not_jump_the_line(desk):
    hall, center, pension, insurance, w1, li = desk
    walk_in = hall.take(center, pension, at("09:00")).ticket.number
    booked = book_and_check_in(hall, center, insurance, slot=at("10:00"), arrive=at("09:05"))
    assert hall.serve(w1, li, at("09:30")) == walk_in
    assert hall.serve(w1, li, at("09:31")) == booked


def test_a_reservation_checked_in_after_the_grace_period_is_served_as_a_walk_in(desk):
    hall, center, pension, insurance, w1, li = desk
    walk_in = hall.take(center, pension, at("09:40")).ticket.number
    late = book_and_check_in(hall, center, insurance, slot=at("09:00"), arrive=at("09:16"))
    on_time = book_and_check_in(hall, center, insurance, slot=at("09:30"), arrive=at("09:45"))
    # on_time arrived exactly at slot + 15 min grace: still first.
    assert hall.serve(w1, li, at("09:50")) == on_time
    # late arrived 16 minutes after its slot: a walk-in, in line by its check-in time.
    assert hall.serve(w1, li, at("09:51")) == late
    assert hall.serve(w1, li, at("09:52")) == walk_in


def test_earlier_slots_go_before_later_ones(desk):
    hall, center, pension, insurance, w1, li = desk
    ten = book_and_check_in(hall, center, insurance, slot=at("10:00"), arrive=at("09:50"))
    half_nine = book_and_check_in(hall, center, insurance, slot=at("09:30"), arrive=at("09:44"))
    assert hall.serve(w1, li, at("10:01")) == half_nine
    assert hall.serve(w1, li, at("10:02")) == ten


def test_priority_residents_go_before_other_walk_ins_but_after_transfers(desk):
    hall, center, pension, insurance, w1, li = desk
    follow_up_origin = hall.take(center, pension, at("08:50")).ticket
    assert hall.serve(w1, li, at("08:55")) == follow_up_origin.number
    plain = hall.take(center, pension, at("09:00")).ticket.number
    elderly = hall.take(center, pension, at("09:05"), priority="elderly").ticket.number
    follow_up = hall.take(center, pension, at("09:07"),
                          follow_up_of=follow_up_origin.token).ticket.number
    assert hall.serve(w1, li, at("09:10")) == follow_up
    assert hall.serve(w1, li, at("09:11")) == elderly
    assert hall.serve(w1, li, at("09:12")) == plain


def test_a_transfer_keeps_its_original_place(desk):
    hall, center, pension, insurance, w1, li = desk
    from server.tickets import service as tickets

    w2 = hall.window(center, 2, items=[insurance])
    chen = hall.staff("chen", center)
    hall.open(w2, chen)
    zhao = hall.take(center, pension, at("09:00")).ticket.number
    assert hall.call(w1, li, at("09:01")) == zhao
    qian = hall.take(center, insurance, at("09:02")).ticket.number
    sun = hall.take(center, insurance, at("09:03"), priority="elderly").ticket.number
    with hall.db.transaction() as s:
        moved = tickets.transfer(session=s, window_id=w1.id, actor=li, now=at("09:05"),
                                 reason="needs insurance too", item_id=insurance.id).ticket
    assert moved.source == "transfer" and moved.number == zhao
    # Zhao came at 09:00, so the transfer is served before Qian (09:02) and the elderly Sun.
    assert hall.serve(w2, chen, at("09:06")) == moved.number
    assert hall.serve(w2, chen, at("09:07")) == sun
    assert hall.serve(w2, chen, at("09:08")) == qian


def test_no_ticket_waits_longer_than_the_maximum(desk):
    hall, center, pension, insurance, w1, li = desk
    starving = hall.take(center, pension, at("08:00")).ticket.number
    elderly = hall.take(center, pension, at("09:00"), priority="elderly").ticket.number
    # At 09:29 the 08:00 walk-in has waited 89 minutes: the elderly resident goes first.
    assert hall.serve(w1, li, at("09:29")) == elderly
    another = hall.take(center, pension, at("09:29"), priority="elderly").ticket.number
    # At 09:30 it has waited the center's maximum of 90: it is next, whatever the class.
    assert hall.serve(w1, li, at("09:30")) == starving
    assert hall.serve(w1, li, at("09:31")) == another


def test_a_window_calls_only_the_items_it_serves(desk):
    hall, center, pension, insurance, w1, li = desk
    card = hall.item("card", center=center, department="social", routing="specialized",
                     prefix="S")
    w2 = hall.window(center, 2, kind="specialized", department="social")
    chen = hall.staff("chen", center)
    hall.open(w2, chen)
    card_ticket = hall.take(center, card, at("09:00")).ticket.number
    pension_ticket = hall.take(center, pension, at("09:01")).ticket.number
    assert card_ticket.startswith("S")
    assert hall.serve(w1, li, at("09:02")) == pension_ticket
    assert hall.call(w1, li, at("09:03")) is None
    assert hall.serve(w2, chen, at("09:04")) == card_ticket


def test_yesterdays_leftovers_are_not_called_today(desk):
    hall, center, pension, insurance, w1, li = desk
    hall.take(center, pension, at("16:50", dt.date(2026, 11, 26)))
    today = hall.take(center, pension, at("09:00")).ticket
    assert today.number == "A001"
    assert hall.take(center, pension, at("09:01")).placement.ahead == 1
    assert hall.serve(w1, li, at("09:05")) == "A001"
    assert hall.serve(w1, li, at("09:06")) == "A002"
    assert hall.call(w1, li, at("09:07")) is None
