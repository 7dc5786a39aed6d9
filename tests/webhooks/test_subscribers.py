"""Admins register the city's platforms; nobody else may, nor point the hall at its own network;
names and phones go only where they are allowed."""

from __future__ import annotations

import datetime as dt

import pytest

from server.clock import utcnow
from server.errors import Forbidden, InvalidRequest
from server.events.service import Actor
from server.webhooks import service
from server.webhooks.addresses import refusal
from server.webhooks.delivery import Deliverer
from tests.webhooks.conftest import SECRET, Receiver

HOURS = {d: ["09:00", "17:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
ADMIN = Actor(user_id=None, role="admin")


def tomorrow() -> dt.date:
    return (utcnow().astimezone(dt.timezone(dt.timedelta(hours=8))).date()
            + dt.timedelta(days=1))


def test_names_and_phones_go_only_to_a_subscriber_allowed_personal_data(
        app, admin, app_hall, client):
    allowed, other = Receiver().up(), Receiver().up()
    try:
        for r, personal in ((allowed, True), (other, False)):
            assert admin("POST", "/webhooks", {
                "url": r.url, "events": ["reservation.booked", "reservation.cancelled"],
                "secret": SECRET, "personal_data": personal}).status_code == 201
        center = app_hall.center(hours=HOURS)
        pension = app_hall.item("pension", center=center)
        app_hall.window(center, 1, items=[pension])
        booked = client.post(f"/api/v1/centers/{center.id}/reservations", json={
            "item_id": pension.id, "slot_start": f"{tomorrow()}T09:00:00+08:00",
            "name": "王芳", "phone": "13800138000"})
        assert booked.status_code == 201, booked.json
        code = booked.json["code"]
        assert client.delete(f"/api/v1/reservations/{code}",
                             json={"phone_last4": "8000"}).status_code in (200, 204)

        assert app.extensions["qms_webhooks"].deliver_due() == 4
        assert allowed.types() == other.types() == ["reservation.booked",
                                                    "reservation.cancelled"]
        for got in allowed.accepted:
            assert got.body["personal"] == {"name": "王芳", "phone": "13800138000", "code": code}
        for got in other.accepted:
            assert "personal" not in got.body
            assert b"13800138000" not in got.raw and "王芳".encode() not in got.raw
            assert got.body["data"]["item_id"] == pension.id
    finally:
        allowed.down()
        other.down()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.0.0.5/hook",
    "http://192.168.1.1/hook", "http://169.254.169.254/latest/meta-data",
    "http://[::1]/hook", "http://[::ffff:127.0.0.1]/hook", "http://0.0.0.0/hook",
])
def test_the_hall_will_not_be_pointed_at_its_own_network(app_hall, url):
    with app_hall.db.transaction() as s, pytest.raises(InvalidRequest) as refused:
        service.register_webhook(session=s, actor=ADMIN, now=utcnow(), url=url,
                                 events=["ticket.issued"], secret=SECRET)
    assert "only public receivers" in refused.value.message
    assert refusal(url, allow_private=True) is None


@pytest.mark.parametrize("url", ["ftp://203.0.113.9/x", "file:///etc/passwd", "http:///x",
                                 "http://user:pw@93.184.216.34/x", "not a url"])
def test_only_plain_web_addresses_are_taken(url):
    assert refusal(url, allow_private=True) is not None


def test_a_public_address_is_taken():
    assert refusal("https://93.184.216.34/hall", allow_private=False) is None


def test_an_address_that_turns_private_later_is_not_sent_to(app, admin, app_hall, receiver):
    assert admin("POST", "/webhooks", {"url": receiver.url, "events": ["ticket.issued"],
                                       "secret": SECRET}).status_code == 201
    center = app_hall.center()
    pension = app_hall.item("pension", center=center)
    app_hall.window(center, 1, items=[pension])
    app_hall.open(app_hall.window(center, 2, items=[pension]), app_hall.staff("li", center),
                  utcnow())
    app_hall.take(center, pension, utcnow())
    strict = Deliverer(database=app_hall.db,
                       settings={**app.config, "QMS_WEBHOOK_ALLOW_PRIVATE": False})
    assert strict.deliver_due() == 1
    assert receiver.seen == []
    hook = admin("GET", "/webhooks").json[0]
    assert hook["pending"] == 1 and "only public receivers" in hook["last_error"]


