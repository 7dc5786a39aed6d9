"""Fifty residents tap "Book" for the same slot of ten at the same instant, over real HTTP:
exactly ten get a check-in code and forty are told the slot is full. On SQLite (one
gunicorn+gevent server) and on PostgreSQL (two workers contending for the row lock)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.conftest import LiveServer

RESIDENTS = 50
CAPACITY = 10


def first_open_slot(server: LiveServer, center_id: int, item_id: int) -> str:
    days = requests.get(f"{server.url}/api/v1/centers/{center_id}/booking-days",
                        params={"item_id": item_id}, timeout=10).json()
    for day in days:
        if day["open"] and day["date"] != days[0]["date"]:  # not today: no slot ends meanwhile
            slots = requests.get(f"{server.url}/api/v1/centers/{center_id}/slots",
                                 params={"item_id": item_id, "date": day["date"]},
                                 timeout=10).json()
            return slots[0]["start"]
    raise AssertionError(f"no open day in {days}")


def a_slot_of_ten(server: LiveServer) -> tuple[int, int, str]:
    """Pengpu's first community item gets slots of ten places through the slot-rule API."""
    center_id = server.center_id("pengpu-community")
    item_id = requests.get(f"{server.url}/api/v1/centers/{center_id}/items",
                           timeout=10).json()[0]["id"]
    manager = {"Authorization": f"Bearer {server.token('manager')}"}
    r = requests.put(f"{server.url}/api/v1/centers/{center_id}/slot-rules", headers=manager,
                     json={"rules": [{"name": "压测", "name_en": "Load test",
                                      "item_ids": [item_id], "slot_minutes": 30,
                                      "capacity": CAPACITY}]}, timeout=10)
    assert r.status_code == 200, r.text
    return center_id, item_id, first_open_slot(server, center_id, item_id)


def fifty_at_once(server: LiveServer, center_id: int, item_id: int, slot: str) -> list:
    start = threading.Barrier(RESIDENTS)

    def book(n: int) -> requests.Response:
        with requests.Session() as http:
            start.wait()
            return http.post(f"{server.url}/api/v1/centers/{center_id}/reservations",
                             json={"item_id": item_id, "slot_start": slot, "name": f"居民{n}",
                                   "phone": f"139{n:08d}"}, timeout=60)

    with ThreadPoolExecutor(RESIDENTS) as pool:
        return list(pool.map(book, range(RESIDENTS)))


def assert_ten_booked_forty_refused(server, center_id, item_id, slot, answers) -> None:
    statuses = sorted(r.status_code for r in answers)
    assert statuses.count(201) == CAPACITY, statuses
    assert statuses.count(409) == RESIDENTS - CAPACITY, statuses
    refusals = [r.json() for r in answers if r.status_code == 409]
    assert {r["error"] for r in refusals} == {"slot_full"}
    assert all("is full; choose another" in r["message"] for r in refusals)
    codes = {r.json()["code"] for r in answers if r.status_code == 201}
    assert len(codes) == CAPACITY
    day = slot[:10]
    slots = requests.get(f"{server.url}/api/v1/centers/{center_id}/slots",
                         params={"item_id": item_id, "date": day}, timeout=10).json()
    assert next(s for s in slots if s["start"] == slot)["remaining"] == 0


def test_a_slot_of_ten_takes_ten_of_fifty_simultaneous_bookings_on_sqlite(live_server):
    center_id, item_id, slot = a_slot_of_ten(live_server)
    answers = fifty_at_once(live_server, center_id, item_id, slot)
    assert_ten_booked_forty_refused(live_server, center_id, item_id, slot, answers)


@pytest.mark.postgres
def test_a_slot_of_ten_takes_ten_of_fifty_simultaneous_bookings_on_postgres(tmp_path, pg_url):
    server = LiveServer(tmp_path / "pg", {"DATABASE_URL": pg_url, "QMS_WORKERS": "2"}).start()
    try:
        center_id, item_id, slot = a_slot_of_ten(server)
        answers = fifty_at_once(server, center_id, item_id, slot)
        assert_ten_booked_forty_refused(server, center_id, item_id, slot, answers)
    finally:
        server.stop()
