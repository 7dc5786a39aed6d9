"""Live events over a real Socket.IO websocket, after the commit, in order."""

from __future__ import annotations

import datetime as dt
import threading
import time
from contextlib import contextmanager

import pytest
import requests
import socketio

from tests.conftest import LiveServer
from tests.hall import SHANGHAI


class HallListener:
    """A board's connection: every event at one center, as it arrives."""

    def __init__(self, url: str, center_id: int, **auth) -> None:
        self.events: list[tuple[str, dict]] = []
        self.arrived = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", self._on_event, namespace="/hall")
        self.client.connect(url, namespaces=["/hall"], transports=["websocket"],
                            auth={"center_id": center_id, **auth}, wait_timeout=10)

    def _on_event(self, name: str, payload: dict) -> None:
        with self.arrived:
            self.events.append((name, payload))
            self.arrived.notify_all()

    def wait_for(self, count: int, timeout: float = 10) -> list[tuple[str, dict]]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.events) >= count, timeout)
            return list(self.events)

    def snapshot(self) -> dict:
        return self.client.call("snapshot", {}, namespace="/hall", timeout=10)

    def close(self) -> None:
        self.client.disconnect()


@contextmanager
def listening(url: str, center_id: int, **auth):
    listener = HallListener(url, center_id, **auth)
    try:
        yield listener
    finally:
        listener.close()


def staff_headers(server: LiveServer, username: str) -> dict:
    return {"Authorization": f"Bearer {server.token(username)}"}


def windows_of(server: LiveServer, center_id: int) -> dict[int, int]:
    rows = requests.get(f"{server.url}/api/v1/centers/{center_id}/windows", timeout=10).json()
    return {w["number"]: w["id"] for w in rows}


def item_id(server: LiveServer, center_id: int, code: str) -> int:
    items = requests.get(f"{server.url}/api/v1/centers/{center_id}/items", timeout=10).json()
    return next(i["id"] for i in items if i["code"] == code)


def test_a_board_receives_every_change_in_order_without_personal_data(live_server):
    url = live_server.url
    center = live_server.center_id("pengpu-community")
    window = windows_of(live_server, center)[3]
    clerk = staff_headers(live_server, "clerk1")
    pension = item_id(live_server, center, "family_planning_pension")
    with listening(url, center) as board:
        start_seq = board.snapshot()["seq"]
        assert requests.post(f"{url}/api/v1/windows/{window}/open", headers=clerk,
                             timeout=10).status_code == 200
        numbers = [requests.post(f"{url}/api/v1/centers/{center}/tickets",
                                 json={"item_id": pension}, timeout=10).json()["number"]
                   for _ in range(3)]
        tomorrow = dt.datetime.now(SHANGHAI).date() + dt.timedelta(days=1)
        booking = requests.post(
            f"{url}/api/v1/centers/{center}/reservations",
            json={"item_id": pension, "name": "王芳", "phone": "13912345678",
                  "slot_start": requests.get(
                      f"{url}/api/v1/centers/{center}/slots?item_id={pension}&date={tomorrow}",
                      timeout=10).json()[0]["start"]}, timeout=10)
        assert booking.status_code == 201
        called = requests.post(f"{url}/api/v1/windows/{window}/call-next", headers=clerk,
                               timeout=10).json()["number"]
        requests.post(f"{url}/api/v1/windows/{window}/recall", headers=clerk, timeout=10)
        requests.post(f"{url}/api/v1/windows/{window}/start", headers=clerk, timeout=10)
        requests.post(f"{url}/api/v1/windows/{window}/complete", headers=clerk, json={},
                      timeout=10)
        events = board.wait_for(9)
    names = [name for name, _ in events]
    assert names == ["window.changed", "ticket.issued", "ticket.issued", "ticket.issued",
                     "reservation.booked", "ticket.called", "ticket.recalled",
                     "ticket.started", "ticket.completed"]
    seqs = [payload["seq"] for _, payload in events]
    assert seqs == list(range(start_seq + 1, start_seq + 10))
    assert [p["ticket"]["number"] for n, p in events if n == "ticket.issued"] == numbers
    call = dict(events)["ticket.called"]
    assert call["ticket"]["number"] == called == numbers[0] and call["window_number"] == 3
    text = str(events)
    assert "王芳" not in text and "13912345678" not in text and "token" not in text


def test_a_board_that_missed_events_catches_up_from_the_snapshot(live_server):
    url = live_server.url
    center = live_server.center_id("pengpu-community")
    pension = item_id(live_server, center, "elderly_allowance")
    with listening(url, center) as board:
        seen = board.snapshot()["seq"]
    # The board is away while two residents take numbers.
    for _ in range(2):
        requests.post(f"{url}/api/v1/centers/{center}/tickets", json={"item_id": pension},
                      timeout=10)
    with listening(url, center) as board:
        snap = board.snapshot()
        assert snap["seq"] == seen + 2
        assert snap["waiting_total"] >= 2
        live = requests.get(f"{url}/api/v1/centers/{center}/hall", timeout=10).json()
        assert live["seq"] == snap["seq"]


def test_a_window_board_hears_its_own_window(live_server):
    url = live_server.url
    center = live_server.center_id("jingan-district")
    window = windows_of(live_server, center)[11]
    clerk = staff_headers(live_server, "clerk3")
    health = item_id(live_server, center, "public_health_license")
    requests.post(f"{url}/api/v1/windows/{window}/open", headers=clerk, timeout=10)
    requests.post(f"{url}/api/v1/centers/{center}/tickets", json={"item_id": health}, timeout=10)
    with listening(url, center, window_id=window) as board:
        requests.post(f"{url}/api/v1/windows/{window}/call-next", headers=clerk, timeout=10)
        name, payload = board.wait_for(1)[0]
    assert name == "ticket.called" and payload["window_number"] == 11


def test_unknown_centers_and_kiosks_without_their_token_are_refused(live_server):
    with pytest.raises(socketio.exceptions.ConnectionError):
        HallListener(live_server.url, 999)
    with pytest.raises(socketio.exceptions.ConnectionError):
        HallListener(live_server.url, 1, kiosk_id=1, token="forged")


@pytest.mark.postgres
@pytest.mark.redis
def test_scaled_out_two_servers_on_postgres_and_redis_share_the_hall(tmp_path, pg_url, redis_url):
    """A board on server A sees the calls made through server B: one database, one queue."""
    channel = f"qms-test-{time.time_ns()}"
    env = {"DATABASE_URL": pg_url, "SOCKETIO_MESSAGE_QUEUE": redis_url,
           "SOCKETIO_CHANNEL": channel}
    a = LiveServer(tmp_path / "a", env).start()
    b = LiveServer(tmp_path / "b", env).start()
    try:
        center = a.center_id("pengpu-community")
        pension = item_id(b, center, "family_planning_pension")
        window = windows_of(b, center)[5]
        clerk = staff_headers(b, "clerk2")
        with listening(a.url, center) as board:
            requests.post(f"{b.url}/api/v1/windows/{window}/open", headers=clerk, timeout=10)
            issued = requests.post(f"{b.url}/api/v1/centers/{center}/tickets",
                                   json={"item_id": pension}, timeout=10).json()
            requests.post(f"{b.url}/api/v1/windows/{window}/call-next", headers=clerk,
                          timeout=10)
            events = board.wait_for(3)
        assert [n for n, _ in events] == ["window.changed", "ticket.issued", "ticket.called"]
        assert events[-1][1]["ticket"]["number"] == issued["number"]
    finally:
        a.stop()
        b.stop()
