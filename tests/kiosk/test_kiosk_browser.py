"""The kiosk in a real headless Chromium against a real server: what a resident sees and taps."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from tests.kiosk.conftest import PORTRAIT

pytestmark = pytest.mark.browser



def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def ticket_numbers(page) -> list[str]:
    return page.locator(".ticket-card[data-token] .t-number").all_inner_texts()


def status(live_server, token: str) -> dict:
    return requests.get(f"{live_server.url}/api/v1/tickets/{token}", timeout=10).json()


def test_a_resident_walks_the_supermarket_funnel_and_takes_the_tickets(
        open_kiosk, city, live_server, screenshot):
    page = open_kiosk(city["jingan"], kiosk=city["jingan_kiosk"])
    screenshot(page, "kiosk-home-zh")
    page.click("[data-action='guide']")
    page.click("[data-guide='food']")
    expect(page.locator("#question-text")).to_have_text("您要开办哪一种业态？")
    expect(page.locator("#steps li.current")).to_have_text("1 业态")
    button(page, "超市").click()
    expect(page.locator("#question-text")).to_have_text("超市的经营面积有多大？")
    expect(page.locator("#question-options .choice")).to_have_count(3)
    screenshot(page, "kiosk-funnel-zh")
    button(page, "大型（6000平方米以上）").click()
    button(page, "零售").click()
    expect(page.locator("#steps li.current")).to_have_text("3 情形")
    button(page, "是，现场制售").click()

    expect(page.locator("#scenario-title")).to_have_text("大型超市（零售，含现场制售）")
    expect(page.locator("#scenario-items li")).to_have_text(
        ["食品经营许可证", "公共场所卫生许可证"])
    expect(page.locator("#scenario-materials")).to_contain_text("食品加工制作流程图")
    expect(page.locator("#scenario-precautions")).to_contain_text("现场核查")
    screenshot(page, "kiosk-scenario-zh")
    page.click("[data-action='guide-take']")

    expect(page.locator("#ticket-screen")).to_be_visible()
    expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^A\d{3}$"))
    expect(page.locator(".ticket-card[data-token]")).to_have_count(2)
    expect(page.locator(".paper-slot .paper-qr")).to_be_visible()
    screenshot(page, "kiosk-guide-tickets-zh")
    numbers = ticket_numbers(page)
    assert re.match(r"^H\d{3}$", numbers[1])
    tokens = page.locator(".ticket-card[data-token]").evaluate_all(
        "cards => cards.map(c => c.dataset.token)")
    issued = [status(live_server, token) for token in tokens]
    assert [t["item_name"] for t in issued] == ["食品经营许可证", "公共场所卫生许可证"]
    assert [t["number"] for t in issued] == numbers and issued[1]["windows"] == [11]

    src = page.locator(".paper-slot .paper-qr").get_attribute("src")
    token = src.split("/")[3]
    paper = requests.get(f"{live_server.url}/api/v1/guide-papers/{token}", timeout=10).json()
    assert paper["scenario"] == "supermarket_large_retail_made"
    assert [t["number"] for t in paper["content"]["tickets"]] == numbers
    sheet = page.context.new_page()
    sheet.set_viewport_size({"width": 900, "height": 1270})
    sheet.goto(paper["url"])
    expect(sheet.locator("tr[data-key='scale'] td")).to_contain_text("大型超市")
    expect(sheet.locator("tr[data-key='onsite_food'] td")).to_contain_text("含现场制售")
    expect(sheet.locator(".ticket")).to_have_text([f"号码 {n}" for n in numbers])
    screenshot(sheet, "kiosk-paper-zh")


def test_the_language_switch_changes_every_screen(open_kiosk, city, live_server, screenshot):
    page = open_kiosk(city["jingan"])
    page.click("[data-lang='en']")
    expect(page.locator("[data-action='take'] .home-title")).to_have_text("Take a number")
    expect(page.locator("[data-lang='en']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#center-name")).to_have_text(
        "Jing'an District Administrative Service Center")
    screenshot(page, "kiosk-home-en")
    page.click("[data-action='guide']")
    page.click("[data-guide='food']")
    button(page, "Supermarket").click()
    expect(page.locator("#question-text")).to_have_text("How large is the supermarket?")
    screenshot(page, "kiosk-funnel-en")
    button(page, "Small (under 200 m²)").click()
    button(page, "No, finished goods only").click()
    expect(page.locator("#scenario-title")).to_have_text("Small supermarket, retail")
    screenshot(page, "kiosk-scenario-en")
    page.click("[data-action='guide-take']")
    expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^A\d{3}$"))
    expect(page.locator(".t-windows")).to_have_text("Go to window 1–4")
    expect(page.locator(".t-label")).to_have_text("Your number")
    screenshot(page, "kiosk-ticket-en")
    page.click("[data-lang='zh']")  # the screen on show is redrawn in the other language
    expect(page.locator(".t-label")).to_have_text("您的号码")
    expect(page.locator(".t-windows")).to_have_text("请到 1–4 号窗口")

    token = page.locator(".paper-slot .paper-qr").get_attribute("src").split("/")[3]
    sheet = page.context.new_page()
    sheet.set_viewport_size({"width": 900, "height": 1270})
    sheet.goto(f"{live_server.url}/kiosk/paper/{token}")
    expect(sheet.locator("h1")).to_have_text("Guide paper")  # made while the kiosk spoke English
    expect(sheet.locator("tr[data-key='scale'] td")).to_contain_text("Small supermarket")
    screenshot(sheet, "kiosk-paper-en")
    sheet.goto(f"{live_server.url}/kiosk/paper/{token}?lang=zh")
    expect(sheet.locator("h1")).to_have_text("办事指引单")


def test_a_search_by_pinyin_initials_and_a_double_tap_give_one_ticket(
        open_kiosk, city, live_server, screenshot):
    page = open_kiosk(city["pengpu"], kiosk=city["pengpu_kiosk"])
    page.click("[data-action='take']")
    for key in "SBK":
        page.click(f"#search-keyboard [data-key='{key}']")
    expect(page.locator("#item-search")).to_have_value("sbk")
    expect(page.locator("#items .item .item-name").first).to_have_text("社保卡补换")
    page.locator("#items .item").first.click()
    expect(page.locator("#confirm-item")).to_have_text("社保卡补换")
    page.click("[data-priority='elderly']")
    page.locator("[data-action='confirm-take']").evaluate("b => { b.click(); b.click(); }")
    expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^S\d{3}$"))
    expect(page.locator(".t-priority")).to_have_text("老年人")
    screenshot(page, "kiosk-ticket-zh")
    number = int(page.locator("#ticket-number").inner_text()[1:])
    after = requests.post(f"{live_server.url}/api/v1/centers/{city['pengpu']}/tickets",
                          json={"item_id": city["items"]["social_security_card_replacement"]},
                          timeout=10).json()
    assert after["number"] == f"S{number + 1:03d}"  # the double tap issued one ticket


def test_a_retry_after_a_lost_answer_gives_the_same_ticket(open_kiosk, city, live_server):
    page = open_kiosk(city["pengpu"])
    keys: list[str] = []

    def lose_the_first_answer(route):
        keys.append(route.request.headers.get("idempotency-key", ""))
        response = route.fetch()  # the server issues the ticket...
        if len(keys) == 1:
            route.abort("connectionreset")  # ...but its answer never reaches the kiosk
        else:
            route.fulfill(response=response)

    page.route("**/api/v1/centers/*/tickets", lose_the_first_answer)
    page.click("[data-action='take']")
    page.locator("#items .item", has_text="失业登记").click()
    page.click("[data-action='confirm-take']")
    expect(page.locator("#error-title")).to_have_text("网络连接中断")
    page.click("[data-action='retry']")
    expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^S\d{3}$"))
    token = page.locator(".ticket-card").get_attribute("data-token")
    assert len(keys) == 2 and keys[0] == keys[1] and keys[0].startswith("kiosk-")
    assert status(live_server, token)["number"] == page.locator("#ticket-number").inner_text()
    snapshot = requests.get(f"{live_server.url}/api/v1/tickets/{token}", timeout=10).json()
    assert snapshot["item_name"] == "失业登记"


@pytest.fixture
def noon(live_server, city) -> Iterator[dt.date]:
    """Pengpu, for one test, in a time zone where it is about noon now and open all day: a
    slot of today is always ahead, at whatever hour the test runs. Yields Pengpu's today."""
    zone = ZoneInfo(f"Etc/GMT{dt.datetime.now(dt.UTC).hour - 12:+d}")  # Etc/GMT-N is UTC+N
    today = dt.datetime.now(zone).date()
    with sqlite3.connect(live_server.instance / "qms.sqlite3") as db:
        before = db.execute("SELECT timezone, special_days FROM centers WHERE id = ?",
                            (city["pengpu"],)).fetchone()
        days = {**json.loads(before[1] or "{}"), today.isoformat(): ["00:00", "24:00"]}
        db.execute("UPDATE centers SET timezone = ?, special_days = ? WHERE id = ?",
                   (zone.key, json.dumps(days), city["pengpu"]))
    yield today
    with sqlite3.connect(live_server.instance / "qms.sqlite3") as db:
        db.execute("UPDATE centers SET timezone = ?, special_days = ? WHERE id = ?",
                   (*before, city["pengpu"]))


