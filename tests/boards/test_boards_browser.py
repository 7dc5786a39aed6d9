"""The hall board, the window board and the pad in a real headless Chromium, live."""

from __future__ import annotations

import math
import re
import signal
import statistics

import pytest
import requests
from playwright.sync_api import expect

from tests.boards.live import LiveHall
from tests.boards.pages import (
    COUNTER_SCREEN,
    PAD_SCREEN,
    TV,
    WINDOW_SCREEN,
    counter_at_window,
    current_number,
    online,
    open_page,
)
from tests.waiting import eventually

pytestmark = pytest.mark.browser
CALLS = 20


@pytest.fixture(scope="module")
def hall(live_server) -> LiveHall:
    return LiveHall(live_server, "pengpu-community")


def announcements(page) -> list[dict]:
    return page.evaluate("window.__announcements || []")


def test_a_call_flashes_on_the_hall_board_and_is_announced_in_both_languages(
    live_server, hall, browser, screenshot
):
    clerk, other = hall.new_clerk(), hall.new_clerk()
    w7, w2 = hall.window(7), hall.window(2)
    hall.open(clerk, w7)
    hall.open(other, w2)
    item = hall.item_for(w7)
    for _ in range(4):
        hall.take(item)
    earlier = hall.act(other, w2, "call-next")
    assert earlier.status_code == 200
    manager = {"Authorization": f"Bearer {live_server.token('manager')}"}
    context = browser.new_context(viewport=TV)
    try:
        board = open_page(context, f"{hall.url}/display/{hall.center_id}")
        # The board has its first snapshot (it shows window 2's earlier call): a call made
        # now arrives as a live event, which flashes, not inside that snapshot.
        expect(board.locator('.hb-window[data-window-number="2"] .hb-window-ticket')) \
            .to_have_text(earlier.json()["number"])
        board.locator("body").click()  # one touch: browsers allow sound only after one
        number = hall.act(clerk, w7, "call-next").json()["number"]
        expect(board.locator("#now-number")).to_have_text(number)
        expect(board.locator("#now-window")).to_have_text("7号窗口")
        expect(board.locator("#now")).to_have_class(re.compile(r"\bflash\b"))
        expect(board.locator('.hb-window[data-window-number="7"] .hb-window-ticket')) \
            .to_have_text(number)
        said = eventually(lambda: announcements(board), what="the announcement")[-1]
        in_chinese = " ".join("零一二三四五六七八九"[int(c)] if c.isdigit() else c for c in number)
        assert said["zh"] == f"请 {in_chinese} 号，到 7 号窗口办理"
        assert said["en"] == f"Number {' '.join(number)}, please go to window 7."
        hall.act(clerk, w7, "recall")
        # Announcements never overlap: the recall is said once the first call has been said
        # in full, clip by clip, in both languages.
        again = eventually(lambda: len(announcements(board)) == 2 and announcements(board)[1],
                           timeout=40, what="the recall's announcement")
        assert again["zh"].startswith("再次呼叫") and again["en"].startswith("Calling again")
        expect(board.locator("#now-recall")).to_be_visible()
        requests.put(f"{hall.url}/api/v1/centers/{hall.center_id}/notice", headers=manager,
                     json={"notice": "16:00 后社保业务暂停受理，请提前取号。"}, timeout=10)
        expect(board.locator("#notice-text")).to_have_text("16:00 后社保业务暂停受理，请提前取号。")
        expect(board.locator(".hb-group").first).to_contain_text("等候")
        screenshot(board, "hall_board_zh")
        shown = board.inner_text("body")
        assert clerk.username not in shown and other.username not in shown

        english = open_page(context, f"{hall.url}/display/{hall.center_id}?lang=en")
        expect(english.locator("#now-window")).to_have_text("Window 7")
        expect(english.locator("#center-name")).to_have_text(
            "Pengpu Xincun Community Affairs Service Center")
        expect(english.locator(".hb-group").first).to_contain_text("waiting")
        screenshot(english, "hall_board_en")
    finally:
        context.close()
        requests.put(f"{hall.url}/api/v1/centers/{hall.center_id}/notice", headers=manager,
                     json={"notice": ""}, timeout=10)
        for c, w in ((clerk, w7), (other, w2)):
            hall.act(c, w, "complete")
            hall.act(c, w, "close")


