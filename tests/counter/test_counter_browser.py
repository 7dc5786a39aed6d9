"""A staff member at the counter page in a real headless Chromium: sign in, take a window,
serve the line with taps and keys."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.boards.live import LiveHall
from tests.boards.pages import (
    COUNTER_SCREEN,
    WINDOW_SCREEN,
    counter_at_window,
    current_number,
    online,
    open_page,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hall(live_server) -> LiveHall:
    return LiveHall(live_server, "pengpu-community")


def pension(hall: LiveHall) -> dict:
    return next(i for i in hall.items() if i["code"] == "family_planning_pension")


def test_a_clerk_serves_a_resident_with_the_keyboard_and_records_the_outcome(
    hall, browser, screenshot
):
    clerk = hall.new_clerk()
    ticket = hall.take(pension(hall))
    context = browser.new_context(viewport=COUNTER_SCREEN)
    try:
        page = counter_at_window(context, hall.url, clerk, 14)
        expect(page.locator(f'.ct-line-row[data-number="{ticket["number"]}"]')).to_be_visible()
        page.keyboard.press("n")
        assert current_number(page) == ticket["number"]
        expect(page.locator("#ticket-item")).to_have_text("计划生育家庭奖励扶助金")
        expect(page.locator("#materials")).to_contain_text("独生子女父母光荣证")
        expect(page.locator("#related")).to_contain_text("少儿居民医保参保登记")
        page.keyboard.press("s")
        expect(page.locator("body")).to_have_attribute("data-current-state", "serving")
        page.locator("#materials input").first.check()
        screenshot(page, "counter_serving_zh")
        page.locator('.ct-langs button[data-lang="en"]').click()
        expect(page.locator("#ticket-item")).to_have_text("Family planning pension")
        expect(page.locator("#related")).to_contain_text("Children's health insurance")
        screenshot(page, "counter_en")
        page.keyboard.press("c")
        expect(page.locator("#overlay")).to_be_visible()
        page.keyboard.press("4")
        page.keyboard.press("Enter")
        problem = page.locator("#dialog-error")
        expect(problem).to_have_text("Tick or write what is missing and choose the due date.")
        expect(problem).to_be_in_viewport()  # beside the buttons, never under them
        page.keyboard.press("3")
        page.keyboard.press("Enter")
        expect(page.locator("#dialog-error")).to_have_text("Enter the tracking number.")
        page.locator('#dialog-body input[name="tracking_number"]').fill("EMS1234567890")
        screenshot(page, "counter_complete_en")
        page.keyboard.press("Enter")
        expect(page.locator("body")).to_have_attribute("data-current", "")
        status = hall.api("GET", f"/tickets/{ticket['token']}").json()
        assert status["state"] == "done"
        assert status["outcome"] == {"kind": "express", "tracking_number": "EMS1234567890"}
        expect(page.locator('.ct-today-cell[data-key="t_completed"] dd')).to_have_text("1")

        page.reload()
        online(page)
        expect(page.locator("#desk")).to_be_visible()
        expect(page.locator("#desk-title")).to_contain_text("Window 14")
        page.locator("#close-window").click()
        expect(page.locator("#signin")).to_be_visible()
        assert hall.window(14)["state"] == "closed"
    finally:
        context.close()


def test_a_window_someone_else_took_cannot_be_taken(hall, browser):
    late, early = hall.new_clerk(), hall.new_clerk()
    context = browser.new_context(viewport=COUNTER_SCREEN)
    w15 = hall.window(15)
    try:
        page = context.new_page()
        page.goto(f"{hall.url}/counter/")
        page.fill("#username", late.username)
        page.fill("#password", late.password)
        page.click("#signin-button")
        tile = page.locator('.ct-window-tile[data-window-number="15"]')
        expect(tile).to_be_enabled()
        hall.open(early, w15)
        tile.click()
        expect(page.locator("#pick-error")).to_have_text("这个窗口已有其他工作人员在使用。")
        expect(tile).to_be_disabled()
        expect(tile).to_contain_text("他人使用中")
        expect(page.locator("#pick")).to_be_visible()
    finally:
        context.close()
        hall.act(early, w15, "close")


def test_out_of_turn_transfer_pause_and_a_walk_up_from_the_counter(hall, browser):
    clerk, neighbour = hall.new_clerk(), hall.new_clerk()
    w16, w17 = hall.window(16), hall.window(17)
    hall.open(neighbour, w17)
    item = hall.item_for(w16)
    first, _, chosen = (hall.take(item)["number"] for _ in range(3))
    desk = browser.new_context(viewport=COUNTER_SCREEN)
    above = browser.new_context(viewport=WINDOW_SCREEN)
    try:
        page = counter_at_window(desk, hall.url, clerk, 16)
        board = open_page(above, f"{hall.url}/display/windows/{w16['id']}")

        row = page.locator(f'.ct-line-row[data-number="{chosen}"]')
        row.locator(".ct-line-call").click()
        page.locator(".ct-chip", has_text="补交材料后返回").click()
        page.keyboard.press("Enter")
        assert current_number(page) == chosen
        expect(board.locator("#ticket")).to_have_text(chosen)
        logged = hall.rows("SELECT data FROM events WHERE type = 'ticket.called' "
                           "AND window_id = ? ORDER BY seq DESC LIMIT 1", w16["id"])
        assert json.loads(logged[0][0])["reason"] == "补交材料后返回"
        expect(page.locator(f'.ct-line-row[data-number="{first}"]')).to_be_visible()
        expect(row).to_have_count(0)

        page.keyboard.press("t")
        page.keyboard.press("2")
        page.locator('#dialog-body select[name="window_id"]').select_option(str(w17["id"]))
        page.locator(".ct-chip", has_text="需专窗办理").click()
        page.keyboard.press("Enter")
        expect(page.locator("body")).to_have_attribute("data-current", "")
        expect(board.locator("#ticket")).to_have_text("")
        waiting = hall.api("GET", f"/windows/{w17['id']}/waiting",
                           headers=neighbour.headers).json()
        assert waiting["tickets"][0]["source"] == "transfer"

        page.keyboard.press("p")
        page.keyboard.press("1")
        page.keyboard.press("Enter")
        expect(page.locator("#desk-state")).to_have_attribute("data-state", "paused")
        expect(page.locator("#call-next")).to_be_disabled()
        expect(board.locator("#window-state")).to_have_text("暂停服务")
        expect(board.locator("#rest")).to_have_text("暂停服务 · 休息中")
        assert hall.window(16)["state_reason"] == "break"
        page.keyboard.press("p")
        expect(page.locator("#desk-state")).to_have_attribute("data-state", "open")
        expect(board.locator("#window-state")).to_have_text("开放中")

        page.keyboard.press("w")
        page.locator('#dialog-body select[name="item_id"]').select_option(str(item["id"]))
        page.keyboard.press("Enter")
        walk_up = current_number(page)
        assert walk_up not in (first, chosen)
        expect(board.locator("#ticket")).to_have_text(walk_up)
        expect(page.locator(f'.ct-line-row[data-number="{first}"]')).to_be_visible()
    finally:
        desk.close()
        above.close()
        for c, w in ((clerk, w16), (neighbour, w17)):
            hall.act(c, w, "no-show")
            hall.act(c, w, "close")


def test_a_clerk_whose_window_a_manager_closed_is_told_so(live_server, hall, browser):
    clerk = hall.new_clerk()
    manager = {"Authorization": f"Bearer {live_server.token('manager')}"}
    context = browser.new_context(viewport=COUNTER_SCREEN)
    try:
        page = counter_at_window(context, hall.url, clerk, 18)
        w18 = hall.window(18)
        assert hall.api("POST", f"/windows/{w18['id']}/close", headers=manager).ok
        expect(page.locator("#pick")).to_be_visible()
        expect(page.locator("#pick-error")).to_have_text("18号窗口已不由您使用（可能被负责人关闭）。")
        expect(page.locator('.ct-window-tile[data-window-number="18"]')).to_contain_text("未开放")
    finally:
        context.close()
