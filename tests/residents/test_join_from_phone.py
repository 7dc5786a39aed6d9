"""A resident takes today's number from the phone: a code to the phone, then the number; and
every way to abuse it is refused."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from server.booking.models import OutboxMessage
from server.clock import utcnow
from server.remote import service
from server.remote.models import PhoneCode, RemotePolicy
from tests.conftest import app_config

PHONE = "138 0013 8000"


@pytest.fixture
def hall(app_hall):
    center = app_hall.center(name="北区中心", name_en="North")
    pension = app_hall.item("pension", center=center)
    window = app_hall.window(center, 1, items=[pension])
    clerk = app_hall.staff("li", center)
    app_hall.open(window, clerk, utcnow())
    return center, pension, window, clerk


def code_sent(db, phone: str = "13800138000") -> str:
    """The code as the SMS adapter reads it from the outbox."""
    with db.read() as s:
        text = s.scalars(select(OutboxMessage.text).where(
            OutboxMessage.phone == phone, OutboxMessage.kind == "code")
            .order_by(OutboxMessage.id.desc())).first()
    return re.search(r"\d{6}", text).group(0)


def age_codes(db, minutes: int = 2) -> None:
    """The codes sent so far were sent `minutes` earlier."""
    with db.transaction() as s:
        for row in s.scalars(select(PhoneCode)):
            row.created_at -= dt.timedelta(minutes=minutes)


def ask_code(client, center, phone=PHONE):
    return client.post(f"/api/v1/centers/{center.id}/phone-codes", json={"phone": phone})


def join(client, center, item, code, phone=PHONE):
    return client.post(f"/api/v1/centers/{center.id}/phone-tickets",
                       json={"item_id": item.id, "phone": phone, "code": code})


def test_a_resident_takes_a_number_with_the_code_texted_to_their_phone(
        client, app_hall, hall):
    center, pension, window, clerk = hall
    assert ask_code(client, center).status_code == 202
    with app_hall.db.read() as s:
        text = s.scalar(select(OutboxMessage).where(OutboxMessage.kind == "code"))
        assert text.phone == "13800138000" and text.state == "pending"
        assert "验证码" in text.text and "code" in text.text_en
        stored = s.scalar(select(PhoneCode))
        assert code_sent(app_hall.db) not in stored.code_hash  # only its hash is kept

    taken = join(client, center, pension, code_sent(app_hall.db))
    assert taken.status_code == 201, taken.json
    ticket = taken.json
    assert ticket["state"] == "waiting" and ticket["ahead"] == 0
    assert ticket["status_url"].endswith(f"/t/{ticket['token']}")
    assert client.get(f"/t/{ticket['token']}").status_code == 200
    assert app_hall.call(window, clerk, utcnow()) == ticket["number"]
    called = client.get(f"/api/v1/tickets/{ticket['token']}").json
    assert called["state"] == "called" and called["window_number"] == 1


def test_a_wrong_used_or_expired_code_takes_no_number(client, app_hall, hall):
    center, pension, _, _ = hall
    ask_code(client, center)
    code = code_sent(app_hall.db)
    wrong = "000000" if code != "000000" else "111111"
    refused = join(client, center, pension, wrong)
    assert refused.status_code == 400 and "code" in refused.json["message"]
    assert join(client, center, pension, code, phone="13900000000").status_code == 400
    assert join(client, center, pension, code).status_code == 201
    again = join(client, center, pension, code)  # a code is used once
    assert again.status_code == 400
    with app_hall.db.transaction() as s:
        s.execute(update(PhoneCode).values(created_at=utcnow() - dt.timedelta(minutes=20),
                                           expires_at=utcnow() - dt.timedelta(minutes=10)))
    ask_code(client, center)
    with app_hall.db.transaction() as s:
        s.execute(update(PhoneCode).where(PhoneCode.used_at.is_(None))
                  .values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    assert join(client, center, pension, code_sent(app_hall.db)).status_code == 400


def test_guessing_the_code_stops_after_five_tries_even_with_the_right_one_next(
        client, app_hall, hall):
    center, pension, _, _ = hall
    ask_code(client, center)
    code = code_sent(app_hall.db)
    guesses = [f"{n:06d}" for n in range(10) if f"{n:06d}" != code][:service.CODE_ATTEMPTS]
    for guess in guesses:
        assert join(client, center, pension, guess).status_code == 400
    assert join(client, center, pension, code).status_code == 400
    with app_hall.db.read() as s:
        assert s.scalar(select(PhoneCode.attempts)) == service.CODE_ATTEMPTS


def test_a_phone_cannot_be_flooded_with_codes(client, app_hall, hall):
    center, _, _, _ = hall
    assert ask_code(client, center).status_code == 202
    soon = ask_code(client, center)
    assert soon.status_code == 429 and "wait a minute" in soon.json["message"]
    for _ in range(service.CODES_PER_DAY - 1):
        age_codes(app_hall.db)
        assert ask_code(client, center).status_code == 202
    age_codes(app_hall.db)
    day_over = ask_code(client, center)
    assert day_over.status_code == 429 and "today" in day_over.json["message"]
    with app_hall.db.read() as s:
        assert len(s.scalars(select(OutboxMessage.id)).all()) == service.CODES_PER_DAY


def test_one_phone_takes_at_most_the_centers_cap_a_day(client, app_hall, hall):
    center, pension, _, _ = hall
    with app_hall.db.transaction() as s:
        s.add(RemotePolicy(center_id=center.id, daily_cap=1, notify_places=3))
    ask_code(client, center)
    assert join(client, center, pension, code_sent(app_hall.db)).status_code == 201
    age_codes(app_hall.db)
    ask_code(client, center)
    capped = join(client, center, pension, code_sent(app_hall.db))
    assert capped.status_code == 409 and capped.json["detail"]["cap"] == 1
    # Written otherwise, it is the same phone (the refused try left the code unused).
    again = join(client, center, pension, code_sent(app_hall.db), phone="+86 138-0013-8000")
    assert again.status_code == 409 and again.json["detail"]["reason"] == "phone_cap"


def test_the_centers_own_limits_hold_for_phones(client, app_hall, hall):
    center, pension, window, clerk = hall
    closed = app_hall.center(name="西区", hours={})
    card = app_hall.item("card", center=closed)
    app_hall.window(closed, 1, items=[card])
    ask_code(client, closed)
    shut = join(client, closed, card, code_sent(app_hall.db))
    assert shut.status_code == 409 and shut.json["error"] == "center_closed"
    age_codes(app_hall.db)
    ask_code(client, center)
    unserved = join(client, center, card, code_sent(app_hall.db))
    assert unserved.status_code in (404, 409) and unserved.json["error"] != "invalid"
    with app_hall.db.transaction() as s:
        s.add(RemotePolicy(center_id=center.id, daily_cap=0, notify_places=0))
    off = ask_code(client, center, phone="13700000000")
    assert off.status_code == 409 and "kiosk" in off.json["message"]


def test_requests_from_one_device_are_rate_limited(tmp_path, app_hall):
    from server import create_app
    from server.extensions import db

    (tmp_path / "limited").mkdir()
    app = create_app(app_config(tmp_path / "limited", RATELIMIT_ENABLED=True,
                                RATELIMIT_REMOTE="3 per minute"))
    with app.app_context():
        db.database.create_all()
    client = app.test_client()
    answers = [client.post("/api/v1/centers/1/phone-codes",
                           json={"phone": f"1380000000{n}"}).status_code for n in range(4)]
    assert answers[-1] == 429 and 429 not in answers[:3]
    app.extensions["qms_db"].dispose()


def test_the_centers_managers_set_how_phones_take_numbers(client, app_hall, hall):
    from server.accounts.models import User

    center, _, _, _ = hall
    other = app_hall.center(name="南区")

    def token(actor) -> dict:
        with app_hall.db.read() as s:
            name = s.get(User, actor.user_id).username
        t = client.post("/api/v1/auth/token", json={"username": name, "password": "secret1"})
        return {"Authorization": f"Bearer {t.json['token']}"}

    path = f"/api/v1/centers/{center.id}/phone-policy"
    assert client.get(path).json == {"center_id": center.id, "daily_cap": 2, "notify_places": 3}
    outsider = token(app_hall.staff("zhao", other, role="manager"))
    assert client.put(path, json={"daily_cap": 0}, headers=outsider).status_code == 403
    clerk = token(app_hall.staff("li", center))
    assert client.put(path, json={"daily_cap": 0}, headers=clerk).status_code == 403
    manager = token(app_hall.staff("wang", center, role="manager"))
    changed = client.put(path, json={"daily_cap": 0, "notify_places": 5}, headers=manager)
    assert changed.status_code == 200 and changed.json["daily_cap"] == 0
    assert client.get(path).json["notify_places"] == 5
    assert ask_code(client, center).status_code == 409
    trail = client.get("/api/v1/audit", headers=manager).json
    assert any(r["action"] == "center.phone_policy" and r["after"] == {
        "daily_cap": 0, "notify_places": 5} for r in trail)