def test_voice_can_be_turned_off_on_a_board_and_it_stays_off(hall, browser):
    clerk = hall.new_clerk()
    w3 = hall.window(3)
    hall.open(clerk, w3)
    item = hall.item_for(w3)
    context = browser.new_context(viewport=TV)
    try:
        board = open_page(context, f"{hall.url}/display/{hall.center_id}?voice=off")
        toggle = board.locator("#voice-toggle")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        hall.take(item)
        number = hall.act(clerk, w3, "call-next").json()["number"]
        expect(board.locator("#now-number")).to_have_text(number)
        assert announcements(board) == []
        board.goto(f"{hall.url}/display/{hall.center_id}")
        online(board)
        expect(toggle).to_have_attribute("aria-pressed", "false")
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        hall.act(clerk, w3, "recall")
        said = eventually(lambda: announcements(board), what="the announcement")
        assert said[0]["number"] == number and said[0]["recall"] is True
    finally:
        context.close()
        hall.act(clerk, w3, "complete")
        hall.act(clerk, w3, "close")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def test_a_tap_on_call_next_reaches_the_hall_board_and_the_window_board(
    hall, browser, screenshot, capsys
):
    clerk = hall.new_clerk()
    w8 = hall.window(8)
    item = hall.item_for(w8)
    for _ in range(CALLS):
        hall.take(item)
    desk = browser.new_context(viewport=COUNTER_SCREEN)
    tv = browser.new_context(viewport=TV)
    above = browser.new_context(viewport=WINDOW_SCREEN)
    try:
        counter = counter_at_window(desk, hall.url, clerk, 8)
        board = open_page(tv, f"{hall.url}/display/{hall.center_id}?voice=off")
        window_board = open_page(above, f"{hall.url}/display/windows/{w8['id']}")
        expect(window_board.locator("#window-state")).to_have_attribute("data-state", "open")
        to_hall, to_window = [], []
        for i in range(CALLS):
            counter.locator("#call-next").click()
            number = current_number(counter)
            tapped = counter.evaluate("window.__taps[window.__taps.length - 1]")
            on_hall = board.wait_for_function(
                "n => (window.__shown || {})[n]", arg=number).json_value()
            on_window = window_board.wait_for_function(
                "n => (window.__shown || {})[n]", arg=number).json_value()
            to_hall.append(on_hall - tapped)
            to_window.append(on_window - tapped)
            expect(board.locator("#now-number")).to_have_text(number)
            expect(window_board.locator("#ticket")).to_have_text(number)
            if i == 0:
                expect(counter.locator("#materials li").first).to_be_visible()
                screenshot(window_board, "window_board")
                screenshot(counter, "counter_zh")
            counter.keyboard.press("c")
            expect(counter.locator("#overlay")).to_be_visible()
            counter.keyboard.press("Enter")
            expect(counter.locator("body")).to_have_attribute("data-current", "")
        expect(window_board.locator("#ticket")).to_have_text("")
        with capsys.disabled():
            for name, values in (("hall board", to_hall), ("window board", to_window)):
                print(f"\ntap on call next -> {name}, {len(values)} calls: "
                      f"p50 {statistics.median(values):.0f} ms, "
                      f"p95 {percentile(values, 0.95):.0f} ms, max {max(values):.0f} ms")
        assert len(to_hall) == len(to_window) == CALLS
    finally:
        for context in (desk, tv, above):
            context.close()
        hall.act(clerk, w8, "close")


