"""The dashboard in a real headless Chromium against a real server (gunicorn, gevent, demo city).

What a manager sees: the hall following tickets as they are issued and called, a reserved
window opened for on-the-spot items that then receives calls, a report whose CSV downloads
hold the figures its charts show, and the city. Window staff are refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from server.reports.tables import HEADINGS

pytestmark = pytest.mark.browser

PENGPU, JINGAN = "pengpu-community", "jingan-district"


class Api:
    """The live server's REST API, as one signed-in person."""

    def __init__(self, server, username: str | None = None) -> None:
        self.url = server.url + "/api/v1"
        self.headers = {"Authorization": f"Bearer {server.token(username)}"} if username else {}

    def get(self, path: str, **params):
        r = requests.get(self.url + path, headers=self.headers, params=params, timeout=10)
        assert r.ok, r.text
        return r.json()

    def post(self, path: str, body: dict | None = None):
        r = requests.post(self.url + path, headers=self.headers, json=body or {}, timeout=10)
        assert r.ok, r.text
        return r.json() if r.status_code != 204 else None


def item_id(server, center_id: int, code: str) -> int:
    items = Api(server).get(f"/centers/{center_id}/items")
    return next(i["id"] for i in items if i["code"] == code)


def window_id(server, center_id: int, number: int) -> int:
    windows = Api(server).get(f"/centers/{center_id}/windows")
    return next(w["id"] for w in windows if w["number"] == number)


def take(server, center_id: int, code: str) -> dict:
    return Api(server).post(f"/centers/{center_id}/tickets",
                            {"item_id": item_id(server, center_id, code)})


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN",
                                  accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, server, username: str, path: str) -> None:
    page.goto(server.url + path)
    page.fill("#username", username)
    page.fill("#password", "demo-pass")
    page.click("#signin-button")


def waiting_tile(page):
    return page.locator("#tile-waiting")


def test_the_live_hall_follows_tickets_as_they_are_issued_and_called(page, live_server,
                                                                     screenshot):
    center = live_server.center_id(PENGPU)
    sign_in(page, live_server, "manager", f"/dashboard/?center={center}&lang=zh")
    expect(page.locator("#center-name")).to_have_text("彭浦新村街道社区事务受理服务中心")
    expect(waiting_tile(page)).not_to_have_text("–")
    before = int(waiting_tile(page).inner_text())

    first = take(live_server, center, "children_health_insurance")
    take(live_server, center, "elderly_allowance")
    expect(waiting_tile(page)).to_have_text(str(before + 2))
    expect(page.locator("#items")).to_contain_text("少儿居民医保参保登记")

    clerk = Api(live_server, "clerk1")
    w1 = window_id(live_server, center, 1)
    clerk.post(f"/windows/{w1}/open")
    called = clerk.post(f"/windows/{w1}/call-next")
    assert called["number"] == first["number"]
    card = page.locator('.db-window[data-number="1"]')
    expect(card).to_have_attribute("data-state", "open")
    expect(card.locator(".db-w-ticket")).to_have_text(first["number"])
    expect(card).to_contain_text("李晓")
    expect(waiting_tile(page)).to_have_text(str(before + 1))

    # A kiosk's printer runs out of paper; a window goes on a break.
    kiosk = json.loads(live_server.qms("device", "create", "--center", str(center), "--kind",
                                       "kiosk", "--name", "二号取号机", "--json"))
    r = requests.put(f"{live_server.url}/api/v1/devices/{kiosk['id']}/status",
                     json={"printer": "paper_out"}, timeout=10,
                     headers={"Authorization": f"Bearer {kiosk['token']}"})
    assert r.ok, r.text
    expect(page.locator('#alerts [data-kind="printer_paper_out"]')).to_contain_text(
        "二号取号机：打印机缺纸")
    other = Api(live_server, "clerk2")
    w2 = window_id(live_server, center, 2)
    other.post(f"/windows/{w2}/open")
    other.post(f"/windows/{w2}/pause", {"reason": "break"})
    expect(page.locator('.db-window[data-number="2"]')).to_contain_text("暂停（休息）")
    screenshot(page, "dashboard-live-zh")

    page.click('button[data-lang="en"]')
    expect(page.locator('[data-tile="waiting"] .db-tile-label')).to_have_text("Waiting now")
    expect(card.locator(".db-w-num")).to_have_text("Window 1")
    screenshot(page, "dashboard-live-en")

    # The next resident never comes; the manager puts them back in the line.
    clerk.post(f"/windows/{w1}/complete")
    missed = clerk.post(f"/windows/{w1}/call-next")
    clerk.post(f"/windows/{w1}/no-show")
    expect(waiting_tile(page)).to_have_text(str(before))
    row = page.locator(f'.db-no-show[data-number="{missed["number"]}"]')
    row.locator("button").click()
    expect(row).to_have_count(0)
    expect(waiting_tile(page)).to_have_text(str(before + 1))
    expect(page.locator("#actions")).to_contain_text(f"put {missed['number']} back in line")
    assert clerk.post(f"/windows/{w1}/call-next")["number"] == missed["number"]
    clerk.post(f"/windows/{w1}/complete")
    clerk.post(f"/windows/{w1}/close")
    other.post(f"/windows/{w2}/close")
    requests.put(f"{live_server.url}/api/v1/devices/{kiosk['id']}/status",
                 json={"printer": "online"}, timeout=10,
                 headers={"Authorization": f"Bearer {kiosk['token']}"}).raise_for_status()
    expect(card).to_have_attribute("data-state", "closed")
    expect(page.locator('#alerts [data-kind="printer_paper_out"]')).to_have_count(0)


