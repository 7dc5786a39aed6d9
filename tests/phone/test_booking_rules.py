"""The rules of booking on a phone: group slots, caps per phone, no-shows, moving, forgetting."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from server.booking import outbox, service
from server.booking import slots as booking_slots
from server.booking.models import OutboxMessage, Reservation
from server.booking.policy import BookingRefused, normalize_phone
from server.errors import Conflict, InvalidRequest, SlotFull
from server.events.models import Event
from tests.hall import at

HOURS = {d: ["09:00", "17:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
FRIDAY = dt.date(2026, 11, 27)
SATURDAY = FRIDAY + dt.timedelta(days=1)


@pytest.fixture
def office(hall):
    center = hall.center(hours=HOURS, slot_minutes=30, slot_capacity=2, grace_minutes=15)
    food = hall.item("food_license", center=center, field="market")
    drug = hall.item("drug_license", center=center, field="market")
    pension = hall.item("pension", center=center, field="community")
    hall.window(center, 1, fields=["market", "community"])
    return center, food, drug, pension


def book(hall, center, item, slot, *, now=None, phone="13800000000", name="王芳"):
    with hall.db.transaction() as s:
        booking, _ = service.book(session=s, center_id=center.id, item_id=item.id,
                                       slot_start=slot, name=name, phone=phone,
                                       now=now or slot - dt.timedelta(days=1))
        return booking


def set_policy(hall, center, **values):
    with hall.db.transaction() as s:
        service.set_policy(session=s, center_id=center.id, values=values)


def slots(hall, center, item, day=FRIDAY, now=None):
    with hall.db.read() as s:
        return {slot.start: slot for slot in booking_slots.list_slots(
            session=s, center_id=center.id, item_id=item.id, day=day,
            now=now or at("08:00", day))}


def sweep(hall, center, now):
    with hall.db.transaction() as s:
        return service.expire_no_shows(session=s, center_id=center.id, now=now)


def texts(hall, reservation_id, **where):
    with hall.db.read() as s:
        query = select(OutboxMessage).where(OutboxMessage.reservation_id == reservation_id)
        for key, value in where.items():
            query = query.where(getattr(OutboxMessage, key) == value)
        return list(s.scalars(query.order_by(OutboxMessage.send_at, OutboxMessage.id)))


def test_a_group_of_items_shares_its_slots_and_their_capacity(hall, office):
    center, food, drug, pension = office
    with hall.db.transaction() as s:
        service.set_slot_rules(session=s, center_id=center.id, rules=[
            {"name": "市场类", "name_en": "Market", "field": "market", "slot_minutes": 20,
             "capacity": 3}])
    market = slots(hall, center, food)
    assert at("09:20") in market and at("09:30") not in market
    assert market[at("09:20")].capacity == 3
    book(hall, center, food, at("09:20"))
    book(hall, center, drug, at("09:20"), phone="13900000001")
    assert slots(hall, center, drug)[at("09:20")].remaining == 1
    book(hall, center, drug, at("09:20"), phone="13900000002")
    with pytest.raises(SlotFull, match="09:20 slot"):
        book(hall, center, food, at("09:20"), phone="13900000003")
    # An item in no rule keeps the center's own half-hour slots, two places each.
    assert slots(hall, center, pension)[at("09:30")].capacity == 2
    with pytest.raises(InvalidRequest, match="not a slot start"):
        book(hall, center, pension, at("09:20"))


def test_a_slot_rule_that_names_an_item_wins_over_its_fields_rule(hall, office):
    center, food, drug, _ = office
    with hall.db.transaction() as s:
        service.set_slot_rules(session=s, center_id=center.id, rules=[
            {"name": "市场类", "field": "market", "slot_minutes": 30, "capacity": 4},
            {"name": "药品", "item_ids": [drug.id], "slot_minutes": 60, "capacity": 1}])
    assert slots(hall, center, drug)[at("10:00")].capacity == 1
    assert at("10:30") not in slots(hall, center, drug)
    assert slots(hall, center, food)[at("10:30")].capacity == 4
    with pytest.raises(InvalidRequest, match="in two slot rules"), hall.db.transaction() as s:
        service.set_slot_rules(session=s, center_id=center.id, rules=[
            {"name": "a", "item_ids": [drug.id], "slot_minutes": 30, "capacity": 1},
            {"name": "b", "item_ids": [drug.id], "slot_minutes": 30, "capacity": 1}])


def test_a_phone_holds_no_more_bookings_a_day_than_the_center_allows(hall, office):
    center, food, _, pension = office
    set_policy(hall, center, phone_daily_cap=1)
    first = book(hall, center, food, at("10:00"), phone="138 0000 0000")
    assert first.phone == "13800000000"
    with pytest.raises(BookingRefused, match="already holds 1 booking"):
        book(hall, center, pension, at("14:00"), phone="+86 138-0000-0000")
    book(hall, center, pension, at("14:00", SATURDAY), phone="13800000000")
    book(hall, center, pension, at("14:00"), phone="13900000000")
    with hall.db.transaction() as s:
        service.cancel(session=s, code=first.code, now=at("08:00"))
    book(hall, center, pension, at("14:00"), phone="13800000000")


def test_repeated_no_shows_block_the_phone_for_a_while(hall, office):
    center, food, _, _ = office
    set_policy(hall, center, no_show_limit=2, no_show_window_days=30, block_days=7)
    for day in (FRIDAY, SATURDAY):
        book(hall, center, food, at("10:00", day))
        sweep(hall, center, at("10:16", day))
    next_week = SATURDAY + dt.timedelta(days=3)
    with pytest.raises(BookingRefused, match="can book again from 2026-12-06"):
        book(hall, center, food, at("10:00", next_week), now=at("12:00", SATURDAY))
    # Another phone books as usual; the blocked one can book again when the block ends.
    book(hall, center, food, at("10:00", next_week), phone="13900000000",
         now=at("12:00", SATURDAY))
    monday = dt.date(2026, 12, 7)
    with pytest.raises(BookingRefused):
        book(hall, center, food, at("10:00", monday), now=at("23:59", dt.date(2026, 12, 5)))
    book(hall, center, food, at("10:00", monday), now=at("00:00", dt.date(2026, 12, 6)))


def test_a_booking_not_checked_in_by_the_end_of_its_grace_period_is_a_no_show(hall, office):
    center, food, _, _ = office
    missed = book(hall, center, food, at("10:00"), now=at("08:00"))
    kept = book(hall, center, food, at("10:00"), now=at("08:00"), phone="13900000000")
    with hall.db.transaction() as s:
        service.check_in(session=s, center_id=center.id, code=kept.code, now=at("09:55"))
    assert sweep(hall, center, at("10:15")) == []
    messages = sweep(hall, center, at("10:16"))
    assert [m.type for m in messages] == ["reservation.no_show"]
    assert "王" not in str(messages[0].payload) and "1380" not in str(messages[0].payload)
    with hall.db.read() as s:
        assert s.get(Reservation, missed.id).state == "no_show"
        assert s.get(Reservation, kept.id).state == "checked_in"
        assert s.scalar(select(Event.type).where(Event.type == "reservation.no_show"))
    assert sweep(hall, center, at("11:00")) == []
    with pytest.raises(Conflict, match="lapsed; please take a number"), \
            hall.db.transaction() as s:
        service.check_in(session=s, center_id=center.id, code=missed.code, now=at("10:20"))
    (notice,) = texts(hall, missed.id, kind="no_show")
    assert "未按时签到" in notice.text and notice.phone == "13800000000"
    assert all(t.state == "void" for t in texts(hall, missed.id, kind="reminder"))


def test_moving_a_booking_keeps_its_code_and_frees_the_old_slot(hall, office):
    center, food, _, _ = office
    booking = book(hall, center, food, at("10:00"))
    book(hall, center, food, at("11:00"), phone="13900000001")
    book(hall, center, food, at("11:00"), phone="13900000002")
    with pytest.raises(SlotFull), hall.db.transaction() as s:
        service.move(session=s, code=booking.code, slot_start=at("11:00"), now=at("08:00"))
    with hall.db.transaction() as s:
        moved, messages = service.move(session=s, code=booking.code.lower(),
                                       slot_start=at("14:30"), now=at("08:00"))
        assert moved.code == booking.code and moved.slot_start == at("14:30")
    assert messages[0].type == "reservation.moved"
    assert dt.datetime.fromisoformat(messages[0].payload["from_slot_start"]) == at("10:00")
    assert slots(hall, center, food)[at("10:00")].remaining == 2
    assert slots(hall, center, food)[at("14:30")].remaining == 1
    with pytest.raises(Conflict, match="time has passed"), hall.db.transaction() as s:
        service.move(session=s, code=booking.code, slot_start=at("16:30"), now=at("14:46"))
    with pytest.raises(Conflict, match="time has passed"), hall.db.transaction() as s:
        service.cancel(session=s, code=booking.code, now=at("14:46"))


def test_every_booking_change_and_reminder_lands_in_the_outbox(hall, office):
    center, food, _, _ = office
    booking = book(hall, center, food, at("10:00", SATURDAY), now=at("12:00"))
    sent = texts(hall, booking.id)
    assert [(t.kind, t.send_at) for t in sent] == [
        ("booked", at("12:00")), ("reminder", at("18:00")), ("reminder", at("09:00", SATURDAY))]
    assert booking.code in sent[0].text and "11月28日(周六) 10:00" in sent[0].text
    assert "Sat 28 Nov 10:00" in sent[0].text_en and "王" not in sent[0].text
    with hall.db.transaction() as s:
        service.move(session=s, code=booking.code, slot_start=at("15:00", SATURDAY),
                     now=at("13:00"))
    assert [(t.kind, t.state) for t in texts(hall, booking.id, kind="reminder")] == [
        ("reminder", "void"), ("reminder", "pending"), ("reminder", "void"),
        ("reminder", "pending")]
    with hall.db.transaction() as s:
        service.cancel(session=s, code=booking.code, now=at("19:00"))
    assert [t.kind for t in texts(hall, booking.id, state="pending")] == [
        "booked", "moved", "cancelled"]
    # An adapter sends what is due and marks it; later reads do not repeat it.
    with hall.db.transaction() as s:
        due = outbox.due(session=s, now=at("19:00"))
        assert [t.kind for t in due] == ["booked", "moved", "cancelled"]
        assert outbox.mark_sent(session=s, ids=[t.id for t in due], now=at("19:01")) == 3
    with hall.db.read() as s:
        assert outbox.due(session=s, now=at("23:00", SATURDAY)) == []


def test_checking_in_stops_the_reminders(hall, office):
    center, food, _, _ = office
    booking = book(hall, center, food, at("11:00"), now=at("08:00"))
    assert [t.send_at for t in texts(hall, booking.id, kind="reminder")] == [at("10:00")]
    with hall.db.transaction() as s:
        service.check_in(session=s, center_id=center.id, code=booking.code, now=at("09:30"))
    assert [t.state for t in texts(hall, booking.id, kind="reminder")] == ["void"]


def test_names_and_phones_are_erased_after_the_visit_day_and_the_retention(hall, office):
    center, food, _, pension = office
    visited = book(hall, center, food, at("10:00"), now=at("08:00"))
    with hall.db.transaction() as s:
        service.check_in(session=s, center_id=center.id, code=visited.code, now=at("09:50"))
    cancelled = book(hall, center, pension, at("11:00"), now=at("08:00"), phone="13900000000")
    with hall.db.transaction() as s:
        service.cancel(session=s, code=cancelled.code, now=at("08:30"))

    def purge(now):
        with hall.db.transaction() as s:
            return service.purge_personal_data(session=s, now=now, retention_days=7)

    assert purge(at("23:59", FRIDAY + dt.timedelta(days=7))) == 0
    assert purge(at("00:00", FRIDAY + dt.timedelta(days=8))) == 2
    with hall.db.read() as s:
        for rid in (visited.id, cancelled.id):
            erased = s.get(Reservation, rid)
            assert (erased.name, erased.phone) == ("", "")
        assert {t.phone for t in s.scalars(select(OutboxMessage))} == {""}
        assert s.get(Reservation, visited.id).ticket_id is not None


def test_a_no_show_keeps_its_phone_only_while_it_can_count_toward_a_block(hall, office):
    center, food, _, _ = office
    set_policy(hall, center, no_show_limit=3, no_show_window_days=30, block_days=10)
    missed = book(hall, center, food, at("10:00"), now=at("08:00"))
    sweep(hall, center, at("10:30"))
    with hall.db.transaction() as s:
        assert service.purge_personal_data(session=s, now=at("12:00", FRIDAY + dt.timedelta(
            days=20)), retention_days=7) == 0
    with hall.db.transaction() as s:
        assert service.purge_personal_data(session=s, now=at("12:00", FRIDAY + dt.timedelta(
            days=40)), retention_days=7) == 1
    with hall.db.read() as s:
        assert s.get(Reservation, missed.id).phone == ""


def test_bookings_open_only_as_far_ahead_as_the_center_allows(hall, office):
    center, food, _, _ = office
    set_policy(hall, center, horizon_days=7)
    book(hall, center, food, at("10:00", FRIDAY + dt.timedelta(days=7)), now=at("08:00"))
    with pytest.raises(InvalidRequest, match=r"open 7 days ahead.*2026-12-04"):
        book(hall, center, food, at("10:00", FRIDAY + dt.timedelta(days=8)), now=at("08:00"))
    with hall.db.read() as s:
        days = booking_slots.booking_days(session=s, center_id=center.id, item_id=food.id,
                                    now=at("08:00"))
    assert [d.date for d in days][-1] == FRIDAY + dt.timedelta(days=7)
    assert slots(hall, center, food, FRIDAY + dt.timedelta(days=8), now=at("08:00")) == {}


def test_the_day_picker_shows_holidays_closed_and_what_is_left(hall):
    center = hall.center(hours=HOURS, special_days={"2026-11-28": None,
                                                     "2026-11-29": ["09:00", "10:00"]},
                         slot_minutes=30, slot_capacity=2)
    food = hall.item("food_license", center=center, field="market")
    book(hall, center, food, at("09:30", dt.date(2026, 11, 29)))
    with hall.db.read() as s:
        days = booking_slots.booking_days(session=s, center_id=center.id, item_id=food.id,
                                    now=at("16:10"), count=3)
    assert [(d.date.day, d.open, d.slots, d.remaining) for d in days] == [
        (27, True, 1, 2), (28, False, 0, 0), (29, True, 2, 3)]


def test_any_center_that_offers_the_item_can_be_booked(hall):
    district = hall.center(hours=HOURS, name="静安区中心")
    community = hall.center(hours=HOURS, name="彭浦中心")
    elsewhere = hall.center(hours=HOURS)
    pension = hall.item("pension", center=district)
    with hall.db.transaction() as s:
        from server.centers.models import CenterItem

        s.add(CenterItem(center_id=community.id, item_id=pension.id))
    with hall.db.read() as s:
        offering = booking_slots.centers_offering(session=s, item_id=pension.id)
        items = dict((i.id, ids) for i, ids in booking_slots.bookable_items(session=s))
    assert [c.id for c in offering] == [district.id, community.id]
    assert elsewhere.id not in items[pension.id]
    book(hall, community, pension, at("10:00"))


@pytest.mark.parametrize(("raw", "kept"), [
    ("138 0013 8000", "13800138000"), ("+86 138-0013-8000", "13800138000"),
    ("0086 13800138000", "13800138000"), ("021-6123 4567", "02161234567"),
    ("+44 20 7946 0000", "+442079460000")])
def test_one_phone_is_one_key_however_it_is_written(raw, kept):
    assert normalize_phone(raw) == kept


def test_a_phone_number_that_is_not_one_is_refused():
    with pytest.raises(InvalidRequest, match="7 to 20 digits"):
        normalize_phone("12ab")