def test_a_board_cut_off_while_two_calls_happen_shows_both_after_it_reconnects(hall, browser):
    first, second = hall.new_clerk(), hall.new_clerk()
    w9, w10 = hall.window(9), hall.window(10)
    hall.open(first, w9)
    hall.open(second, w10)
    item = hall.item_for(w9)
    hall.take(item)
    hall.take(item)
    context = browser.new_context(viewport=TV)
    cut = {"on": False}
    sockets = []

    def route(ws):
        if cut["on"]:
            ws.close()
            return
        sockets.append(ws)
        ws.connect_to_server()

    context.route_web_socket(re.compile(r"/socket\.io/"), route)
    try:
        board = open_page(context, f"{hall.url}/display/{hall.center_id}?voice=off")
        window_board = open_page(context, f"{hall.url}/display/windows/{w10['id']}")
        cut["on"] = True
        for ws in sockets:
            ws.close()
        expect(board.locator("#offline-banner")).to_be_visible()
        expect(window_board.locator("#offline-banner")).to_be_visible()
        a = hall.act(first, w9, "call-next").json()["number"]
        b = hall.act(second, w10, "call-next").json()["number"]
        cut["on"] = False
        online(board)
        online(window_board)
        expect(board.locator("#now-number")).to_have_text(b)
        expect(board.locator("#now-window")).to_have_text("10号窗口")
        expect(board.locator(f'.hb-prev[data-number="{a}"]')).to_contain_text("9号窗口")
        expect(board.locator('.hb-window[data-window-number="9"]')).to_have_attribute(
            "data-ticket", a)
        expect(window_board.locator("#ticket")).to_have_text(b)
    finally:
        context.close()
        for clerk, w in ((first, w9), (second, w10)):
            hall.act(clerk, w, "no-show")
            hall.act(clerk, w, "close")


def test_a_rating_tapped_on_the_pad_is_stored(hall, browser, screenshot):
    clerk = hall.new_clerk()
    w11 = hall.window(11)
    hall.open(clerk, w11)
    me = hall.api("GET", "/auth/me", headers=clerk.headers).json()
    item = hall.item_for(w11)
    context = browser.new_context(viewport=PAD_SCREEN)
    try:
        pad = open_page(context, f"{hall.url}/pad/{w11['id']}?device={hall.pad_token()}")
        expect(pad.locator("body")).to_have_attribute("data-step", "rest")
        for score, reason in ((5, ""), (1, "long_wait")):
            hall.take(item)
            number = hall.act(clerk, w11, "call-next").json()["number"]
            expect(pad.locator("#serving-number")).to_have_text(number)
            if score == 5:
                screenshot(pad, "pad_rest")
            hall.act(clerk, w11, "complete")
            expect(pad.locator("body")).to_have_attribute("data-step", "ask")
            expect(pad.locator("#ask-ticket")).to_contain_text(number)
            if score == 5:
                screenshot(pad, "pad")
            pad.locator(f'.pd-score[data-score="{score}"]').click()
            if reason:
                expect(pad.locator("body")).to_have_attribute("data-step", "why")
                screenshot(pad, "pad_reason")
                pad.locator(f'.pd-reason[data-reason="{reason}"]').click()
            expect(pad.locator("body")).to_have_attribute("data-step", "thanks")
            expect(pad.locator("body")).to_have_attribute("data-stored", f"{number}:{score}")
            stored = hall.rows(
                "SELECT r.score, r.reason, r.window_id, r.staff_user_id FROM ratings r "
                "JOIN tickets t ON t.id = r.ticket_id WHERE t.number = ? AND r.center_id = ?",
                number, hall.center_id)
            assert stored == [(score, reason, w11["id"], me["id"])]
        expect(pad.locator("body")).to_have_attribute("data-step", "rest", timeout=10000)
    finally:
        context.close()
        hall.act(clerk, w11, "close")


def test_a_board_survives_a_server_restart(live_server, hall, browser):
    clerk = hall.new_clerk()
    w12 = hall.window(12)
    hall.open(clerk, w12)
    item = hall.item_for(w12)
    context = browser.new_context(viewport=TV)
    try:
        board = open_page(context, f"{hall.url}/display/{hall.center_id}?voice=off")
        live_server.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        live_server.process.wait(15)
        expect(board.locator("#offline-banner")).to_be_visible()
        live_server.restart()
        online(board)
        hall.take(item)
        number = hall.act(clerk, w12, "call-next").json()["number"]
        expect(board.locator("#now-number")).to_have_text(number, timeout=10000)
        expect(board.locator('.hb-window[data-window-number="12"]')).to_have_attribute(
            "data-ticket", number)
    finally:
        context.close()
        hall.act(clerk, w12, "no-show")
        hall.act(clerk, w12, "close")