def test_a_manager_opens_a_reserved_window_and_it_begins_to_receive_calls(page, live_server,
                                                                         screenshot):
    center = live_server.center_id(PENGPU)
    sign_in(page, live_server, "manager", f"/dashboard/?center={center}&lang=en")
    card = page.locator('.db-window[data-number="24"]')
    expect(card).to_have_attribute("data-state", "closed")
    card.click()
    dialog = page.locator("#window-dialog")
    expect(dialog.locator("#wd-title")).to_contain_text("Window 24")
    # A reserved window starts with the center's on-the-spot items.
    on_the_spot = item_id(live_server, center, "social_security_card_replacement")
    expect(dialog.locator(f'#wd-items input[value="{on_the_spot}"]')).to_be_checked()
    dialog.locator('[data-act="open"]').click()
    expect(card).to_have_attribute("data-state", "open")
    expect(dialog.locator('[data-act="pause"]').first).to_be_visible()
    screenshot(page, "dashboard-window-dialog-en")
    dialog.locator("#wd-close").click()

    ticket = take(live_server, center, "social_security_card_replacement")
    clerk = Api(live_server, "clerk2")
    w24 = window_id(live_server, center, 24)
    clerk.post(f"/windows/{w24}/open")  # signs in at the window the manager opened
    called = clerk.post(f"/windows/{w24}/call-next")
    assert called["number"] == ticket["number"]
    assert called["item_id"] == on_the_spot
    expect(card.locator(".db-w-ticket")).to_have_text(ticket["number"])
    expect(page.locator("#actions")).to_contain_text("window 24 open")

    page.fill("#notice-text", "Window 24 now serves social security cards")
    page.click('#notice-form button[type="submit"]')
    expect(page.locator("#notice-error")).to_have_text("Notice posted.")
    hall = Api(live_server).get(f"/centers/{center}/hall")
    assert hall["center"]["notice"] == "Window 24 now serves social security cards"
    expect(page.locator("#actions")).to_contain_text("posted: Window 24 now serves")
    clerk.post(f"/windows/{w24}/complete")
    clerk.post(f"/windows/{w24}/close")


def csv_rows(download, lang: str = "zh") -> list[dict]:
    """The rows of a downloaded CSV (BOM, headings in the page's language) by machine key."""
    key_of = {HEADINGS[k][0 if lang == "zh" else 1]: k for k in HEADINGS}
    with open(download.path(), encoding="utf-8-sig") as f:
        return [{key_of.get(h, h): v for h, v in row.items()}
                for row in csv.DictReader(io.StringIO(f.read()))]


def chart_data(page, name: str) -> dict:
    return page.evaluate(
        """name => {
             const chart = Chart.getChart(document.getElementById('chart-' + name));
             return {labels: chart.data.labels,
                     datasets: chart.data.datasets.map(d => ({key: d.key, data: d.data}))};
           }""", name)


