"""Building a center through the REST contract alone, and what the API refuses."""

from __future__ import annotations

import datetime as dt

from tests.admin.conftest import As

HOURS = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def test_an_admin_builds_a_center_that_issues_and_calls_a_ticket(city, client):
    admin = city.admin
    dep = admin("POST", "/departments", {"name": "区民政局", "name_en": "Civil Affairs"})
    assert dep.status_code == 201 and dep.json["id"]
    marriage = admin("POST", "/items", {"name": "婚姻登记", "name_en": "Marriage registration",
                                        "department_id": dep.json["id"], "expected_minutes": 15,
                                        "prefix": "M"})
    burial = admin("POST", "/items", {"name": "殡葬补贴", "name_en": "Burial allowance",
                                      "department_id": dep.json["id"], "expected_minutes": 10,
                                      "prefix": "M"})
    assert marriage.status_code == burial.status_code == 201, (marriage.json, burial.json)
    center = admin("POST", "/centers", {"name": "东区中心", "name_en": "East Center",
                                        "timezone": "Asia/Shanghai", "hours": HOURS})
    assert center.status_code == 201, center.json
    east = center.json["id"]
    assert center.json["hours"]["mon"] == ["00:00", "24:00"]
    items = [marriage.json["id"], burial.json["id"]]
    assert admin("PUT", f"/centers/{east}/items", {"item_ids": items}).json["item_ids"] == items
    windows = [admin("POST", f"/centers/{east}/windows",
                     {"number": n, "kind": "comprehensive", "item_ids": items}) for n in (1, 2)]
    assert [w.status_code for w in windows] == [201, 201]
    assert [w["number"] for w in client.get(f"/api/v1/centers/{east}/windows").json] == [1, 2]

    ticket = client.post(f"/api/v1/centers/{east}/tickets", json={"item_id": items[0]})
    assert ticket.status_code == 201, ticket.json
    assert ticket.json["number"] == "M001"
    clerk = admin("POST", "/users", {"username": "zhou", "password": "secret1",
                                     "role": "staff", "center_ids": [east]})
    assert clerk.status_code == 201 and clerk.json["center_ids"] == [east]
    from tests.admin.conftest import sign_in

    zhou = sign_in(client, "zhou")
    w1 = windows[0].json["id"]
    assert zhou("POST", f"/windows/{w1}/open").status_code == 200
    assert zhou("POST", f"/windows/{w1}/call-next").json["number"] == "M001"

    trail = admin("GET", f"/audit?center_id={east}").json
    actions = [row["action"] for row in trail]
    for step in ("center.created", "center.items", "window.changed", "user.created",
                 "auth.signed_in", "ticket.called"):
        assert step in actions, (step, actions)
    created = [r for r in trail if r["action"] == "window.changed"]
    assert {r["summary"] for r in created} == {"window 1: created", "window 2: created",
                                               "window 1: opened"}


def test_changing_a_center_applies_at_once_and_is_in_the_trail(city):
    manager = city.north_manager
    r = manager("PATCH", f"/centers/{city.north.id}", {
        "special_days": {"2026-10-01": None, "2026-10-10": ["09:00", "17:00"]},
        "target_wait_minutes": 25, "allow_outside_hours": True,
        "priority_classes": ["elderly", "veteran"], "notice": "国庆休息"})
    assert r.status_code == 200, r.json
    center = city.client.get(f"/api/v1/centers/{city.north.id}").json
    assert center["special_days"] == {"2026-10-01": None, "2026-10-10": ["09:00", "17:00"]}
    assert center["priority_classes"] == ["elderly", "veteran"]
    hall = city.client.get(f"/api/v1/centers/{city.north.id}/hall").json
    assert hall["center"]["notice"] == "国庆休息"
    row = next(r for r in manager("GET", "/audit").json if r["action"] == "center.updated")
    assert row["actor"] == "wang" and row["center_id"] == city.north.id
    assert row["before"]["target_wait_minutes"] == 20 and row["after"]["target_wait_minutes"] == 25
    assert "2026-10-10" in row["after"]["special_days"]


def test_a_duplicate_is_409_and_leaves_everything_as_it_was(city):
    before = city.configuration()
    admin = city.admin
    assert admin("POST", f"/centers/{city.north.id}/windows",
                 {"number": 1, "kind": "comprehensive"}).status_code == 409
    assert admin("POST", "/users", {"username": "li", "password": "secret1",
                                    "center_ids": [city.north.id]}).status_code == 409
    r = admin("POST", "/items", {"name": "新项目", "department_id": city.pension.department_id,
                                 "expected_minutes": 5, "prefix": "A1"})
    assert r.status_code == 409
    assert "'A1' collides with 'A'" in r.json["message"] and "A1001" in r.json["message"]
    assert admin("PATCH", f"/centers/{city.south.id}",
                 {"reservation_prefix": "AB"}).status_code == 409
    assert city.configuration() == before