def book_today(live_server, center: int, item: int, phone: str, today: dt.date) -> str:
    """A booking for the first slot still ahead today."""
    slots = requests.get(f"{live_server.url}/api/v1/centers/{center}/slots",
                         params={"item_id": item, "date": today.isoformat()}, timeout=10).json()
    r = requests.post(f"{live_server.url}/api/v1/centers/{center}/reservations", json={
        "item_id": item, "slot_start": slots[0]["start"], "name": "王芳", "phone": phone,
    }, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()["code"]


def test_a_resident_types_a_booking_code_and_gets_a_reservation_ticket(
        open_kiosk, city, live_server, screenshot, noon):
    item = city["items"]["social_security_card_replacement"]
    code = book_today(live_server, city["pengpu"], item, "13800138001", noon)
    page = open_kiosk(city["pengpu"], kiosk=city["pengpu_kiosk"])
    page.click("[data-action='reservation']")
    for key in code:
        page.click(f"#code-keypad [data-key='{key}']")
    expect(page.locator("#reservation-code")).to_have_value(code)
    screenshot(page, "kiosk-reservation-zh")
    page.click("[data-action='check-in']")
    expect(page.locator("#ticket-screen")).to_be_visible()
    expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^R\d{3}$"))
    expect(page.locator(".t-label")).to_have_text("预约号码")
    token = page.locator(".ticket-card").get_attribute("data-token")
    assert status(live_server, token)["source"] == "reservation"

    page.click("[data-action='done']")
    page.click("[data-action='reservation']")
    page.fill("#reservation-code", code)  # the same code again
    page.click("[data-action='check-in']")
    expect(page.locator("#error-title")).to_have_text("该预约已签到")
    screenshot(page, "kiosk-error-zh")
    page.click("#error-screen [data-action='home']")
    page.click("[data-action='reservation']")
    page.fill("#reservation-code", "ACDEFGHJ")
    page.keyboard.press("Enter")
    expect(page.locator("#reservation-problem")).to_contain_text("没有找到这个预约码")


def test_a_scanned_booking_code_checks_in_from_the_home_screen(
        open_kiosk, city, live_server, noon):
    item = city["items"]["unemployment_registration"]
    code = book_today(live_server, city["pengpu"], item, "13800138002", noon)
    page = open_kiosk(city["pengpu"])
    page.keyboard.type(code, delay=15)  # a scanner types like a keyboard...
    page.keyboard.press("Enter")  # ...and ends with Enter
    expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^R\d{3}$"))
    expect(page.locator(".t-item")).to_have_text("失业登记")


def test_an_idle_kiosk_returns_home_in_its_own_language(open_kiosk, city):
    page = open_kiosk(city["pengpu"], idle=3)
    page.click("[data-lang='en']")
    page.click("[data-action='take']")
    page.click("#search-keyboard [data-key='S']")
    expect(page.locator("#take-screen")).to_be_visible()
    expect(page.locator("#idle-note")).to_contain_text("back to the start", timeout=5000)
    expect(page.locator("#home-screen")).to_be_visible(timeout=8000)
    expect(page.locator("[data-action='take'] .home-title")).to_have_text("取号")
    page.click("[data-action='take']")
    expect(page.locator("#item-search")).to_have_value("")


def test_a_printer_out_of_paper_is_said_in_plain_words(
        open_kiosk, city, live_server, screenshot):
    created = json.loads(live_server.qms("device", "create", "--center", str(city["jingan"]),
                                         "--kind", "kiosk", "--name", "测试取号机", "--json"))
    device = {"Authorization": f"Bearer {created['token']}"}
    report = f"{live_server.url}/api/v1/devices/{created['id']}/status"
    page = open_kiosk(city["jingan"], kiosk=created["id"], lang="en")
    r = requests.put(report, json={"printer": "paper_out"}, headers=device, timeout=10)
    assert r.ok, r.text
    expect(page.locator("#printer-home")).to_contain_text("out of paper")
    page.click("[data-action='take']")
    page.locator("#items .item").first.click()
    page.click("[data-action='confirm-take']")
    expect(page.locator("#ticket-number")).to_be_visible()
    expect(page.locator("#printer-note")).to_contain_text(
        "will print when the printer is back")
    screenshot(page, "kiosk-printer-out-en")
    requests.put(report, json={"printer": "online"}, headers=device, timeout=10)
    expect(page.locator("#printer-note")).to_have_text("Your ticket is printing. Please take it.")


def test_portrait_screens_keep_touch_targets_large(open_kiosk, city, screenshot):
    page = open_kiosk(city["jingan"], viewport=PORTRAIT)
    expect(page.locator("[data-action='guide']")).to_be_visible()
    boxes = [page.locator(f"[data-action='{a}']").bounding_box()
             for a in ("take", "reservation", "guide")]
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]  # stacked in portrait
    screenshot(page, "kiosk-home-portrait-zh")
    for screen in ("home", "take", "confirm", "reservation"):
        if screen == "take":
            page.click("[data-action='take']")
        if screen == "confirm":
            page.locator("#items .item").first.click()
        if screen == "reservation":
            page.click("[data-action='back']")
            page.click("[data-action='home']")
            page.click("[data-action='reservation']")
        small = page.evaluate("""() => [...document.querySelectorAll('button')]
            .filter(b => b.offsetParent !== null)
            .map(b => [b.textContent.trim(), b.getBoundingClientRect()])
            .filter(([, r]) => r.width < 64 || r.height < 64)
            .map(([t]) => t)""")
        assert small == [], (screen, small)


def test_the_kiosk_rides_out_a_server_restart(open_kiosk, city, live_server):
    """Run last in this module: the server goes away under the kiosk and comes back."""
    page = open_kiosk(city["pengpu"])
    expect(page.locator("#offline-banner")).to_be_hidden()
    page.click("[data-action='take']")
    page.locator("#items .item", has_text="失业登记").click()
    live_server.stop()
    expect(page.locator("#offline-banner")).to_be_visible()
    page.click("[data-action='confirm-take']")
    expect(page.locator("#error-title")).to_have_text("网络连接中断")
    live_server.restart()
    expect(page.locator("#offline-banner")).to_be_hidden(timeout=15000)
    page.click("[data-action='retry']")
    expect(page.locator("#ticket-number")).to_have_text(re.compile(r"^S\d{3}$"))
