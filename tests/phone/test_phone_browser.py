"""A resident on a phone (390x844, touch) in a real headless Chromium against a real server:
book a slot, read the check-in code, check in with it at the kiosk, follow the ticket until a
counter calls it and the page shows the window; and the clear pages for wrong links."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import requests
from sqlalchemy import update

from server.centers.models import Center
from server.db import Database
from server.tickets.models import Ticket

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "zh-CN"}
# Records what the page asks of the phone: vibrations and notifications.
PHONE_SPY = """
window.__vibrations = [];
window.__notifications = [];
Object.defineProperty(navigator, 'vibrate', {
  value: (pattern) => { window.__vibrations.push(pattern); return true; },
});
const note = function (title) { window.__notifications.push(title); };
note.permission = 'granted';
note.requestPermission = () => Promise.resolve('granted');
window.Notification = note;
window.__connection = [];
setInterval(() => {
  const now = document.documentElement && document.documentElement.dataset.connection;
  if (now && window.__connection[window.__connection.length - 1] !== now) {
    window.__connection.push(now);
  }
}, 50);
if (window.ServiceWorkerRegistration) {
  ServiceWorkerRegistration.prototype.showNotification = function (title) {
    window.__notifications.push(title); return Promise.resolve();
  };
}
"""


def late_morning_zone() -> str:
    """A fixed-offset zone where it is now between 11:00 and 12:00, so today has slots left
    whatever the hour of the run (Etc/GMT-8 is UTC+8: the sign is reversed)."""
    offset = (11 - dt.datetime.now(dt.UTC).hour) % 24
    offset = offset - 24 if offset > 11 else offset
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/UTC"


@pytest.fixture(scope="module")
def hall(live_server):
    """Pengpu, moved to a time zone where it is late morning, with window 1 served by clerk1."""
    center_id = live_server.center_id("pengpu-community")
    database = Database(f"sqlite:///{live_server.instance / 'qms.sqlite3'}")
    with database.transaction() as s:
        s.execute(update(Center).where(Center.id == center_id)
                  .values(timezone=late_morning_zone()))
    database.dispose()
    items = requests.get(f"{live_server.url}/api/v1/centers/{center_id}/items", timeout=10).json()
    item = next(i for i in items if i["routing"] == "comprehensive" and i["materials"])
    windows = requests.get(f"{live_server.url}/api/v1/centers/{center_id}/windows",
                           timeout=10).json()
    window_id = next(w["id"] for w in windows if w["number"] == 1)
    clerk = {"Authorization": f"Bearer {live_server.token('clerk1')}"}
    return {"center_id": center_id, "item": item, "window_id": window_id, "clerk": clerk}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    context.add_init_script(PHONE_SPY)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_book_check_in_at_the_kiosk_and_follow_the_ticket_until_called(
        live_server, hall, phone, browser, screenshot):
    from playwright.sync_api import expect

    url, item = live_server.url, hall["item"]
    phone.goto(f"{url}/book/?center={hall['center_id']}")
    expect(phone.locator(f'[data-item-id="{item["id"]}"]')).to_be_visible()
    screenshot(phone, "phone-01-choose-item")

    phone.locator(f'[data-item-id="{item["id"]}"]').tap()
    expect(phone.locator("#item-name")).to_have_text(item["name"])
    expect(phone.locator("#materials li").first).to_contain_text(item["materials"][0]["zh"])
    screenshot(phone, "phone-02-materials-and-centers")

    phone.locator(f'#center-list [data-center-id="{hall["center_id"]}"]').tap()
    first_slot = phone.locator("#slots .slot:not([disabled])").first
    expect(first_slot).to_be_visible()
    expect(phone.locator("#days .day.chosen")).to_have_count(1)
    screenshot(phone, "phone-03-day-and-slot")
    slot_start = first_slot.get_attribute("data-start")
    first_slot.tap()

    expect(phone.locator("#details-form")).to_be_visible()
    phone.locator("#book-submit").tap()
    expect(phone.locator("#phone-error")).to_be_visible()
    phone.locator("#name").fill("王芳")
    phone.locator("#phone").fill("138 0013 8000")
    screenshot(phone, "phone-04-name-and-phone")
    phone.locator("#book-submit").tap()

    phone.wait_for_url(re.compile(r"/book/r/[A-Z0-9]{8}\?new=1"))
    code = phone.locator("#code-text")
    expect(code).to_have_text(re.compile(r"^[A-Z0-9]{4} [A-Z0-9]{4}$"))
    expect(phone.locator("#f-who")).to_have_text("王* · 138****8000")
    expect(phone.locator("#state-banner")).to_contain_text("预约成功")
    phone.wait_for_function("() => document.getElementById('barcode').naturalWidth > 0 && "
                            "document.getElementById('qrcode').naturalWidth > 0")
    screenshot(phone, "phone-05-check-in-code")
    check_in_code = code.inner_text().replace(" ", "")
    booked = requests.get(f"{url}/api/v1/reservations/{check_in_code}", timeout=10).json()
    assert booked["state"] == "booked" and booked["slot_start"] is not None
    assert dt.datetime.fromisoformat(booked["slot_start"]) == dt.datetime.fromisoformat(slot_start)

    check_in_at_the_kiosk(live_server, hall, browser, screenshot, check_in_code)

    phone.reload()
    follow = phone.locator("#follow-ticket")
    expect(follow).to_be_visible()
    expect(phone.locator("#state-banner")).to_contain_text("已签到")
    follow.tap()
    phone.wait_for_url(re.compile(r"/t/[\w-]+$"))
    number = phone.locator("#ticket-number")
    expect(number).to_have_text(re.compile(r"^R\d{3}$"))
    expect(phone.locator("#ticket-state")).to_have_text("等候叫号")
    expect(phone.locator("#ticket-ahead")).to_have_text("0 人")
    expect(phone.locator("#ticket-windows")).to_contain_text("号窗口")
    screenshot(phone, "phone-07-ticket-waiting")

    # The server goes away and comes back: the page says so, then carries on by itself.
    phone.wait_for_function("() => document.documentElement.dataset.connection === 'online'")
    live_server.restart()
    phone.wait_for_function("() => window.__connection.includes('offline') && "
                            "document.documentElement.dataset.connection === 'online'",
                            timeout=20000)
    expect(phone.locator("#offline-banner")).to_be_hidden()

    r = requests.post(f"{url}/api/v1/windows/{hall['window_id']}/open", headers=hall["clerk"],
                      timeout=10)
    assert r.status_code == 200, r.text
    called = requests.post(f"{url}/api/v1/windows/{hall['window_id']}/call-next",
                           headers=hall["clerk"], timeout=10).json()
    assert called["number"] == number.inner_text()
    expect(phone.locator("#ticket-call")).to_have_text("请到 1 号窗口")
    expect(phone.locator("#ticket-state")).to_have_text("轮到您了！")
    assert phone.evaluate("window.__vibrations.length") == 1
    assert phone.evaluate("window.__notifications") == ["请到 1 号窗口"]
    screenshot(phone, "phone-08-called-to-window")
    phone.locator('[data-lang="en"]').tap()
    expect(phone.locator("#ticket-call")).to_have_text("Please go to window 1")
    screenshot(phone, "phone-09-called-to-window-en")

    r = requests.post(f"{url}/api/v1/windows/{hall['window_id']}/complete", headers=hall["clerk"],
                      json={"outcome": {"kind": "supplement", "missing": ["户口簿复印件"],
                                        "due": "2026-12-31"}}, timeout=10)
    assert r.status_code == 200, r.text
    expect(phone.locator("#outcome-text")).to_contain_text("by 2026-12-31")
    expect(phone.locator("#outcome-missing")).to_contain_text("户口簿复印件")
    screenshot(phone, "phone-10-done-with-outcome-en")


def check_in_at_the_kiosk(live_server, hall, browser, screenshot, code: str) -> None:
    from playwright.sync_api import expect

    kiosk = browser.new_page(viewport={"width": 1080, "height": 1600})
    try:
        response = kiosk.goto(f"{live_server.url}/kiosk/{hall['center_id']}")
        assert response.status == 200
        kiosk.locator('[data-action="reservation"]').first.click()
        kiosk.locator("#reservation-code").fill(code)
        kiosk.locator('[data-action="check-in"]').click()
        expect(kiosk.locator("#ticket-screen")).to_be_visible(timeout=15000)
        expect(kiosk.locator("#ticket-number")).to_have_text(re.compile(r"^R\d{3}$"))
        screenshot(kiosk, "phone-06-kiosk-check-in")
    finally:
        kiosk.close()


def test_a_wrong_link_or_a_ticket_of_another_day_gets_a_clear_page(
        live_server, hall, phone, screenshot):
    from playwright.sync_api import expect

    url = live_server.url
    response = phone.goto(f"{url}/t/not-a-real-ticket-token")
    assert response.status == 404
    expect(phone.locator("h1")).to_have_text("找不到这张号票")
    screenshot(phone, "phone-11-wrong-ticket-link")

    taken = requests.post(f"{url}/api/v1/centers/{hall['center_id']}/tickets",
                          json={"item_id": hall["item"]["id"]}, timeout=10).json()
    database = Database(f"sqlite:///{live_server.instance / 'qms.sqlite3'}")
    with database.transaction() as s:
        s.execute(update(Ticket).where(Ticket.id == taken["id"])
                  .values(day=dt.date.fromisoformat(taken["day"]) - dt.timedelta(days=1)))
    database.dispose()
    response = phone.goto(f"{url}/t/{taken['token']}")
    assert response.status == 404
    expect(phone.locator("h1")).to_have_text("这张号票已过期")
    expect(phone.locator(".big-number")).to_have_text(taken["number"])
    phone.locator('[data-lang="en"]').tap()
    expect(phone.locator("h1")).to_have_text("This ticket has expired")
    screenshot(phone, "phone-12-ticket-of-another-day-en")

    response = phone.goto(f"{url}/book/r/WRONGCOD")
    assert response.status == 404
    expect(phone.locator("h1")).to_have_text("We can't find this booking")


def test_pinyin_initials_find_an_item_as_on_the_kiosk(live_server, hall, phone):
    from playwright.sync_api import expect

    phone.goto(f"{live_server.url}/book/?center={hall['center_id']}")
    expect(phone.locator("[data-item-id]").first).to_be_visible()
    expect(phone.locator(".brand")).to_have_text("大厅排队 · 预约办事")
    phone.locator("#item-search").fill("jzz")
    expect(phone.locator("#item-list .row").first).to_contain_text("居住证办理")
    phone.locator("#item-search").fill("shebao")
    expect(phone.locator("#item-list .row").first).to_contain_text("社保")


def test_not_sure_which_item_the_guide_leads_to_it_and_its_materials(
        live_server, phone, screenshot):
    from playwright.sync_api import expect

    guides = requests.get(f"{live_server.url}/api/v1/guides", timeout=10)
    assert guides.status_code == 200, guides.text
    phone.goto(f"{live_server.url}/book/")
    phone.locator("#guide-link").tap()
    phone.locator("[data-guide]").first.tap()
    book = phone.locator("[data-book-item]").first
    for depth in range(10):  # answer each question with its first option until the scenario
        expect(phone.locator(f'#guide-body[data-depth="{depth}"]')).to_be_attached()
        if book.is_visible():
            break
        screenshot(phone, "phone-13-guide-question")
        phone.locator("#guide-body .option").first.tap()
    expect(book).to_be_visible()
    materials = phone.locator("#guide-body .checklist li")
    first_material = materials.first.inner_text()
    screenshot(phone, "phone-14-guide-scenario")
    book.tap()
    expect(phone.locator("#item-name")).not_to_be_empty()
    expect(phone.locator("#materials")).to_contain_text(first_material)
    expect(phone.locator("#center-list .row").first).to_be_visible()


def test_a_resident_moves_then_cancels_a_booking_with_its_code_in_english(
        live_server, hall, phone, screenshot):
    from playwright.sync_api import expect

    url, center_id, item = live_server.url, hall["center_id"], hall["item"]
    days = requests.get(f"{url}/api/v1/centers/{center_id}/booking-days",
                        params={"item_id": item["id"]}, timeout=10).json()
    day = next(d["date"] for d in days[1:] if d["open"])
    slots = requests.get(f"{url}/api/v1/centers/{center_id}/slots",
                         params={"item_id": item["id"], "date": day}, timeout=10).json()
    code = requests.post(f"{url}/api/v1/centers/{center_id}/reservations",
                         json={"item_id": item["id"], "slot_start": slots[0]["start"],
                               "name": "Li Lei", "phone": "13912345678"},
                         timeout=10).json()["code"]

    phone.goto(f"{url}/book/?lang=en")
    phone.locator("#find-code").fill(code.lower())
    phone.locator("#find-booking button").tap()
    expect(phone.locator("#state-banner")).to_have_text("Booked")
    expect(phone.locator("#f-who")).to_have_text("L***** · 139****5678")
    phone.locator("#phone-last4").fill("5678")  # booked elsewhere: the holder types them
    phone.locator("#move-open").tap()
    current = phone.locator(f'#slots .slot[data-start="{slots[0]["start"]}"]')
    expect(current).to_be_disabled()
    expect(current).to_contain_text("Your booking")
    screenshot(phone, "phone-15-move-en")
    phone.locator(f'#slots .slot[data-start="{slots[2]["start"]}"]').tap()
    expect(phone.locator("#state-banner")).to_have_text(
        "Moved. Your check-in code stays the same.")
    moved = requests.get(f"{url}/api/v1/reservations/{code}", timeout=10).json()
    assert dt.datetime.fromisoformat(moved["slot_start"]) == \
        dt.datetime.fromisoformat(slots[2]["start"])

    phone.locator("#cancel-open").tap()
    expect(phone.locator("#cancel-confirm")).to_be_visible()
    screenshot(phone, "phone-16-cancel-confirm-en")
    phone.locator("#cancel-yes").tap()
    expect(phone.locator("#state-banner")).to_have_text("Cancelled")
    expect(phone.locator("#change-actions")).to_be_hidden()
    for told_how_to_check_in in ("#barcode", "#qrcode", "#materials", "#f-until"):
        expect(phone.locator(told_how_to_check_in)).to_be_hidden()
    screenshot(phone, "phone-17-cancelled-en")
    phone.goto(f"{url}/book/r/{code[:4]}%20{code[4:]}?lang=en")  # the code as displayed
    expect(phone.locator("#state-banner")).to_have_text("Cancelled")
    expect(phone.locator("#code-text")).to_have_text(f"{code[:4]} {code[4:]}")
    assert requests.get(f"{url}/api/v1/reservations/{code}", timeout=10).json()["state"] == \
        "cancelled"
