"""Ticket numbers: a prefix per queue, a sequence per center and day, never reused that day."""

from __future__ import annotations

import datetime as dt

from tests.hall import at


def test_each_queue_counts_on_its_own_prefix(hall):
    center = hall.center()
    pension = hall.item("pension", center=center, prefix="A")
    card = hall.item("card", center=center, department="social", routing="specialized",
                     prefix="S")
    hall.window(center, 1, fields=["community"])
    hall.window(center, 2, kind="specialized", department="social")
    taken = [hall.take(center, item, at("09:00")).ticket.number
             for item in (pension, card, pension, card, pension)]
    assert taken == ["A001", "S001", "A002", "S002", "A003"]


def test_numbers_start_again_the_next_local_day(hall):
    center = hall.center()
    pension = hall.item("pension", center=center)
    hall.window(center, 1, fields=["community"])
    assert hall.take(center, pension, at("23:59")).ticket.number == "A001"
    assert hall.take(center, pension, at("23:59")).ticket.number == "A002"
    # Midnight in Shanghai is 16:00 UTC: the new day starts at the center's midnight.
    next_day = at("00:01", dt.date(2026, 11, 28))
    assert hall.take(center, pension, next_day).ticket.number == "A001"


def test_a_cancelled_or_finished_number_is_never_given_again_that_day(hall):
    center = hall.center()
    pension = hall.item("pension", center=center)
    w1 = hall.window(center, 1, fields=["community"])
    li = hall.staff("li", center)
    hall.open(w1, li)
    first = hall.take(center, pension, at("09:00")).ticket.number
    hall.serve(w1, li, at("09:01"))
    assert hall.take(center, pension, at("09:02")).ticket.number != first


def test_two_centers_number_independently(hall):
    a, b = hall.center(), hall.center()
    for center in (a, b):
        item = hall.item("pension", center=center)
        hall.window(center, 1, fields=["community"])
        assert hall.take(center, item, at("09:00")).ticket.number == "A001"