def test_a_reports_csv_holds_the_figures_its_charts_show(page, live_server, screenshot):
    center = live_server.center_id(JINGAN)
    clerk = Api(live_server, "clerk3")
    w7 = window_id(live_server, center, 7)
    clerk.post(f"/windows/{w7}/open")
    for code in ("art_business_license", "art_business_license", "art_business_license",
                 "enterprise_registration", "food_distribution_license"):
        take(live_server, center, code)
    clerk.post(f"/windows/{w7}/call-next")
    clerk.post(f"/windows/{w7}/start")
    clerk.post(f"/windows/{w7}/complete")
    clerk.post(f"/windows/{w7}/call-next")
    clerk.post(f"/windows/{w7}/no-show")
    clerk.post(f"/windows/{w7}/close")
    w1 = window_id(live_server, center, 1)
    clerk.post(f"/windows/{w1}/open")
    for _ in range(2):
        clerk.post(f"/windows/{w1}/call-next")
        clerk.post(f"/windows/{w1}/complete")
    clerk.post(f"/windows/{w1}/close")
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()

    sign_in(page, live_server, "manager",
            f"/dashboard/reports?center={center}&from={today}&to={today}&lang=zh")
    expect(page.locator("body")).to_have_attribute("data-report", "ready")
    summary = Api(live_server, "manager").get(f"/centers/{center}/reports/summary",
                                              **{"from": today, "to": today})
    assert summary["issued"] >= 3 and summary["served"] >= 1 and summary["no_show"] >= 1

    with page.expect_download() as download:
        page.click('.db-status-line [data-csv="summary"]')
    with open(download.value.path(), encoding="utf-8") as f:
        assert f.readline().startswith("\ufeff中心编号,起始日期,截止日期")
    [row] = csv_rows(download.value)
    tiles = page.locator("#summary-tiles .db-tile-value")
    expect(tiles.nth(0)).to_have_text(row["issued"])
    expect(tiles.nth(1)).to_have_text(row["served"])
    expect(tiles.nth(2)).to_have_text(row["no_show"])
    assert row["median_wait_minutes"] == str(summary["median_wait_minutes"])

    with page.expect_download() as download:
        page.click('[data-section="waits"] [data-csv]')
    bars = [int(r["value"]) for r in csv_rows(download.value) if r["figure"] == "bucket"]
    assert chart_data(page, "waits")["datasets"][0]["data"] == bars
    assert sum(bars) == summary["called"]

    with page.expect_download() as download:
        page.click('[data-section="items"] [data-csv]')
    rows = csv_rows(download.value)
    chart = chart_data(page, "items")
    assert chart["labels"] == [r["item"] for r in rows]
    for dataset in chart["datasets"]:
        assert dataset["data"] == [int(r[dataset["key"]]) for r in rows], dataset["key"]

    with page.expect_download() as download:
        page.click('[data-section="windows"] [data-csv]')
    rows = csv_rows(download.value)
    served = next(d for d in chart_data(page, "windows")["datasets"] if d["key"] == "served")
    assert served["data"] == [int(r["served"]) for r in rows]
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "dashboard-report-zh")
    page.click('button[data-lang="en"]')
    expect(page.locator('[data-section="waits"] h3')).to_have_text("Waits")
    page.locator('[data-section="waits"]').scroll_into_view_if_needed()
    screenshot(page, "dashboard-report-charts-en")


def test_window_staff_are_refused(page, live_server):
    center = live_server.center_id(PENGPU)
    sign_in(page, live_server, "clerk1", f"/dashboard/?center={center}&lang=en")
    expect(page.locator("#signin-error")).to_contain_text("not a manager")
    expect(page.locator("#page")).to_be_hidden()
    clerk = {"Authorization": f"Bearer {live_server.token('clerk1')}"}
    r = requests.get(f"{live_server.url}/api/v1/centers/{center}/live", headers=clerk, timeout=10)
    assert r.status_code == 403


def test_the_city_shows_every_center_side_by_side(page, live_server, screenshot):
    sign_in(page, live_server, "admin", "/dashboard/city?lang=zh")
    cards = page.locator(".db-city-card")
    expect(cards).to_have_count(2)
    jingan = live_server.center_id(JINGAN)
    card = page.locator(f'.db-city-card[data-center="{jingan}"]')
    expect(card).to_contain_text("静安区行政服务中心")
    waiting = card.locator(".db-figure-value").first
    expect(waiting).not_to_have_text("")
    before = int(waiting.inner_text())
    take(live_server, jingan, "enterprise_registration")
    expect(waiting).to_have_text(str(before + 1))
    screenshot(page, "dashboard-city-zh")


def test_the_hall_recovers_by_itself_after_the_server_restarts(page, live_server):
    center = live_server.center_id(PENGPU)
    sign_in(page, live_server, "manager", f"/dashboard/?center={center}")
    expect(waiting_tile(page)).not_to_have_text("–")
    before = int(waiting_tile(page).inner_text())
    live_server.restart()
    take(live_server, center, "family_planning_pension")
    expect(waiting_tile(page)).to_have_text(str(before + 1), timeout=20_000)
    expect(page.locator("#offline-banner")).to_be_hidden()


def test_the_live_page_shows_a_whole_hall_at_once(browser, live_server, screenshot):
    """25 windows at 1440x900, without scrolling: a manager sees every window at a glance."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        center = live_server.center_id(PENGPU)
        sign_in(page, live_server, "manager", f"/dashboard/?center={center}&lang=zh")
        tiles = page.locator("#windows .db-window")
        expect(tiles).to_have_count(25)
        expect(waiting_tile(page)).not_to_have_text("–")
        # Read every tile's place at one instant: the live page redraws them as the hall moves.
        bottoms = page.evaluate("""() => [...document.querySelectorAll('#windows .db-window')]
            .map(w => [w.getBoundingClientRect().top, w.getBoundingClientRect().bottom])""")
        assert len(bottoms) == 25
        for number, (top, bottom) in enumerate(bottoms, start=1):
            assert top >= 0 and bottom <= 900, f"window {number} is below the screen"
        page.locator('#windows .db-window[data-number="1"]').click()
        expect(page.locator("#wd-close")).to_have_text("返回")
        expect(page.locator('[data-act="close"]')).to_have_text("关闭窗口")
        page.locator("#wd-close").click()
        screenshot(page, "dashboard-live-whole-hall-zh")
    finally:
        context.close()
