"""Every page of every surface, in zh and en, at the size it is used at, checked by axe-core in
a real Chromium: no critical and no serious violation. Each page is also photographed into
artifacts/screenshots/ (docs/screens.md lists them).

axe-core is vendored (tests/vendor/axe.min.js, MPL-2.0, header kept) so the run is offline.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.boards.live import LiveHall
from tests.boards.pages import online

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

KIOSK_PORTRAIT = {"width": 1080, "height": 1920}
KIOSK_LANDSCAPE = {"width": 1920, "height": 1080}
TV = {"width": 1920, "height": 1080}
COUNTER = {"width": 1366, "height": 768}
PAD = {"width": 800, "height": 1280}
DASHBOARD = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}

# Deliberate exceptions, by rule, with the reason. Nothing else may be critical or serious.
EXCEPTIONS = {
    # A kiosk and a wall board are not zoomed by their users: pinch-zoom on a public touch
    # screen leaves it zoomed for the next resident. Phone, counter and dashboard allow zoom.
    "meta-viewport": {"kiosk", "display"},
}


@dataclass
class Screen:
    name: str
    path: str
    viewport: dict
    ready: str
    signed_in_as: str | None = None
    then: list[str] = field(default_factory=list)
    live: bool = True  # the page keeps a live connection (wait for it before checking)

    @property
    def surface(self) -> str:
        return self.name.split("-")[0]


@pytest.fixture(scope="module")
def city(live_server) -> dict:
    """Pengpu with something to show: window 1 open and calling, people waiting, a notice,
    a ticket, a booking and a cancelled booking."""
    hall = LiveHall(live_server, "pengpu-community")
    clerk = hall.new_clerk()
    window = hall.window(1)
    hall.open(clerk, window)
    item = hall.item_for(window)
    tickets = [hall.take(item) for _ in range(3)]
    assert hall.act(clerk, window, "call-next").status_code == 200
    manager = {"Authorization": f"Bearer {live_server.token('manager')}"}
    requests.put(f"{hall.url}/api/v1/centers/{hall.center_id}/notice", headers=manager,
                 json={"notice": "16:00 后社保业务暂停受理，请提前取号。"}, timeout=10)
    booked, cancelled = (book(hall, item, phone) for phone in ("13800138001", "13800138002"))
    requests.delete(f"{hall.url}/api/v1/reservations/{cancelled}", json={"phone_last4": "8002"},
                    timeout=10).raise_for_status()
    return {"center": hall.center_id, "window": window["id"], "clerk": clerk,
            "token": tickets[-1]["token"], "booked": booked, "cancelled": cancelled}


def book(hall: LiveHall, item: dict, phone: str) -> str:
    """A booking on the first day ahead with a free slot."""
    today = dt.date.today()
    for days in range(1, 15):
        day = (today + dt.timedelta(days=days)).isoformat()
        slots = hall.api("GET", f"/centers/{hall.center_id}/slots",
                         params={"item_id": item["id"], "date": day}).json()
        free = [s for s in slots if s.get("available", 1)]
        if free:
            r = hall.api("POST", f"/centers/{hall.center_id}/reservations", json={
                "item_id": item["id"], "slot_start": free[0]["start"], "name": "王芳",
                "phone": phone})
            assert r.status_code == 201, r.text
            return r.json()["code"]
    raise AssertionError("no free slot in two weeks")


TAKE = "[data-action='take']"
SCREENS = [
    Screen("kiosk-portrait", "/kiosk/{center}", KIOSK_PORTRAIT, TAKE),
    Screen("kiosk-landscape", "/kiosk/{center}", KIOSK_LANDSCAPE, TAKE),
    Screen("kiosk-take", "/kiosk/{center}", KIOSK_PORTRAIT, "#items .item",
           then=["[data-action='take']"]),
    Screen("kiosk-senior", "/kiosk/{center}?senior=1", KIOSK_PORTRAIT, TAKE),
    Screen("kiosk-reservation", "/kiosk/{center}", KIOSK_LANDSCAPE, "#reservation-code",
           then=["[data-action='reservation']"]),
    Screen("kiosk-index", "/kiosk/", KIOSK_PORTRAIT, "main"),
    Screen("kiosk-paper", "/kiosk/paper/{token}", KIOSK_PORTRAIT, "main"),
    Screen("display-hall", "/display/{center}", TV, "#now"),
    Screen("display-window", "/display/windows/{window}", TV, "body"),
    Screen("pad", "/pad/{window}", PAD, "body"),
    Screen("counter-signin", "/counter/", COUNTER, "#signin-button", live=False),
    Screen("counter-desk", "/counter/", COUNTER, "#desk", signed_in_as="clerk"),
    Screen("dashboard-live", "/dashboard/?center={center}", DASHBOARD, "#tile-waiting",
           signed_in_as="manager"),
    Screen("dashboard-city", "/dashboard/city", DASHBOARD, "main", signed_in_as="manager"),
    Screen("dashboard-reports", "/dashboard/reports?center={center}", DASHBOARD, "main",
           signed_in_as="manager", live=False),
    Screen("phone-book", "/book/?center={center}", PHONE, "[data-item-id]"),
    Screen("phone-guide", "/book/guide", PHONE, "main"),
    Screen("phone-slots", "/book/?center={center}", PHONE, "#slots .slot",
           then=["[data-item-id]", "#center-list [data-center-id]"]),
    Screen("phone-booking", "/book/r/{booked}", PHONE, "#code-text"),
    Screen("phone-cancelled", "/book/r/{cancelled}", PHONE, "#state-banner"),
    Screen("phone-ticket", "/t/{token}", PHONE, "main"),
]


def sign_in(page: Page, city: dict, who: str, live_server) -> None:
    username, password = ((city["clerk"].username, city["clerk"].password) if who == "clerk"
                          else ("manager", "demo-pass"))
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#signin-button")
    if who == "clerk":
        page.click('.ct-window-tile[data-window-number="1"]')


def serious_violations(page: Page, surface: str) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5], "count": len(v["nodes"])}
        for v in result["violations"]
        if v["impact"] in {"critical", "serious"} and surface not in EXCEPTIONS.get(v["id"], ())
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.name)
def test_no_serious_accessibility_violation(screen, lang, city, live_server, browser,
                                            screenshot):
    mobile = screen.viewport is PHONE
    context = browser.new_context(viewport=screen.viewport, locale="zh-CN", is_mobile=mobile,
                                  bypass_csp=True,
                                  has_touch=mobile or screen.surface in {"kiosk", "pad"})
    try:
        page = context.new_page()
        sep = "&" if "?" in screen.path else "?"
        page.goto(f"{live_server.url}{screen.path.format(**city)}{sep}lang={lang}")
        if screen.signed_in_as:
            sign_in(page, city, screen.signed_in_as, live_server)
        for selector in screen.then:
            page.click(selector)
        expect(page.locator(screen.ready).first).to_be_visible()
        if screen.live and page.locator("html[data-connection]").count():
            online(page)
        page.wait_for_timeout(300)  # let a first transition end before measuring contrast
        found = serious_violations(page, screen.surface)
        screenshot(page, f"{screen.name}-{lang}")
        assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    finally:
        context.close()
