"""The administration console in a real headless Chromium, against a real server that starts
from an empty database (`qms db upgrade`, one admin made with `qms user create`).

Issue 11's "done means": a new center with two items and two windows is built through the
console alone; a kiosk there issues a ticket, a clerk signs in and calls it, a manager re-plans
a window and the hall board shows it, the clerk is switched off and their open session stops
working within a second, and the audit trail shows every step. Staff see a refusal screen.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator

import pytest
import requests
import yaml
from playwright.sync_api import Page, expect

from server.config import CONFIG_DIR
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser

ADMIN, ADMIN_PASSWORD = "chief", "chief-pass"
CLERK, MANAGER, PASSWORD = "clerk-li", "manager-wang", "hall-pass"
CENTER, CENTER_EN = "浦东新区民生服务中心", "Pudong Civic Service Center"
CARD, PENSION = "社保卡申领", "养老金资格认证"


@pytest.fixture(scope="module")
def empty_city(tmp_path_factory) -> Iterator[LiveServer]:
    """A real server on an empty city: the schema and one admin, no demo; its guides in a
    folder of its own (the guide library only), so an upload never touches config/."""
    instance = tmp_path_factory.mktemp("empty")
    guides = instance / "guides"
    guides.mkdir()
    shutil.copy(CONFIG_DIR / "guides" / "_library.yaml", guides)
    server = LiveServer(instance, env={"QMS_GUIDES_DIR": str(guides)}, demo=False)
    server.qms("db", "upgrade")
    server.qms("user", "create", ADMIN, "--role", "admin", "--password", ADMIN_PASSWORD)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def open_page(browser) -> Iterator:
    contexts = []

    def open_(url: str, *, width: int = 1600, height: int = 1000) -> Page:
        context = browser.new_context(viewport={"width": width, "height": height},
                                      locale="zh-CN", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()


def sign_in(page: Page, username: str, password: str) -> None:
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#signin-button")


# What a console form answered: its words of success or its refusal, once it has one.
ANSWER = """form => {
  const node = document.querySelector(`form[data-form='${form}']`);
  const ok = node && node.querySelector('.cs-ok').textContent;
  const error = node && node.querySelector('.cs-error').textContent;
  return (ok || error) ? {ok: ok, error: error} : null;
}"""


def submit(page: Page, form: str, expect_ok: str | re.Pattern = re.compile(".+")) -> None:
    """Submit a console form and wait for its words of success (never its refusal)."""
    page.click(f"[data-submit='{form}']")
    said = page.wait_for_function(ANSWER, arg=form).json_value()
    assert said["error"] == "", said["error"]
    assert re.search(expect_ok, said["ok"]) if isinstance(expect_ok, re.Pattern) \
        else said["ok"] == expect_ok, said


def tab(page: Page, name: str) -> None:
    page.click(f"[data-tab='{name}']")
    expect(page.locator("#console .cs-card").first).to_be_visible()


def tick(page: Page, form: str, field: str, label: str, on: bool = True) -> None:
    box = page.locator(f"form[data-form='{form}'] fieldset[data-name='{field}'] label",
                       has_text=label).locator("input")
    box.set_checked(on)


def build_the_center(page: Page) -> int:
    """Everything an admin does to open a center, through the console's forms only."""
    page.fill("#f-center-new-name", CENTER)
    page.fill("#f-center-new-name_en", CENTER_EN)
    page.fill("#f-center-new-address", "浦东新区合欢路2号")
    page.click("[data-submit='center-new']")
    page.wait_for_url(re.compile(r"center=\d+"))
    center_id = int(re.search(r"center=(\d+)", page.url).group(1))
    expect(page.locator("#center-select")).to_have_value(str(center_id))
    page.check("#f-center-settings-allow_outside_hours")
    page.fill("#f-special", "2026-10-01 休息\n2026-10-10 09:00-17:00")
    submit(page, "center-settings")

    tab(page, "catalogue")
    page.fill("#f-department-new-name", "人力资源和社会保障局")
    page.fill("#f-department-new-name_en", "Human Resources and Social Security")
    submit(page, "department-new")
    expect(page.locator("form[data-form='item-new'] select[name='department_id'] option")) \
        .to_have_count(1)
    for name, name_en, prefix, minutes in ((CARD, "Social security card", "S", "10"),
                                           (PENSION, "Pension check", "P", "15")):
        page.fill("#f-item-new-name", name)
        page.fill("#f-item-new-name_en", name_en)
        page.fill("#f-item-new-expected_minutes", minutes)
        page.fill("#f-item-new-prefix", prefix)
        submit(page, "item-new")
        expect(page.locator(".cs-table td", has_text=name)).to_be_visible()

    tab(page, "centers")
    tick(page, "center-items", "item_ids", CARD)
    tick(page, "center-items", "item_ids", PENSION)
    submit(page, "center-items")

    tab(page, "windows")
    for number in ("1", "2"):
        page.fill("#f-window-new-number", number)
        page.fill("#f-window-new-group", "综合窗口")
        page.fill("#f-window-new-group_en", "General")
        tick(page, "window-new", "item_ids", CARD)
        tick(page, "window-new", "item_ids", PENSION)
        submit(page, "window-new")
        expect(page.locator(".cs-table td", has_text=re.compile(f"^{number}号窗口$"))) \
            .to_be_visible()
    page.fill("#f-window-new-number", "1")
    page.click("[data-submit='window-new']")
    expect(page.locator("form[data-form='window-new'] .cs-error")).to_contain_text("1")

    tab(page, "booking")
    page.fill("#f-booking-policy-horizon_days", "14")
    submit(page, "booking-policy")
    page.fill("#f-slot-rule-new-name", "社保卡时段")
    page.fill("#f-slot-rule-new-capacity", "3")
    tick(page, "slot-rule-new", "item_ids", CARD)
    submit(page, "slot-rule-new")
    expect(page.locator(".cs-table td", has_text="社保卡时段")).to_be_visible()

    tab(page, "people")
    for username, role in ((CLERK, "staff"), (MANAGER, "manager")):
        page.fill("#f-user-new-username", username)
        page.fill("#f-user-new-password", PASSWORD)
        page.select_option("#f-user-new-role", role)
        tick(page, "user-new", "center_ids", CENTER)
        submit(page, "user-new")
        expect(page.locator(f"[data-user='{username}']")).to_be_visible()

    tab(page, "devices")
    page.fill("#f-device-new-name", "大厅取号机1")
    submit(page, "device-new")
    expect(page.locator("[data-token-for='大厅取号机1'] .cs-token-value")).to_have_text(
        re.compile(r"^\S{20,}$"))
    expect(page.locator(".cs-table td", has_text="大厅取号机1")).to_be_visible()
    return center_id


