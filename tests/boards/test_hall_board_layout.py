"""The hall board on a 1920x1080 TV with a notice posted: nothing clipped, only what is open
drawn, waiting counts that add up, and a recall label that goes once the resident is served."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.boards.live import LiveHall
from tests.boards.pages import TV, open_page

pytestmark = pytest.mark.browser


def inside(inner: dict, outer: dict) -> bool:
    return (inner["x"] >= outer["x"] - 0.5 and inner["y"] >= outer["y"] - 0.5
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5)


def test_with_a_notice_the_board_fits_and_shows_what_is_open(live_server, browser, screenshot):
    hall = LiveHall(live_server, "pengpu-community")
    li, wang = hall.new_clerk(), hall.new_clerk()
    w3, w4 = hall.window(3), hall.window(4)
    hall.open(li, w3)
    hall.open(wang, w4)
    item = hall.item_for(w3)
    for _ in range(10):
        hall.take(item)
    for n in range(7):
        clerk, w = (li, w3) if n % 2 else (wang, w4)
        assert hall.act(clerk, w, "call-next").status_code == 200
        assert hall.act(clerk, w, "complete").status_code == 200
    last = hall.act(li, w3, "call-next").json()["number"]
    hall.act(li, w3, "recall")
    manager = {"Authorization": f"Bearer {live_server.token('manager')}"}
    requests.put(f"{hall.url}/api/v1/centers/{hall.center_id}/notice", headers=manager,
                 json={"notice": "16:00 后社保业务暂停受理，请提前取号。"}, timeout=10
                 ).raise_for_status()
    context = browser.new_context(viewport=TV)
    try:
        board = open_page(context, f"{hall.url}/display/{hall.center_id}?voice=off")
        expect(board.locator("#notice")).to_be_visible()
        expect(board.locator("#now-number")).to_have_text(last)
        expect(board.locator("#now-recall")).to_be_visible()
        screenshot(board, "hall_board_with_notice_zh")

        previous = board.locator(".hb-prev")
        expect(previous).to_have_count(6)
        area = board.locator(".hb-previous").bounding_box()
        for i in range(6):
            assert inside(previous.nth(i).bounding_box(), area), f"called row {i + 1} is cut"
        screen = {"x": 0, "y": 0, **TV}
        for part in ("#notice", ".hb-groups", ".hb-previous", ".hb-windows"):
            assert inside(board.locator(part).bounding_box(), screen), part

        windows = hall.windows()
        drawn = [w["number"] for w in windows if w["state"] != "closed"]
        assert {3, 4} <= set(drawn)
        expect(board.locator(".hb-window")).to_have_count(len(drawn))
        expect(board.locator("#windows-closed")).to_contain_text("未开放窗口")
        expect(board.locator("#windows-closed")).to_contain_text(re.compile(r"\d+-\d+"))

        snapshot = hall.hall()
        groups = snapshot["waiting_by_group"]
        assert sum(g["waiting"] for g in groups) == snapshot["waiting_total"] == 2
        shown = [int(re.search(r"\d+", t).group()) for t in
                 board.locator(".hb-group-waiting").all_inner_texts()]
        assert sum(shown) == 2
        closed_groups = [g["group"] for g in groups if not g["open_windows"] and not g["waiting"]]
        for name in closed_groups:
            expect(board.locator(f'.hb-group[data-group="{name}"]')).to_have_count(0)

        hall.act(li, w3, "start")
        expect(board.locator("#now-recall")).to_be_hidden()
        expect(board.locator("#now-number")).to_have_text(last)
    finally:
        context.close()