def test_bad_fields_get_messages_a_person_can_act_on_and_change_nothing(city):
    before = city.configuration()
    admin = city.admin
    r = admin("PATCH", f"/centers/{city.north.id}", {"hours": {"mon": ["09:00", "25:00"]}})
    assert r.status_code == 400 and "HH:MM" in r.json["message"]
    r = admin("PATCH", f"/centers/{city.north.id}", {"hours": {"monday": ["09:00", "17:00"]}})
    assert r.status_code == 400 and "not weekdays" in r.json["message"]
    r = admin("PATCH", f"/centers/{city.north.id}", {"special_days": {"10/01": None}})
    assert r.status_code == 400 and "YYYY-MM-DD" in r.json["message"]
    r = admin("POST", "/centers", {"name": "西区", "timezone": "Mars/Olympus"})
    assert r.status_code == 400 and "time zone" in r.json["message"]
    r = admin("POST", "/items", {"name_en": "No name"})
    assert r.status_code == 422 and "name" in r.json["message"]
    r = admin("POST", f"/centers/{city.north.id}/windows",
              {"number": 2, "kind": "comprehensive", "item_ids": [99999]})
    assert r.status_code == 400 and "does not serve" in r.json["message"]
    assert city.configuration() == before


def test_a_manager_of_another_center_and_staff_are_refused(city):
    north = city.north.id
    for who in (city.south_manager, city.clerk):
        assert who("PATCH", f"/centers/{north}", {"notice": "x"}).status_code == 403
        assert who("POST", f"/centers/{north}/windows",
                   {"number": 5, "kind": "reserved"}).status_code == 403
        assert who("PATCH", f"/windows/{city.w1.id}", {"group": "x"}).status_code == 403
        assert who("DELETE", f"/windows/{city.w1.id}").status_code == 403
        assert who("PUT", f"/centers/{north}/items", {"item_ids": []}).status_code == 403
        assert who("PATCH", f"/users/{city.clerk_id}", {"active": False}).status_code == 403
        assert who("POST", "/devices", {"center_id": north, "kind": "kiosk",
                                        "name": "k"}).status_code == 403
    assert city.clerk("GET", "/audit").status_code == 403
    assert city.south_manager("GET", f"/audit?center_id={north}").status_code == 403
    # Managers do not touch the city-wide catalogue, open centers or make managers.
    manager = city.north_manager
    assert manager("POST", "/departments", {"name": "新局"}).status_code == 403
    assert manager("POST", "/centers", {"name": "新中心"}).status_code == 403
    assert manager("POST", "/users", {"username": "boss", "password": "secret1",
                                      "role": "manager", "center_ids": [north]}).status_code == 403
    assert manager("POST", "/users", {"username": "far", "password": "secret1",
                                      "center_ids": [city.south.id]}).status_code == 403
    # ...but do run their own center.
    assert manager("POST", f"/centers/{north}/windows",
                   {"number": 5, "kind": "reserved"}).status_code == 201


def test_a_window_holding_a_ticket_is_not_retired_and_a_free_one_is(city, client):
    clerk, manager = city.clerk, city.north_manager
    client.post(f"/api/v1/centers/{city.north.id}/tickets", json={"item_id": city.pension.id})
    assert clerk("POST", f"/windows/{city.w1.id}/open").status_code == 200
    assert clerk("POST", f"/windows/{city.w1.id}/call-next").status_code == 200
    r = manager("DELETE", f"/windows/{city.w1.id}")
    assert r.status_code == 409 and "A001" in r.json["message"]
    clerk("POST", f"/windows/{city.w1.id}/complete")
    clerk("POST", f"/windows/{city.w1.id}/close")
    assert manager("DELETE", f"/windows/{city.w1.id}").status_code == 204
    assert client.get(f"/api/v1/centers/{city.north.id}/windows").json == []
    assert clerk("POST", f"/windows/{city.w1.id}/open").status_code == 404
    again = manager("POST", f"/centers/{city.north.id}/windows",
                    {"number": 1, "kind": "comprehensive", "item_ids": [city.pension.id]})
    assert again.status_code == 201 and again.json["id"] == city.w1.id