def test_a_center_built_in_the_console_runs_and_its_trail_shows_every_step(
        empty_city, open_page, screenshot):
    url = empty_city.url
    admin = open_page(url + "/dashboard/admin/")
    sign_in(admin, ADMIN, ADMIN_PASSWORD)
    expect(admin.locator("[data-form='center-new']")).to_be_visible()
    center_id = build_the_center(admin)
    screenshot(admin, "console-devices-zh")
    tab(admin, "people")
    screenshot(admin, "console-people-zh")

    kiosk = open_page(f"{url}/kiosk/{center_id}", width=1280, height=1024)
    kiosk.click("[data-action='take']")
    kiosk.locator("button.item", has_text=CARD).click()
    kiosk.click("[data-action='confirm-take']")
    expect(kiosk.locator("#ticket-number")).to_have_text("S001")

    board = open_page(f"{url}/display/{center_id}", width=1920, height=1080)
    expect(board.locator("#windows-closed")).to_contain_text("1-2")  # none open yet

    counter = open_page(url + "/counter/")
    sign_in(counter, CLERK, PASSWORD)
    counter.click("[data-window-number='1']")
    counter.click("#call-next")
    expect(counter.locator("#ticket-number")).to_have_text("S001")
    expect(board.locator(".hb-window[data-window-number='1']")).to_have_attribute(
        "data-ticket", "S001")

    manager = open_page(f"{url}/dashboard/admin/windows?center={center_id}")
    sign_in(manager, MANAGER, PASSWORD)
    # The open window is re-planned (a closed window is only a line on the board).
    manager.locator("tr", has_text="1号窗口").get_by_role("button", name="修改").click()
    replanned = next(f for f in manager.locator("form[data-form^='window-']").all()
                    if f.get_attribute("data-form") != "window-new").get_attribute("data-form")
    manager.fill(f"#f-{replanned}-group", "社保专窗")
    manager.fill(f"#f-{replanned}-group_en", "Social security")
    tick(manager, replanned, "item_ids", PENSION, on=False)
    submit(manager, replanned)
    expect(board.locator(".hb-group[data-group='社保专窗']")).to_be_visible()

    clerk_token = counter.evaluate("() => sessionStorage.getItem('qms.counter.token')")
    assert requests.get(url + "/api/v1/auth/me", timeout=5,
                        headers={"Authorization": f"Bearer {clerk_token}"}).ok
    tab(admin, "people")
    admin.locator(f"[data-user='{CLERK}']").get_by_role("button", name="停用").click()
    switched_off = time.monotonic()
    expect(counter.locator("#desk")).to_be_hidden(timeout=1000)
    refused = requests.get(url + "/api/v1/auth/me", timeout=5,
                           headers={"Authorization": f"Bearer {clerk_token}"})
    assert refused.status_code == 401 and time.monotonic() - switched_off < 1.5
    expect(admin.locator(f"[data-user='{CLERK}']")).to_contain_text("重新启用")

    tab(admin, "audit")
    admin.select_option("#f-audit-filter-center_id", str(center_id))
    submit(admin, "audit-filter")
    trail = admin.locator("#console .cs-table")
    for action in ("center.created", "center.updated", "center.items", "device.registered",
                   "user.created", "auth.signed_in", "ticket.called", "user.deactivated"):
        expect(trail).to_contain_text(action)
    expect(trail).to_contain_text(MANAGER)
    screenshot(admin, "console-audit-zh")
    admin.click("button[data-lang='en']")
    expect(admin.locator("[data-tab='audit']")).to_have_text("Audit trail")
    screenshot(admin, "console-audit-en")
    tab(admin, "windows")
    expect(admin.locator(".cs-table")).to_contain_text("Window 2")
    screenshot(admin, "console-windows-en")
    tab(admin, "catalogue")
    expect(admin.locator(".cs-table").first).to_contain_text("Human Resources")
    screenshot(admin, "console-catalogue-en")
    admin.click("button[data-lang='zh']")
    tab(admin, "centers")
    screenshot(admin, "console-centers-zh")


