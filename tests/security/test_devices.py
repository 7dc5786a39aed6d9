"""Devices act with their own token: kiosks print for themselves, a printer stays on the
printer network; anonymous issuing and booking-code lookups are limited, a kiosk is not."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from server.accounts.service import create_device, create_user, issue_token
from server.clock import utcnow
from server.printing.models import PrintJob
from tests.conftest import app_config
from tests.hall import Hall


def limited_app(tmp_path, **settings):
    from server import create_app
    from server.extensions import db

    app = create_app(app_config(tmp_path, RATELIMIT_ENABLED=True, **settings))
    with app.app_context():
        db.database.create_all()
    return app


@pytest.fixture
def kiosk_hall(app_hall):
    center = app_hall.center()
    item = app_hall.item("pension", center=center)
    app_hall.window(center, 1, fields=["community"])
    with app_hall.db.transaction() as s:
        kiosk = create_device(session=s, center_id=center.id, kind="kiosk", name="east door")
        token = issue_token(session=s, now=utcnow(), ttl=dt.timedelta(days=1),
                            device_id=kiosk.id)
        create_user(session=s, username="wang", password="secret1", role="manager",
                    center_ids=[center.id])
        kiosk_id = kiosk.id
    return center, item, kiosk_id, {"Authorization": f"Bearer {token}"}


def jobs(app_hall) -> int:
    with app_hall.db.read() as s:
        return s.scalar(select(func.count()).select_from(PrintJob))


def test_only_the_kiosk_itself_makes_its_printer_print(client, app_hall, kiosk_hall):
    center, item, kiosk_id, kiosk = kiosk_hall
    url = f"/api/v1/centers/{center.id}/tickets"
    body = {"item_id": item.id, "kiosk_id": kiosk_id}
    assert client.post(url, json=body).status_code == 403
    papers = client.post("/api/v1/guides/food/papers",
                         json={"center_id": center.id, "answers": [0], "kiosk_id": kiosk_id})
    assert papers.status_code in (403, 404)
    assert jobs(app_hall) == 0
    assert client.post(url, json=body, headers=kiosk).status_code == 201
    assert jobs(app_hall) == 1


def test_a_check_in_prints_only_for_its_own_kiosk(client, app_hall, kiosk_hall):
    center, item, kiosk_id, kiosk = kiosk_hall
    r = client.post(f"/api/v1/centers/{center.id}/check-ins",
                    json={"code": "NOSUCH12", "kiosk_id": kiosk_id})
    assert r.status_code == 403


def test_anonymous_issuing_is_limited_and_the_kiosk_is_not(tmp_path):
    app = limited_app(tmp_path, RATELIMIT_ISSUE="3 per minute")
    hall = Hall(app.extensions["qms_db"])
    center = hall.center()
    item = hall.item("pension", center=center)
    hall.window(center, 1, fields=["community"])
    with hall.db.transaction() as s:
        kiosk = create_device(session=s, center_id=center.id, kind="kiosk", name="door")
        token = issue_token(session=s, now=utcnow(), ttl=dt.timedelta(days=1),
                            device_id=kiosk.id)
    client = app.test_client()
    url = f"/api/v1/centers/{center.id}/tickets"
    phone = [client.post(url, json={"item_id": item.id}).status_code for _ in range(4)]
    assert phone == [201, 201, 201, 429]
    other_phone = client.post(url, json={"item_id": item.id},
                              environ_base={"REMOTE_ADDR": "10.1.1.1"})
    assert other_phone.status_code == 201
    at_kiosk = [client.post(url, json={"item_id": item.id},
                            headers={"Authorization": f"Bearer {token}"}).status_code
                for _ in range(10)]
    assert set(at_kiosk) == {201}
    app.extensions["qms_db"].dispose()


def test_booking_codes_cannot_be_guessed_quickly(tmp_path):
    app = limited_app(tmp_path, RATELIMIT_CODE_LOOKUP="5 per minute")
    client = app.test_client()
    answers = [client.get(f"/api/v1/reservations/GUESS{i:03d}").status_code for i in range(3)]
    answers += [client.get(f"/api/v1/booking/reservations/GUESS{i:03d}").status_code
                for i in range(3)]
    assert answers == [404] * 5 + [429]
    assert client.delete("/api/v1/reservations/GUESS999",
                         json={"phone_last4": "0000"}).status_code == 429
    app.extensions["qms_db"].dispose()


def test_behind_a_trusted_proxy_each_resident_has_their_own_limit(tmp_path):
    app = limited_app(tmp_path, RATELIMIT_CODE_LOOKUP="2 per minute", QMS_TRUSTED_PROXIES=1)
    client = app.test_client()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    def look(resident: str) -> int:
        return client.get("/api/v1/reservations/GUESS000", environ_base=proxy,
                          headers={"X-Forwarded-For": resident}).status_code

    assert [look("1.1.1.1") for _ in range(3)] == [404, 404, 429]
    assert look("2.2.2.2") == 404
    app.extensions["qms_db"].dispose()


def test_without_a_trusted_proxy_a_forged_address_changes_nothing(tmp_path):
    app = limited_app(tmp_path, RATELIMIT_CODE_LOOKUP="2 per minute")
    client = app.test_client()
    answers = [client.get("/api/v1/reservations/GUESS000",
                          headers={"X-Forwarded-For": f"9.9.9.{i}"}).status_code
               for i in range(3)]
    assert answers == [404, 404, 429]
    app.extensions["qms_db"].dispose()


def test_scaled_out_the_limits_live_in_the_redis_message_queue(tmp_path, redis_url):
    app = limited_app(tmp_path, SOCKETIO_MESSAGE_QUEUE=redis_url)
    assert app.config["RATELIMIT_STORAGE_URI"] == redis_url
    app.extensions["qms_db"].dispose()


@pytest.mark.parametrize("printer, says", [
    ("network:127.0.0.1:5432", "port"),
    ("network:127.0.0.1:9100", "outside the printer networks"),
    ("network:169.254.169.254:9100", "outside the printer networks"),
    ("network:localhost:9100", "outside the printer networks"),
])
def test_a_kiosk_printer_stays_on_the_printer_network(client, kiosk_hall, printer, says):
    center, item, kiosk_id, kiosk = kiosk_hall
    token = client.post("/api/v1/auth/token",
                        json={"username": "wang", "password": "secret1"}).json["token"]
    r = client.put(f"/api/v1/devices/{kiosk_id}/printer", json={"printer": printer},
                   headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 400 and says in r.json["message"], r.json
    ok = client.put(f"/api/v1/devices/{kiosk_id}/printer", json={"printer": "network:10.0.8.31"},
                    headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
