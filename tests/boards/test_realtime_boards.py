"""What the boards hear over a real websocket: every change in order, and a catch-up
from the snapshot for a board that missed some."""

from __future__ import annotations

import threading

import socketio

from tests.boards.live import LiveHall
from tests.waiting import eventually


class Board:
    """A board's Socket.IO connection (python-socketio over a websocket), recording events."""

    def __init__(self, url: str, **auth) -> None:
        self.url, self.auth = url, auth
        self.events: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", self._on_event, namespace="/hall")
        self.connect()

    def connect(self) -> None:
        self.client.connect(self.url, namespaces=["/hall"], transports=["websocket"],
                            auth=self.auth, wait_timeout=10)

    def _on_event(self, name: str, payload: dict) -> None:
        with self.lock:
            self.events.append((name, payload))

    def seen(self) -> list[tuple[str, dict]]:
        with self.lock:
            return list(self.events)

    def wait_for(self, count: int) -> list[tuple[str, dict]]:
        eventually(lambda: len(self.seen()) >= count, what=f"{count} events")
        return self.seen()

    def snapshot(self) -> dict:
        return self.client.call("snapshot", {}, namespace="/hall", timeout=10)

    def close(self) -> None:
        self.client.disconnect()


def test_hall_and_window_boards_hear_a_whole_service_in_order(live_server):
    hall = LiveHall(live_server, "pengpu-community")
    clerk = hall.new_clerk()
    window = hall.window(4)
    item = hall.item_for(window)
    hall_board = Board(live_server.url, center_id=hall.center_id)
    window_board = Board(live_server.url, window_id=window["id"])
    try:
        start = hall_board.snapshot()["seq"]
        hall.open(clerk, window)
        number = hall.take(item)["number"]
        for action in ("call-next", "recall", "start", "complete"):
            assert hall.act(clerk, window, action).status_code == 200, action
        pad = {"Authorization": f"Bearer {hall.pad_token()}"}
        shown = hall.api("GET", f"/windows/{window['id']}/ratings/pending").json()
        assert hall.api("POST", f"/windows/{window['id']}/ratings", headers=pad,
                        json={"score": 5, "reason": "attitude",
                              "ticket_id": shown["ticket_id"]}).status_code == 201
        walk_up = hall.act(clerk, window, "walk-up", {"item_id": item["id"]}).json()["number"]
        expected = ["window.changed", "ticket.issued", "ticket.called", "ticket.recalled",
                    "ticket.started", "ticket.completed", "rating.recorded", "ticket.issued",
                    "ticket.called"]
        for board in (hall_board, window_board):
            events = board.wait_for(len(expected))
            assert [name for name, _ in events] == expected
            assert [p["seq"] for _, p in events] == list(range(start + 1, start + 10))
        calls = [p for name, p in hall_board.seen() if name == "ticket.called"]
        assert [(p["ticket"]["number"], p["window_number"]) for p in calls] == [
            (number, 4), (walk_up, 4)]
        rating = next(p for name, p in hall_board.seen() if name == "rating.recorded")
        assert rating["score"] == 5 and "attitude" not in str(rating)
        assert rating["ticket"]["number"] == number
    finally:
        hall_board.close()
        window_board.close()
        hall.act(clerk, window, "complete")
        hall.act(clerk, window, "close")


def test_a_board_that_missed_calls_catches_up_from_the_snapshot(live_server):
    hall = LiveHall(live_server, "pengpu-community")
    first, second = hall.new_clerk(), hall.new_clerk()
    w5, w6 = hall.window(5), hall.window(6)
    hall.open(first, w5)
    hall.open(second, w6)
    item = hall.item_for(w5)
    hall.take(item)
    hall.take(item)
    board = Board(live_server.url, center_id=hall.center_id)
    try:
        before = board.snapshot()["seq"]
        board.close()
        a = hall.act(first, w5, "call-next").json()["number"]
        b = hall.act(second, w6, "call-next").json()["number"]
        board.connect()
        snap = board.snapshot()
        assert snap["seq"] == before + 2 == hall.hall()["seq"]
        assert [c["number"] for c in snap["last_calls"][:2]] == [b, a]
        current = {w["number"]: (w["current_ticket"] or {}).get("number")
                   for w in snap["windows"]}
        assert (current[5], current[6]) == (a, b)
        hall.act(first, w5, "recall")
        name, payload = board.wait_for(1)[-1]
        assert (name, payload["seq"]) == ("ticket.recalled", snap["seq"] + 1)
    finally:
        board.close()
        for clerk, w in ((first, w5), (second, w6)):
            hall.act(clerk, w, "no-show")
            hall.act(clerk, w, "close")
