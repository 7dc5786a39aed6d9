"""Every bad input is a clean 4xx in the API's error shape, never a 500."""

from __future__ import annotations

import pytest

from tests.conftest import app_config

HUGE_IDS = [2**31, 2**63, 2**64 + 1, 10**30]


@pytest.fixture
def center(app_hall):
    center = app_hall.center()
    app_hall.item("pension", center=center)
    app_hall.window(center, 1, fields=["community"])
    return center


def is_error(response, status: int) -> bool:
    body = response.get_json()
    return (response.status_code == status and body["status"] == status
            and body["error"] and body["message"])


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_an_id_past_the_range_names_nothing(client, center, huge):
    for path in (f"/api/v1/centers/{huge}", f"/api/v1/windows/{huge}/ratings/pending",
                 f"/api/v1/centers/{huge}/slots?item_id=1&date=2026-11-27"):
        assert is_error(client.get(path), 404), path
    assert is_error(client.post(f"/api/v1/centers/{huge}/tickets", json={"item_id": 1}), 404)


@pytest.mark.parametrize("number", ["9" * 100_000, str(2**63), "-" + str(2**40), "1e400"])
def test_numbers_out_of_range_in_a_body_are_refused(client, center, number):
    r = client.post(f"/api/v1/centers/{center.id}/tickets",
                    data=f'{{"item_id": {number}}}', content_type="application/json")
    assert is_error(r, 400)


def test_a_fraction_is_not_an_item_id(client, center, app_hall):
    r = client.post(f"/api/v1/centers/{center.id}/tickets", json={"item_id": 1.9})
    assert is_error(r, 422) and "item_id" in r.json["message"]


def test_deep_nesting_is_refused(client, center):
    deep = "[" * 100_000 + "]" * 100_000
    r = client.post(f"/api/v1/centers/{center.id}/tickets", data=deep,
                    content_type="application/json")
    assert is_error(r, 400)


@pytest.mark.parametrize("text", ["A\\u0000B", "\\ud800", "\\udfff tail"])
def test_nul_bytes_and_lone_surrogates_are_refused(client, center, text):
    r = client.post(f"/api/v1/centers/{center.id}/tickets",
                    data=f'{{"item_id": 1, "priority": "{text}"}}',
                    content_type="application/json")
    assert is_error(r, 400)
    assert is_error(client.get("/api/v1/reservations/AB%00CD"), 400)
    assert is_error(client.get("/api/v1/guides?center_id=1%00"), 400)


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(tmp_path):
    from server import create_app
    from server.extensions import db

    app = create_app(app_config(tmp_path, MAX_CONTENT_LENGTH=10_000))
    with app.app_context():
        db.database.create_all()
    r = app.test_client().post("/api/v1/centers/1/tickets", data=b"[" + b"1," * 20_000 + b"1]",
                               content_type="application/json")
    assert is_error(r, 413) and r.json["error"] == "too_large"
    app.extensions["qms_db"].dispose()


def test_a_name_of_spaces_is_no_name(client, center, app_hall):
    item = app_hall.item("licence", center=center)
    r = client.post(f"/api/v1/centers/{center.id}/reservations",
                    json={"item_id": item.id, "slot_start": "2026-11-30T09:00:00+08:00",
                          "name": "   ", "phone": "13800000000"})
    assert is_error(r, 422) and "name" in r.json["message"]


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_a_socket_connect_with_a_huge_center_id_is_refused(app, center, huge):
    from server.extensions import socketio

    listener = socketio.test_client(app, namespace="/hall", auth={"center_id": huge})
    assert not listener.is_connected("/hall")
    listener = socketio.test_client(app, namespace="/hall", auth={"window_id": huge})
    assert not listener.is_connected("/hall")


@pytest.mark.postgres
def test_on_postgresql_ids_nul_bytes_and_surrogates_are_clean_4xx(tmp_path, pg_url):
    from server import create_app
    from server.extensions import db
    from tests.hall import Hall

    app = create_app(app_config(tmp_path, DATABASE_URL=pg_url))
    with app.app_context():
        db.database.create_all()
    center = Hall(app.extensions["qms_db"]).center()
    client = app.test_client()
    try:
        assert is_error(client.get(f"/api/v1/centers/{2**31}"), 404)
        assert is_error(client.get(f"/api/v1/centers/{2**31 - 1}"), 404)
        for text in ("A\\u0000B", "\\ud800"):
            body = f'{{"username": "{text}", "password": "x"}}'
            r = client.post("/api/v1/auth/token", data=body,
                            content_type="application/json")
            assert is_error(r, 400)
        r = client.get(f"/api/v1/centers/{center.id}/slots?item_id={2**40}&date=2026-11-27")
        assert is_error(r, 400)
    finally:
        app.extensions["qms_db"].dispose()
