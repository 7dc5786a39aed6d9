"""Switching a clerk off: their session stops, their window closes, their resident waits again."""

from __future__ import annotations

import time

from server.tickets.models import Ticket
from tests.admin.conftest import sign_in


def test_a_deactivated_clerk_is_signed_out_at_once_and_their_resident_keeps_their_place(
        city, client):
    north = city.north.id
    first = client.post(f"/api/v1/centers/{north}/tickets",
                        json={"item_id": city.pension.id}).json
    second = client.post(f"/api/v1/centers/{north}/tickets",
                         json={"item_id": city.pension.id}).json
    assert city.clerk("POST", f"/windows/{city.w1.id}/open").status_code == 200
    assert city.clerk("POST", f"/windows/{city.w1.id}/call-next").json["number"] == first["number"]
    assert city.clerk("GET", "/auth/me").status_code == 200  # the token is cached now

    r = city.north_manager("PATCH", f"/users/{city.clerk_id}", {"active": False})
    assert r.status_code == 200 and r.json["active"] is False
    switched_off = time.monotonic()
    assert city.clerk("GET", "/auth/me").status_code == 401
    assert city.clerk("POST", f"/windows/{city.w1.id}/call-next").status_code == 401
    assert time.monotonic() - switched_off < 1
    r = client.post("/api/v1/auth/token", json={"username": "li", "password": "secret1"})
    assert r.status_code == 401

    window = next(w for w in client.get(f"/api/v1/centers/{north}/windows").json
                  if w["id"] == city.w1.id)
    assert window["state"] == "closed" and window["staff_user_id"] is None
    with city.hall.db.read() as s:
        again = s.get(Ticket, first["id"])
        assert again.state == "waiting" and again.window_id is None
    # Back at their place: the first resident is still called before the second.
    city.north_manager("PATCH", f"/users/{city.clerk_id}", {"active": True})
    li = sign_in(client, "li")
    li("POST", f"/windows/{city.w1.id}/open")
    assert li("POST", f"/windows/{city.w1.id}/call-next").json["number"] == first["number"]
    assert second["number"] != first["number"]

    trail = city.north_manager("GET", "/audit?actor=wang").json
    assert {"user.deactivated", "ticket.requeued", "window.changed", "user.reactivated"} <= {
        row["action"] for row in trail}
    off = next(row for row in trail if row["action"] == "user.deactivated")
    assert off["before"] == {"active": True} and off["after"] == {"active": False}
    requeued = next(row for row in trail if row["action"] == "ticket.requeued")
    assert requeued["before"]["state"] == "called"


def test_a_password_reset_ends_the_old_sessions_and_the_new_password_works(city, client):
    assert city.admin("PATCH", f"/users/{city.clerk_id}",
                      {"password": "fresh-secret"}).status_code == 200
    assert city.clerk("GET", "/auth/me").status_code == 401
    assert sign_in(client, "li", "fresh-secret")("GET", "/auth/me").json["username"] == "li"
    row = next(r for r in city.admin("GET", "/audit").json if r["action"] == "user.updated")
    assert "password reset" in row["summary"] and "fresh-secret" not in str(row)


def test_role_and_centers_change_and_the_last_admin_cannot_switch_themself_off(city):
    r = city.admin("PATCH", f"/users/{city.clerk_id}",
                   {"role": "manager", "center_ids": [city.north.id, city.south.id]})
    assert r.status_code == 200 and r.json["role"] == "manager"
    assert city.clerk("PATCH", f"/centers/{city.south.id}", {"recall_limit": 4}).status_code == 200
    me = city.admin("GET", "/auth/me").json
    r = city.admin("PATCH", f"/users/{me['id']}", {"active": False})
    assert r.status_code == 409 and "your own account" in r.json["message"]
