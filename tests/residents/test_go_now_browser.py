"""A resident on a phone asks where to go now: the centers offering the item, the shortest
wait first, and the line growing on the page as numbers are taken, in zh and en."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import update

from server.centers.models import Center
from server.db import Database
from tests.hall import ALL_DAY

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "zh-CN"}


@pytest.fixture(scope="module")
def city(live_server):
    """Both demo centers open all day; the pension item offered at both, served at Pengpu's
    window 1 (open) and by no window at Jing'an."""
    url = live_server.url
    database = Database(f"sqlite:///{live_server.instance / 'qms.sqlite3'}")
    with database.transaction() as s:
        s.execute(update(Center).values(hours=ALL_DAY, special_days={}))
    database.dispose()
    pengpu, jingan = (live_server.center_id(c) for c in ("pengpu-community", "jingan-district"))
    items = requests.get(f"{url}/api/v1/centers/{pengpu}/items", timeout=10).json()
    pension = next(i for i in items if i["code"] == "family_planning_pension")
    admin = {"Authorization": f"Bearer {live_server.token('admin')}"}
    served = [i["id"] for i in requests.get(f"{url}/api/v1/centers/{jingan}/items",
                                            timeout=10).json()]
    r = requests.put(f"{url}/api/v1/centers/{jingan}/items", headers=admin, timeout=10,
                     json={"item_ids": [*served, pension["id"]]})
    assert r.status_code == 200, r.text
    windows = requests.get(f"{url}/api/v1/centers/{pengpu}/windows", timeout=10).json()
    window = next(w for w in windows if w["number"] == 1)
    clerk = {"Authorization": f"Bearer {live_server.token('clerk1')}"}
    r = requests.post(f"{url}/api/v1/windows/{window['id']}/open", headers=clerk, timeout=10)
    assert r.status_code == 200, r.text
    return {"pengpu": pengpu, "jingan": jingan, "pension": pension}


def test_the_shortest_wait_first_and_the_line_grows_live(live_server, city, browser,
                                                         screenshot):
    from playwright.sync_api import expect

    url, pension = live_server.url, city["pension"]
    page = browser.new_context(**PHONE).new_page()
    page.set_default_timeout(15000)
    page.goto(f"{url}/go/")
    page.locator("#go-search").fill(pension["name"][:3])
    page.locator(f'#go-items [data-item="{pension["id"]}"]').tap()

    cards = page.locator("#go-list li[data-center]")
    expect(cards).to_have_count(2)
    first, second = cards.nth(0), cards.nth(1)
    expect(first).to_have_attribute("data-center", str(city["pengpu"]))
    expect(second).to_have_attribute("data-center", str(city["jingan"]))
    expect(second).to_contain_text("今天暂无窗口办理此事项")
    waiting = requests.get(f"{url}/api/v1/items/{pension['id']}/centers",
                           timeout=10).json()[0]["waiting"]
    expect(first).to_contain_text(f"{waiting} 人在等")
    screenshot(page, "go-01-where-to-go-now")

    for _ in range(2):
        r = requests.post(f"{url}/api/v1/centers/{city['pengpu']}/tickets",
                          json={"item_id": pension["id"]}, timeout=10)
        assert r.status_code == 201, r.text
    expect(first).to_contain_text(f"{waiting + 2} 人在等", timeout=12000)
    expect(first.locator(".go-wait")).to_contain_text("分钟")

    page.locator('[data-lang="en"]').tap()
    expect(first).to_contain_text(f"{waiting + 2} waiting")
    expect(first.locator(".go-wait")).to_contain_text("min wait")
    expect(second).to_contain_text("No window serves this item right now")
    expect(page.locator("h1")).to_have_text("Where to go now")
    screenshot(page, "go-02-in-english")
    page.context.close()


def test_a_resident_takes_a_number_from_the_phone_and_follows_it_to_the_call(
        live_server, city, browser, screenshot):
    import json
    import re

    from playwright.sync_api import expect

    url, pension = live_server.url, city["pension"]
    page = browser.new_context(**PHONE).new_page()
    page.set_default_timeout(15000)
    page.goto(f"{url}/go/#item={pension['id']}")
    first = page.locator("#go-list li[data-center]").first
    expect(first).to_have_attribute("data-center", str(city["pengpu"]))
    first.locator(".go-join").tap()
    page.wait_for_url(re.compile(r"/go/join\?"))
    expect(page.locator("#join-center")).not_to_be_empty()
    page.locator("#join-phone").fill("139 1234 5678")
    page.locator("#join-send").tap()
    expect(page.locator("#join-code-form")).to_be_visible()
    screenshot(page, "go-03-join-code")

    texts = [json.loads(line) for line in live_server.qms("booking", "outbox").splitlines()]
    code = next(re.search(r"\d{6}", t["text"]).group(0) for t in reversed(texts)
                if t["kind"] == "code" and t["phone"] == "13912345678")
    page.locator("#join-code").fill("000000" if code != "000000" else "111111")
    page.locator("#join-take").tap()
    expect(page.locator("#join-error")).to_contain_text("验证码不对")
    page.locator("#join-code").fill(code)
    page.locator("#join-take").tap()

    page.wait_for_url(re.compile(r"/t/[\w-]+$"))
    number = page.locator("#ticket-number")
    expect(page.locator("#ticket-state")).to_have_text("等候叫号")
    screenshot(page, "go-04-the-phone-is-the-ticket")
    clerk = {"Authorization": f"Bearer {live_server.token('clerk1')}"}
    windows = requests.get(f"{url}/api/v1/centers/{city['pengpu']}/windows", timeout=10).json()
    window = next(w for w in windows if w["number"] == 1)
    for _ in range(20):
        called = requests.post(f"{url}/api/v1/windows/{window['id']}/call-next", headers=clerk,
                               timeout=10).json()
        if called.get("number") == number.inner_text():
            break
        requests.post(f"{url}/api/v1/windows/{window['id']}/complete", headers=clerk,
                      timeout=10)
    expect(page.locator("#ticket-call")).to_have_text("请到 1 号窗口")
    screenshot(page, "go-05-called")
    page.context.close()
