"""The REST contract, and bad input: a 4xx a person can act on, and the database as before."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from server.booking.models import Reservation
from server.events.models import Event
from server.tickets.models import Ticket
from tests.hall import ALL_DAY, SHANGHAI


@pytest.fixture
def desk(app_hall, client):
    """A center with one open window held by clerk Li, signed in over the API."""
    center = app_hall.center(hours=ALL_DAY)
    pension = app_hall.item("pension", center=center)
    card = app_hall.item("card", center=center, department="social", routing="specialized")
    w1 = app_hall.window(center, 1, fields=["community"])
    w2 = app_hall.window(center, 2, kind="specialized", department="social")
    from server.accounts.service import create_user

    with app_hall.db.transaction() as s:
        create_user(session=s, username="li", password="secret1", role="staff",
                    center_ids=[center.id])
    token = client.post("/api/v1/auth/token",
                        json={"username": "li", "password": "secret1"}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post(f"/api/v1/windows/{w1.id}/open", headers=headers).status_code == 200
    return center, pension, card, w1, w2, headers


def counts(app_hall) -> tuple[int, int, int]:
    with app_hall.db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(t))
                     for t in (Ticket, Event, Reservation))


def test_a_resident_takes_a_number_and_the_window_calls_it(client, desk):
    center, pension, card, w1, w2, headers = desk
    r = client.post(f"/api/v1/centers/{center.id}/tickets",
                    json={"item_id": pension.id, "priority": "normal"})
    assert r.status_code == 201
    ticket = r.json
    assert ticket["number"] == "A001" and ticket["windows"] == [1]
    assert ticket["ahead"] == 0 and ticket["estimated_wait_minutes"] == 0
    assert len(ticket["token"]) >= 20 and "+00:00" in ticket["issued_at"]
    called = client.post(f"/api/v1/windows/{w1.id}/call-next", headers=headers)
    assert called.status_code == 200
    assert called.json["number"] == "A001" and called.json["window_number"] == 1
    status = client.get(f"/api/v1/tickets/{ticket['token']}").json
    assert status["state"] == "called" and status["window_number"] == 1
    client.post(f"/api/v1/windows/{w1.id}/complete", headers=headers, json={})
    assert client.post(f"/api/v1/windows/{w1.id}/call-next", headers=headers).status_code == 204


def test_a_retry_with_the_same_idempotency_key_gets_the_same_ticket(client, desk, app_hall):
    center, pension, *_ = desk
    key = {"Idempotency-Key": "tap-1"}
    first = client.post(f"/api/v1/centers/{center.id}/tickets", json={"item_id": pension.id},
                        headers=key)
    again = client.post(f"/api/v1/centers/{center.id}/tickets", json={"item_id": pension.id},
                        headers=key)
    assert first.json["id"] == again.json["id"] and again.json["replayed"] is True
    assert counts(app_hall)[0] == 1


def test_the_hall_snapshot(client, desk):
    center, pension, card, w1, w2, headers = desk
    client.post(f"/api/v1/centers/{center.id}/tickets", json={"item_id": pension.id})
    client.post(f"/api/v1/centers/{center.id}/tickets", json={"item_id": card.id})
    client.post(f"/api/v1/windows/{w1.id}/call-next", headers=headers)
    hall = client.get(f"/api/v1/centers/{center.id}/hall").json
    assert hall["seq"] == 4
    assert [w["number"] for w in hall["windows"]] == [1, 2]
    assert hall["windows"][0]["current_ticket"]["number"] == "A001"
    assert hall["last_calls"][0]["number"] == "A001"
    assert {g["group"]: g["waiting"] for g in hall["waiting_by_group"]} == {
        "comprehensive": 0, "specialized": 1}


BAD = [
    ("post", "/api/v1/centers/999/tickets", {"item_id": 1}, 404, "no center 999"),
    ("post", "/api/v1/centers/{c}/tickets", {"item_id": 999}, 404, "no item 999"),
    ("post", "/api/v1/centers/{c}/tickets", {}, 422, "item_id"),
    ("post", "/api/v1/centers/{c}/tickets", {"item_id": "{p}", "priority": "vip"}, 400,
     "Unknown priority"),
    ("post", "/api/v1/centers/{c}/tickets", {"item_id": "{p}", "kiosk_id": 77}, 403,
     "kiosk 77 itself"),
    ("post", "/api/v1/centers/{c}/check-ins", {"code": "NOSUCH12"}, 404, "No booking"),
    ("post", "/api/v1/centers/{c}/reservations",
     {"item_id": "{p}", "slot_start": "2026-11-30T10:10:00+08:00", "name": "王", "phone": "138"},
     422, "phone"),
    ("post", "/api/v1/centers/{c}/reservations",
     {"item_id": "{p}", "slot_start": "2026-11-30T10:10:00", "name": "王",
      "phone": "13800000000"}, 422, "timezone"),
    ("delete", "/api/v1/reservations/NOSUCH12", {"phone_last4": "1234"}, 404, "No booking"),
    ("post", "/api/v1/windows/{w2}/call-next", None, 403, "Open window 2 first"),
    ("post", "/api/v1/windows/999/call-next", None, 404, "no window 999"),
    ("post", "/api/v1/windows/{w1}/transfer", {"reason": "x", "item_id": "{card}"}, 409,
     "has no ticket"),
    ("get", "/api/v1/tickets/not-a-token", None, 404, "No ticket"),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "message"), BAD)
def test_bad_input_is_refused_clearly_and_changes_nothing(client, desk, app_hall, method, path,
                                                          body, status, message):
    center, pension, card, w1, w2, headers = desk
    fill = {"c": center.id, "p": pension.id, "w1": w1.id, "w2": w2.id, "card": card.id}
    path = path.format(**fill)
    if body:
        body = {k: int(v.format(**fill)) if isinstance(v, str) and v.startswith("{") else v
                for k, v in body.items()}
    before = counts(app_hall)
    r = getattr(client, method)(path, json=body, headers=headers)
    assert r.status_code == status, r.json
    assert message.lower() in r.json["message"].lower()
    assert counts(app_hall) == before


def test_malformed_json_and_missing_tokens(client, desk, app_hall):
    center, pension, card, w1, w2, headers = desk
    before = counts(app_hall)
    r = client.post(f"/api/v1/centers/{center.id}/tickets", data="{item_id: ",
                    content_type="application/json")
    assert r.status_code == 400 and "not valid JSON" in r.json["message"]
    r = client.post(f"/api/v1/windows/{w1.id}/call-next")
    assert r.status_code == 401 and "Bearer" in r.json["message"]
    r = client.post(f"/api/v1/windows/{w1.id}/call-next",
                    headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401
    r = client.post("/api/v1/auth/token", json={"username": "li", "password": "nope"})
    assert r.status_code == 401 and "Wrong user name or password" in r.json["message"]
    assert counts(app_hall) == before


def test_a_closed_window_cannot_call_and_a_second_check_in_is_refused(client, desk, app_hall):
    center, pension, card, w1, w2, headers = desk
    client.post(f"/api/v1/centers/{center.id}/tickets", json={"item_id": pension.id})
    client.post(f"/api/v1/windows/{w1.id}/pause", json={"reason": "break"}, headers=headers)
    r = client.post(f"/api/v1/windows/{w1.id}/call-next", headers=headers)
    assert r.status_code == 409 and "paused" in r.json["message"]
    next_week = dt.datetime.now(SHANGHAI).date() + dt.timedelta(days=7)
    slots = client.get(f"/api/v1/centers/{center.id}/slots?item_id={pension.id}"
                       f"&date={next_week}").json
    booked = client.post(f"/api/v1/centers/{center.id}/reservations",
                         json={"item_id": pension.id, "slot_start": slots[0]["start"],
                               "name": "王芳", "phone": "13800000000"})
    assert booked.status_code == 201 and booked.json["phone"] == "138****0000"
    r = client.post(f"/api/v1/centers/{center.id}/check-ins", json={"code": booked.json["code"]})
    assert r.status_code == 409 and "check in on that day" in r.json["message"]


def test_the_openapi_document_describes_the_contract(client):
    spec = client.get("/api/openapi.json").json
    paths = spec["paths"]
    for path in ("/api/v1/centers", "/api/v1/centers/{center_id}/items",
                 "/api/v1/centers/{center_id}/windows", "/api/v1/centers/{center_id}/tickets",
                 "/api/v1/tickets/{token}", "/api/v1/centers/{center_id}/reservations",
                 "/api/v1/reservations/{code}", "/api/v1/centers/{center_id}/check-ins",
                 "/api/v1/windows/{window_id}/call-next", "/api/v1/centers/{center_id}/hall",
                 "/api/v1/auth/token"):
        assert path in paths, path
    body = paths["/api/v1/centers/{center_id}/tickets"]["post"]["requestBody"]
    assert "item_id" in str(body) or "IssueIn" in str(body)


def test_a_signed_in_clerk_issuing_a_ticket_is_named_in_the_event_log(client, desk, app_hall):
    center, pension, card, w1, w2, headers = desk
    client.post(f"/api/v1/centers/{center.id}/tickets", json={"item_id": pension.id},
                headers=headers)
    client.post(f"/api/v1/centers/{center.id}/tickets", json={"item_id": pension.id})
    with app_hall.db.read() as s:
        issuers = list(s.scalars(select(Event.user_id).where(Event.type == "ticket.issued")
                                 .order_by(Event.seq)))
    assert issuers[0] is not None and issuers[1] is None


def test_a_signed_out_token_stops_working_at_once(client, desk):
    center, pension, card, w1, w2, headers = desk
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401
    assert client.post(f"/api/v1/windows/{w1.id}/call-next", headers=headers).status_code == 401