def test_a_change_that_would_strand_waiting_tickets_is_refused(city, client):
    client.post(f"/api/v1/centers/{city.north.id}/tickets", json={"item_id": city.pension.id})
    before = city.configuration()
    r = city.north_manager("PATCH", f"/windows/{city.w1.id}", {"item_ids": []})
    assert r.status_code == 409 and "A001" in r.json["message"]
    r = city.north_manager("PUT", f"/centers/{city.north.id}/items", {"item_ids": []})
    assert r.status_code == 409
    assert city.configuration() == before


def test_a_re_plan_is_recorded_as_a_change_of_items_not_as_opening(city):
    manager = city.north_manager
    other = city.hall.item("burial", center=city.north, prefix="A")
    r = manager("PUT", f"/windows/{city.w1.id}/items", {"item_ids": [city.pension.id, other.id]})
    assert r.status_code == 200
    row = next(r for r in manager("GET", "/audit").json if r["action"] == "window.changed")
    assert row["summary"] == "window 1: items"
    assert row["before"] == {"item_ids": [city.pension.id]}
    assert row["after"]["item_ids"] == sorted([city.pension.id, other.id])
    recent = manager("GET", f"/centers/{city.north.id}/live").json["recent_actions"]
    assert recent[0]["change"] == "items" and recent[0]["window_number"] == 1


def test_a_window_a_manager_opens_is_open_but_not_staffed(city):
    r = city.north_manager("POST", f"/windows/{city.w1.id}/open")
    assert r.json["state"] == "open" and r.json["staffed"] is False
    assert r.json["state_reason"] == "awaiting_staff"
    hall = city.client.get(f"/api/v1/centers/{city.north.id}/hall").json
    assert hall["waiting_by_group"][0]["open_windows"] == 0
    taken = city.clerk("POST", f"/windows/{city.w1.id}/open").json
    assert taken["staffed"] is True and taken["state_reason"] == ""


def test_an_item_change_reaches_the_centers_that_serve_it(city, client):
    r = city.admin("PATCH", f"/items/{city.pension.id}",
                   {"name_en": "Family planning pension", "prefix": "B"})
    assert r.status_code == 200, r.json
    items = client.get(f"/api/v1/centers/{city.north.id}/items").json
    assert items[0]["name_en"] == "Family planning pension" and items[0]["prefix"] == "B"
    ticket = client.post(f"/api/v1/centers/{city.north.id}/tickets",
                         json={"item_id": city.pension.id}).json
    assert ticket["number"] == "B001"


def test_the_audit_trail_filters_and_downloads_as_csv_for_excel(city, client):
    client.post("/api/v1/auth/token", json={"username": "li", "password": "wrong!"})
    city.north_manager("PATCH", f"/centers/{city.north.id}", {"recall_limit": 3})
    city.south_manager("PATCH", f"/centers/{city.south.id}", {"recall_limit": 1})
    mine = city.north_manager("GET", "/audit").json
    assert {r["center_id"] for r in mine} == {city.north.id}
    assert any(r["action"] == "auth.sign_in_failed" and r["actor"] == "li" for r in mine)
    by_zhao = city.admin("GET", "/audit?actor=zhao").json
    assert [r["action"] for r in by_zhao] == ["center.updated", "auth.signed_in"]
    today = dt.date.today()
    tomorrow = (today + dt.timedelta(days=2)).isoformat()
    assert city.admin("GET", f"/audit?from={tomorrow}").json == []
    r = city.north_manager("GET", "/audit?format=csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    text = r.data.decode("utf-8")
    assert text.startswith("\ufeff") and text.splitlines()[0].lstrip("\ufeff").startswith("at,")
    assert "recall_limit" in text


def test_devices_get_a_token_once_and_a_revoked_one_stops_at_once(city, client):
    r = city.north_manager("POST", "/devices", {"center_id": city.north.id, "kind": "kiosk",
                                                "name": "大厅取号机"})
    assert r.status_code == 201 and r.json["token"]
    kiosk = As(client, r.json["token"])
    assert kiosk("GET", "/auth/me").json["role"] == "device"
    assert city.north_manager("POST", "/devices", {"center_id": city.north.id, "kind": "kiosk",
                                                   "name": "大厅取号机"}).status_code == 409
    assert city.north_manager("DELETE", f"/devices/{r.json['id']}").status_code == 204
    assert kiosk("GET", "/auth/me").status_code == 401
    actions = [row["action"] for row in city.north_manager("GET", "/audit").json]
    assert "device.registered" in actions and "device.revoked" in actions
