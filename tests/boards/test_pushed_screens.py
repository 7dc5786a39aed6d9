"""Screens live on pushed state: while calls happen, a hall board, a resident's ticket page
and a manager's live dashboard send no HTTP request and ask for no snapshot, and still show
the right numbers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.boards.live import LiveHall
from tests.boards.pages import TV
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser
CALLS = 10


def number(n: int) -> re.Pattern:
    return re.compile(rf"(^|\D){n}(\D|$)")


class Watch:
    """What a page asks of the server: its HTTP API requests and its Socket.IO snapshots."""

    def __init__(self, page) -> None:
        self.requests: list[str] = []
        self.snapshots = 0
        page.on("request", self._request)
        page.on("websocket", lambda ws: ws.on("framesent", self._frame))

    def _request(self, request) -> None:
        if "/api/" in request.url:
            self.requests.append(request.url)

    def _frame(self, payload) -> None:
        if isinstance(payload, str) and '"snapshot"' in payload:
            self.snapshots += 1

    def reset(self) -> None:
        self.requests.clear()
        self.snapshots = 0


def test_calls_move_the_board_the_residents_page_and_the_dashboard_without_a_request(
    live_server, browser
):
    hall = LiveHall(live_server, "pengpu-community")
    clerk = hall.new_clerk()
    w7 = hall.window(7)
    hall.open(clerk, w7)
    item = hall.item_for(w7)
    for _ in range(CALLS + 2):
        mine = hall.take(item)
    context = browser.new_context(viewport=TV)
    try:
        board, phone, dash = (context.new_page() for _ in range(3))
        watched = {"board": Watch(board), "phone": Watch(phone), "dashboard": Watch(dash)}
        board.goto(f"{hall.url}/display/{hall.center_id}")
        phone.goto(f"{hall.url}/t/{mine['token']}")
        dash.goto(f"{hall.url}/dashboard/?center={hall.center_id}&lang=en")
        dash.fill("#username", "manager")
        dash.fill("#password", DEMO_PASSWORD)
        dash.click("#signin-button")
        expect(dash.locator("#tile-waiting")).not_to_have_text("–")
        for page in (board, phone, dash):
            expect(page.locator("html")).to_have_attribute("data-connection", "online",
                                                           timeout=15000)
        expect(phone.locator("#ticket-ahead")).to_have_text(number(mine["ahead"]))
        board.wait_for_timeout(1000)
        assert all(w.snapshots >= 1 for w in watched.values())  # on connect, as it should
        for watch in watched.values():
            watch.reset()

        for _ in range(CALLS):
            assert hall.act(clerk, w7, "call-next").status_code == 200
            assert hall.act(clerk, w7, "complete").status_code == 200

        status = hall.api("GET", f"/tickets/{mine['token']}").json()
        snap = hall.hall()
        group = next(g for g in snap["waiting_by_group"] if g["windows"].count(7))
        expect(phone.locator("#ticket-ahead")).to_have_text(number(status["ahead"]))
        assert status["ahead"] < mine["ahead"]
        expect(board.locator(f'.hb-group[data-group="{group["group"]}"] .hb-group-waiting')) \
            .to_have_text(number(group["waiting"]))
        expect(board.locator("body")).to_have_attribute("data-seq", str(snap["seq"]))
        expect(dash.locator("#tile-waiting")).to_have_text(str(snap["waiting_total"]))
        expect(dash.locator('.db-window[data-number="7"]')).to_contain_text(
            str(next(w["waiting"] for w in snap["windows"] if w["number"] == 7)))
        assert {k: (w.requests, w.snapshots) for k, w in watched.items()} == {
            "board": ([], 0), "phone": ([], 0), "dashboard": ([], 0)}
    finally:
        context.close()
