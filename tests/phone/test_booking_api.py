"""The booking API as a phone page (or an outside check) uses it."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from server.booking.models import Reservation
from server.booking.sweeper import sweep
from tests.conftest import app_config

HOURS = {d: ["09:00", "17:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def tomorrow() -> dt.date:
    return dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8))).date() + \
        dt.timedelta(days=1)


@pytest.fixture
def office(app_hall):
    day = tomorrow()
    center = app_hall.center(hours=HOURS, slot_minutes=30, slot_capacity=2,
                             special_days={(day + dt.timedelta(days=1)).isoformat(): None})
    pension = app_hall.item("pension", center=center, field="community")
    card = app_hall.item("card", center=center, field="community")
    app_hall.window(center, 1, fields=["community"])
    manager = app_hall.staff("wang", center, role="manager")
    clerk = app_hall.staff("li", center)
    return center, pension, card, manager, clerk, day


def headers(client, role_actor, app_hall) -> dict:
    from server.accounts.models import User

    with app_hall.db.read() as s:
        name = s.get(User, role_actor.user_id).username
    token = client.post("/api/v1/auth/token",
                        json={"username": name, "password": "secret1"}).json["token"]
    return {"Authorization": f"Bearer {token}"}


def book(client, center, item, start, phone="13800138000", name="王芳"):
    return client.post(f"/api/v1/centers/{center.id}/reservations",
                       json={"item_id": item.id, "slot_start": start, "name": name,
                             "phone": phone})


def slots(client, center, item, day):
    r = client.get(f"/api/v1/centers/{center.id}/slots?item_id={item.id}&date={day}")
    assert r.status_code == 200, r.json
    return r.json


def test_slots_say_start_capacity_and_remaining_and_a_full_slot_answers_409(client, office):
    center, pension, _, _, _, day = office
    listed = slots(client, center, pension, day)
    assert listed[0] == {"start": f"{day}T09:00:00+08:00", "capacity": 2, "remaining": 2}
    assert book(client, center, pension, listed[0]["start"]).status_code == 201
    assert book(client, center, pension, listed[0]["start"], "13900000000").status_code == 201
    full = book(client, center, pension, listed[0]["start"], "13700000000")
    assert full.status_code == 409 and full.json["error"] == "slot_full"
    assert "09:00 slot" in full.json["message"] and "choose another" in full.json["message"]
    assert slots(client, center, pension, day)[0]["remaining"] == 0


def test_the_day_picker_and_the_centers_that_offer_an_item(client, office):
    center, pension, _, _, _, day = office
    days = client.get(f"/api/v1/centers/{center.id}/booking-days?item_id={pension.id}"
                      f"&from={day}&days=2").json
    assert [(d["date"], d["open"], d["remaining"], d["slot_minutes"]) for d in days] == [
        (day.isoformat(), True, 32, 30), ((day + dt.timedelta(days=1)).isoformat(), False, 0, 30)]
    items = {i["id"]: i for i in client.get("/api/v1/booking/items").json}
    assert items[pension.id]["center_ids"] == [center.id]
    offering = client.get(f"/api/v1/items/{pension.id}/centers").json
    assert [c["id"] for c in offering] == [center.id]
    missing = client.get("/api/v1/items/99999/centers")
    assert missing.status_code == 404 and "no item 99999" in missing.json["message"]


def test_a_booking_by_its_code_shows_masked_details_and_scannable_codes(client, office):
    center, pension, _, _, _, day = office
    start = slots(client, center, pension, day)[2]["start"]
    code = book(client, center, pension, start, phone="+86 138 0013 8000",
                name="欧阳娜娜").json["code"]
    detail = client.get(f"/api/v1/booking/reservations/{code.lower()}").json
    assert (detail["name"], detail["phone"]) == ("欧***", "138****8000")
    assert detail["center"]["name"] == "测试中心" and detail["item"]["name"] == "pension"
    assert detail["slot_start"] == f"{day}T10:00:00+08:00"
    assert detail["slot_end"] == f"{day}T10:30:00+08:00"
    assert detail["check_in_until"] == f"{day}T10:15:00+08:00"
    assert detail["changeable"] is True and detail["ticket_token"] is None
    for kind in ("barcode", "qr"):
        r = client.get(f"/api/v1/reservations/{code}/{kind}.svg")
        assert r.status_code == 200 and r.mimetype == "image/svg+xml"
        assert b"<svg" in r.data
    assert client.get("/api/v1/reservations/NOSUCH12/qr.svg").status_code == 404


def test_a_code_as_displayed_with_its_space_is_found(client, office):
    center, pension, _, _, _, day = office
    code = book(client, center, pension, slots(client, center, pension, day)[0]["start"]
                ).json["code"]
    shown = f"{code[:4]} {code[4:]}"
    assert client.get(f"/api/v1/reservations/{shown}").json["code"] == code
    page = client.get(f"/book/r/{code[:4]}%20{code[4:]}")
    assert page.status_code == 200 and f'data-code="{code}"'.encode() in page.data


def test_a_moved_booking_speaks_one_offset_everywhere(client, office, app_hall):
    from sqlalchemy import select

    from server.events.models import Event

    center, pension, _, _, _, day = office
    listed = slots(client, center, pension, day)
    code = book(client, center, pension, listed[0]["start"]).json["code"]
    assert client.get(f"/api/v1/reservations/{code}").json["slot_start"].endswith("+08:00")
    moved = client.post(f"/api/v1/reservations/{code}/move",
                        json={"slot_start": listed[3]["start"], "phone_last4": "8000"}).json
    assert moved["slot_start"] == listed[3]["start"]
    with app_hall.db.read() as s:
        payload = s.scalars(select(Event.data).where(Event.type == "reservation.moved")).one()
    assert payload["slot_start"] == listed[3]["start"]
    assert payload["from_slot_start"] == listed[0]["start"]


def test_bookable_items_carry_pinyin_for_search(client, app_hall):
    center = app_hall.center()
    app_hall.item("居住证签注", center=center)
    items = client.get("/api/v1/booking/items").json
    found = next(i for i in items if i["name"] == "居住证签注")
    assert (found["pinyin"], found["initials"]) == ("juzhuzhengqianzhu", "jzzqz")


def test_moving_a_booking_through_the_api(client, office):
    center, pension, _, _, _, day = office
    listed = slots(client, center, pension, day)
    code = book(client, center, pension, listed[0]["start"]).json["code"]
    book(client, center, pension, listed[1]["start"], "13900000001")
    book(client, center, pension, listed[1]["start"], "13900000002")
    full = client.post(f"/api/v1/reservations/{code}/move",
                       json={"slot_start": listed[1]["start"], "phone_last4": "8000"})
    assert full.status_code == 409 and full.json["error"] == "slot_full"
    naive = client.post(f"/api/v1/reservations/{code}/move",
                        json={"slot_start": f"{day}T11:00:00", "phone_last4": "8000"})
    assert naive.status_code in (400, 422) and "+08:00" in naive.json["message"]
    moved = client.post(f"/api/v1/reservations/{code}/move",
                        json={"slot_start": listed[4]["start"], "phone_last4": "8000"})
    assert moved.status_code == 200 and moved.json["code"] == code
    assert dt.datetime.fromisoformat(moved.json["slot_start"]) == \
        dt.datetime.fromisoformat(listed[4]["start"])
    assert client.delete(f"/api/v1/reservations/{code}",
                         json={"phone_last4": "8000"}).status_code == 200
    again = client.post(f"/api/v1/reservations/{code}/move",
                        json={"slot_start": listed[5]["start"], "phone_last4": "8000"})
    assert again.status_code == 409 and "cancelled" in again.json["message"]


def test_only_a_manager_of_the_center_changes_its_booking_rules(client, office, app_hall):
    center, pension, card, manager, clerk, day = office
    url = f"/api/v1/centers/{center.id}/booking-policy"
    assert client.get(url).json["phone_daily_cap"] == 0
    assert client.put(url, json={"phone_daily_cap": 1}).status_code == 401
    staff = headers(client, clerk, app_hall)
    assert client.put(url, json={"phone_daily_cap": 1}, headers=staff).status_code == 403
    boss = headers(client, manager, app_hall)
    bad = client.put(url, json={"reminder_evening": "25:00"}, headers=boss)
    assert bad.status_code in (400, 422) and "HH:MM" in bad.json["message"]
    r = client.put(url, json={"phone_daily_cap": 1, "no_show_limit": 3}, headers=boss)
    assert r.status_code == 200 and r.json["phone_daily_cap"] == 1
    assert r.json["no_show_limit"] == 3 and r.json["block_days"] == 30
    listed = slots(client, center, pension, day)
    assert book(client, center, pension, listed[0]["start"]).status_code == 201
    capped = book(client, center, card, listed[3]["start"], phone="138-0013-8000")
    assert capped.status_code == 409 and capped.json["error"] == "booking_refused"
    assert capped.json["detail"] == {"cap": 1}

    rules = f"/api/v1/centers/{center.id}/slot-rules"
    wrong = client.put(rules, headers=boss, json={"rules": [
        {"name": "x", "item_ids": [99999], "slot_minutes": 30, "capacity": 3}]})
    assert wrong.status_code == 400 and "not served" in wrong.json["message"]
    set_ = client.put(rules, headers=boss, json={"rules": [
        {"name": "社区事务", "name_en": "Community", "field": "community", "slot_minutes": 60,
         "capacity": 5}]})
    assert set_.status_code == 200 and set_.json[0]["capacity"] == 5
    assert client.get(rules).json == set_.json
    hourly = slots(client, center, card, day)
    assert [s["start"][11:16] for s in hourly[:2]] == ["09:00", "10:00"]
    assert hourly[0]["capacity"] == 5 and hourly[0]["remaining"] == 4


@pytest.fixture
def limited(tmp_path):
    """An app whose booking limits are on: two per phone, five per client."""
    from server import create_app
    from server.extensions import db

    app = create_app(app_config(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_BOOKING="5 per minute",
                                RATELIMIT_BOOKING_PHONE="2 per hour"))
    with app.app_context():
        db.database.create_all()
    yield app
    app.extensions["qms_db"].dispose()


def test_booking_is_rate_limited_per_phone_and_per_client(limited):
    from tests.hall import Hall

    hall = Hall(limited.extensions["qms_db"])
    center = hall.center(hours=HOURS, slot_capacity=50)
    pension = hall.item("pension", center=center)
    client = limited.test_client()
    start = slots(client, center, pension, tomorrow())[0]["start"]
    assert book(client, center, pension, start, "13800138000").status_code == 201
    assert book(client, center, pension, start, "138 0013 8000").status_code == 201
    third = book(client, center, pension, start, "+86 13800138000")
    assert third.status_code == 429 and "this phone number" in third.json["message"]
    assert book(client, center, pension, start, "13900000000").status_code == 201
    assert book(client, center, pension, start, "13700000000").status_code == 201
    sixth = book(client, center, pension, start, "13600000000")
    assert sixth.status_code == 429 and "from this device" in sixth.json["message"]


def test_without_rate_limits_many_bookings_from_one_client_go_through(client, office):
    center, pension, _, _, _, day = office
    listed = slots(client, center, pension, day)
    answers = [book(client, center, pension, listed[i // 2]["start"], f"1380000{i:04d}")
               for i in range(12)]
    assert [a.status_code for a in answers] == [201] * 12


def test_the_sweep_lapses_no_shows_and_the_command_says_what_it_did(app, office, monkeypatch):
    center, pension, _, _, _, day = office
    database = app.extensions["qms_db"]
    client = app.test_client()
    code = book(client, center, pension, slots(client, center, pension, day)[0]["start"]).json[
        "code"]
    after_grace = dt.datetime.combine(day, dt.time(1, 16), dt.UTC)
    swept = sweep(database, now=after_grace, retention_days=7)
    assert swept.no_shows == 1 and [m.type for m in swept.messages] == ["reservation.no_show"]
    assert client.get(f"/api/v1/reservations/{code}").json["state"] == "no_show"
    monkeypatch.setenv("DATABASE_URL", database.url)
    from server.cli import main

    result = CliRunner().invoke(main, ["booking", "sweep"])
    assert result.exit_code == 0, result.output
    assert "0 booking(s) lapsed as no-shows" in result.output
    result = CliRunner().invoke(main, ["booking", "outbox", "--mark-sent"])
    assert result.exit_code == 0 and '"kind": "booked"' in result.output
    assert code in result.output and "预约成功" in result.output
    assert '"kind": "booked"' not in CliRunner().invoke(main, ["booking", "outbox"]).output
    with database.read() as s:
        assert s.query(Reservation).filter_by(code=code).one().phone == "13800138000"


def test_the_openapi_document_describes_booking(client):
    paths = client.get("/api/openapi.json").json["paths"]
    for path in ("/api/v1/centers/{center_id}/slots", "/api/v1/centers/{center_id}/reservations",
                 "/api/v1/reservations/{code}/move", "/api/v1/booking/items",
                 "/api/v1/items/{item_id}/centers", "/api/v1/centers/{center_id}/booking-days",
                 "/api/v1/booking/reservations/{code}",
                 "/api/v1/centers/{center_id}/booking-policy",
                 "/api/v1/centers/{center_id}/slot-rules"):
        assert path in paths, path


def test_the_server_lapses_no_shows_by_itself(tmp_path):
    """A server (not a test app) sweeps every QMS_BOOKING_SWEEP_SECONDS on its own."""
    import time

    from server import create_app
    from server.extensions import db
    from tests.hall import Hall

    app = create_app(app_config(tmp_path, TESTING=False, QMS_BOOKING_SWEEP_SECONDS=1))
    with app.app_context():
        db.database.create_all()
    sweeps = app.extensions["qms_booking_sweeps"]
    try:
        hall = Hall(app.extensions["qms_db"])
        center = hall.center(hours=HOURS)
        pension = hall.item("pension", center=center)
        an_hour_ago = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
        with hall.db.transaction() as s:
            s.add(Reservation(center_id=center.id, item_id=pension.id, slot_start=an_hour_ago,
                              code="MISSED23", name="王芳", phone="13800138000",
                              state="booked", created_at=an_hour_ago - dt.timedelta(days=1)))
        deadline = time.monotonic() + 10
        state = "booked"
        while state == "booked" and time.monotonic() < deadline:
            time.sleep(0.2)
            with hall.db.read() as s:
                state = s.query(Reservation).filter_by(code="MISSED23").one().state
        assert state == "no_show" and sweeps.runs >= 1
    finally:
        sweeps.stop()
        app.extensions["qms_db"].dispose()