def test_only_admins_manage_subscribers_and_nobody_reads_the_secret_back(
        app, admin, app_hall, client, receiver):
    created = admin("POST", "/webhooks", {"url": receiver.url, "events": ["rating.recorded"],
                                          "secret": SECRET, "description": "12345 hotline"})
    assert created.status_code == 201 and "secret" not in created.json
    hook_id = created.json["id"]

    center = app_hall.center()
    manager = app_hall.staff("wang", center, role="manager")
    with app_hall.db.transaction() as s, pytest.raises(Forbidden):
        service.register_webhook(session=s, actor=manager, now=utcnow(), url=receiver.url,
                                 events=["ticket.issued"], secret=SECRET, allow_private=True)
    from server.accounts.models import User

    with app_hall.db.read() as s:
        name = s.get(User, manager.user_id).username
    token = client.post("/api/v1/auth/token",
                        json={"username": name, "password": "secret1"}).json["token"]
    as_manager = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/webhooks", headers=as_manager).status_code == 403
    assert client.delete(f"/api/v1/webhooks/{hook_id}", headers=as_manager).status_code == 403
    assert client.get("/api/v1/webhooks").status_code == 401

    changed = admin("PATCH", f"/webhooks/{hook_id}", {"events": ["ticket.issued"],
                                                      "secret": "a-brand-new-secret-1"})
    assert changed.status_code == 200 and changed.json["events"] == ["ticket.issued"]
    listed = admin("GET", "/webhooks")
    assert listed.status_code == 200 and SECRET not in listed.get_data(as_text=True)
    trail = admin("GET", "/audit").get_data(as_text=True)
    assert "webhook.registered" in trail and "secret changed" in trail
    assert SECRET not in trail and "a-brand-new-secret-1" not in trail

    assert admin("DELETE", f"/webhooks/{hook_id}").status_code == 204
    assert admin("GET", "/webhooks").json == []
    assert admin("PATCH", f"/webhooks/{hook_id}", {"active": False}).status_code == 404


@pytest.mark.parametrize(("body", "field"), [
    ({"events": ["ticket.issued"], "secret": "short"}, "secret"),
    ({"events": ["window.changed"], "secret": SECRET}, "events"),
    ({"events": [], "secret": SECRET}, "events"),
])
def test_a_subscriber_names_known_events_and_a_real_secret(admin, receiver, body, field):
    r = admin("POST", "/webhooks", {"url": receiver.url, **body})
    assert r.status_code in (400, 422) and field in str(r.json), r.json
    assert admin("GET", "/webhooks").json == []


def test_an_inactive_subscriber_hears_nothing_and_the_api_is_documented(
        app, admin, app_hall, client, receiver):
    hook = admin("POST", "/webhooks", {"url": receiver.url, "events": ["ticket.issued"],
                                       "secret": SECRET, "active": False}).json
    center = app_hall.center()
    pension = app_hall.item("pension", center=center)
    app_hall.open(app_hall.window(center, 1, items=[pension]), app_hall.staff("li", center),
                  utcnow())
    app_hall.take(center, pension, utcnow())
    assert app.extensions["qms_webhooks"].deliver_due() == 0
    assert admin("GET", "/webhooks").json[0]["pending"] == 0
    admin("PATCH", f"/webhooks/{hook['id']}", {"active": True})
    app_hall.take(center, pension, utcnow())
    assert app.extensions["qms_webhooks"].deliver_due() == 1

    spec = client.get("/api/openapi.json").json
    assert {"get", "post"} <= set(spec["paths"]["/api/v1/webhooks"])
    assert {"patch", "delete"} <= set(spec["paths"]["/api/v1/webhooks/{webhook_id}"])
