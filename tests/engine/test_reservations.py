"""Booking a slot, cancelling it, checking in at the kiosk."""

from __future__ import annotations

import datetime as dt

import pytest

from server.booking import service as reservations
from server.booking import slots as booking_slots
from server.errors import AlreadyCheckedIn, CenterClosed, Conflict, InvalidRequest, SlotFull
from tests.hall import at

WEEKDAYS = {d: ["09:00", "17:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.fixture
def office(hall):
    center = hall.center(hours=WEEKDAYS, slot_minutes=30, slot_capacity=2)
    pension = hall.item("pension", center=center)
    hall.window(center, 1, fields=["community"])
    return center, pension


def book(hall, center, item, slot, *, now=None, name="王芳", phone="13800000000"):
    with hall.db.transaction() as s:
        booking, _ = reservations.book(session=s, center_id=center.id, item_id=item.id,
                                       slot_start=slot, name=name, phone=phone,
                                       now=now or slot - dt.timedelta(days=1))
        return booking


def test_a_slot_holds_its_capacity(hall, office):
    center, pension = office
    book(hall, center, pension, at("10:00"))
    book(hall, center, pension, at("10:00"))
    with pytest.raises(SlotFull, match=r"10:00 slot .* is full"):
        book(hall, center, pension, at("10:00"))
    with hall.db.read() as s:
        slots = booking_slots.list_slots(session=s, center_id=center.id, item_id=pension.id,
                                        day=dt.date(2026, 11, 27), now=at("08:00"))
    by_start = {slot.start: slot for slot in slots}
    assert by_start[at("10:00")].remaining == 0
    assert by_start[at("10:30")].remaining == 2
    assert slots[0].start == at("09:00") and slots[-1].start == at("16:30")


def test_a_cancelled_booking_frees_its_place(hall, office):
    center, pension = office
    first = book(hall, center, pension, at("10:00"))
    book(hall, center, pension, at("10:00"))
    with hall.db.transaction() as s:
        reservations.cancel(session=s, code=first.code, now=at("08:00"))
    book(hall, center, pension, at("10:00"))
    with pytest.raises(Conflict), hall.db.transaction() as s:
        reservations.cancel(session=s, code=first.code, now=at("08:00"))


def test_bookings_outside_hours_or_off_the_grid_are_refused(hall, office):
    center, pension = office
    with pytest.raises(InvalidRequest, match="not a slot start"):
        book(hall, center, pension, at("18:00"))
    with pytest.raises(InvalidRequest, match="not a slot start"):
        book(hall, center, pension, at("10:10"))
    with pytest.raises(InvalidRequest, match="over"):
        book(hall, center, pension, at("10:00"), now=at("11:00"))


def test_a_holiday_has_no_slots(hall):
    center = hall.center(hours=WEEKDAYS, special_days={"2026-11-28": None})
    pension = hall.item("pension", center=center)
    with hall.db.read() as s:
        assert booking_slots.list_slots(session=s, center_id=center.id, item_id=pension.id,
                                       day=dt.date(2026, 11, 28), now=at("08:00")) == []


def test_checking_in_turns_the_booking_into_a_reservation_ticket(hall, office):
    center, pension = office
    booking = book(hall, center, pension, at("10:00"))
    with hall.db.transaction() as s:
        issued = reservations.check_in(session=s, center_id=center.id, code=booking.code.lower(),
                                       now=at("09:50"))
        ticket = issued.ticket
        assert ticket.source == "reservation" and ticket.number == "R001"
        assert ticket.priority_from == at("10:00")
    with pytest.raises(AlreadyCheckedIn), hall.db.transaction() as s:
        reservations.check_in(session=s, center_id=center.id, code=booking.code, now=at("09:51"))


def test_a_booking_checks_in_only_on_its_day_at_its_center(hall, office):
    center, pension = office
    other = hall.center(hours=WEEKDAYS)
    booking = book(hall, center, pension, at("10:00"))
    with pytest.raises(Conflict, match="check in on that day"), hall.db.transaction() as s:
        reservations.check_in(session=s, center_id=center.id, code=booking.code,
                              now=at("10:00") - dt.timedelta(days=1))
    with pytest.raises(Conflict, match="not this center"), hall.db.transaction() as s:
        reservations.check_in(session=s, center_id=other.id, code=booking.code, now=at("09:55"))


def test_tickets_are_refused_when_the_center_is_closed(hall, office):
    center, pension = office
    with pytest.raises(CenterClosed, match="open today from 09:00 to 17:00"):
        hall.take(center, pension, at("18:30"))
    assert hall.take(center, pension, at("09:00")).ticket.number == "A001"