def test_staff_see_that_the_console_is_not_for_them(empty_city, open_page):
    r = requests.post(empty_city.url + "/api/v1/auth/token", timeout=5,
                      json={"username": ADMIN, "password": ADMIN_PASSWORD})
    r.raise_for_status()
    admin = {"Authorization": f"Bearer {r.json()['token']}"}
    centers = requests.get(empty_city.url + "/api/v1/centers", timeout=5).json()
    if not centers:  # staff work at a center: give the porter one
        created = requests.post(empty_city.url + "/api/v1/centers", headers=admin, timeout=5,
                                json={"name": "门房中心", "name_en": "Porter center",
                                      "timezone": "Asia/Shanghai",
                                      "hours": {"mon": [["08:30", "17:00"]]}})
        created.raise_for_status()
        centers = [created.json()]
    empty_city.qms("user", "create", "porter", "--password", PASSWORD,
                   "--center", str(centers[0]["id"]))
    page = open_page(empty_city.url + "/dashboard/admin/people")
    sign_in(page, "porter", PASSWORD)
    expect(page.locator("#refused")).to_be_visible()
    expect(page.locator("#refused-text")).to_contain_text("窗口人员")
    expect(page.locator("#page")).to_be_hidden()


def guide_file(item_code: str) -> bytes:
    return yaml.safe_dump({
        "id": "marriage", "title": {"zh": "婚姻登记", "en": "Marriage"}, "start": "q1",
        "nodes": {
            "q1": {"question": {"zh": "您要办理什么？", "en": "What do you need?"},
                   "options": [{"label": {"zh": "结婚登记", "en": "Marry"}, "next": "s1"}]},
            "s1": {"scenario": {"title": {"zh": "结婚登记", "en": "Marriage"},
                                "items": [item_code]}},
        },
    }, allow_unicode=True).encode()


def test_a_guide_is_uploaded_refused_with_its_bad_node_named_and_removed(empty_city, open_page):
    token = empty_city.token(ADMIN, ADMIN_PASSWORD)
    api = {"Authorization": f"Bearer {token}"}
    dep = requests.post(empty_city.url + "/api/v1/departments", headers=api, timeout=5,
                        json={"name": "民政局", "name_en": "Civil Affairs"}).json()
    item = requests.post(empty_city.url + "/api/v1/items", headers=api, timeout=5,
                         json={"name": "结婚登记", "name_en": "Marriage registration",
                               "department_id": dep["id"], "expected_minutes": 20,
                               "prefix": "M"}).json()
    page = open_page(empty_city.url + "/dashboard/admin/guides")
    sign_in(page, ADMIN, ADMIN_PASSWORD)

    def upload(content: bytes) -> None:
        page.fill("#f-guide-upload-guide_id", "marriage")
        page.set_input_files("#f-guide-upload-file", files=[{
            "name": "marriage.yaml", "mimeType": "application/x-yaml", "buffer": content}])
        page.click("[data-submit='guide-upload']")

    upload(guide_file("no_such_item"))
    expect(page.locator("form[data-form='guide-upload'] .cs-error")).to_contain_text("s1")
    upload(guide_file(item["code"]))
    expect(page.locator("form[data-form='guide-upload'] .cs-ok")).to_contain_text("marriage")
    row = page.locator(".cs-table tr", has_text="婚姻登记")
    expect(row).to_be_visible()
    row.get_by_role("button", name="删除").click()
    expect(page.locator(".cs-table tr", has_text="婚姻登记")).to_have_count(0)
