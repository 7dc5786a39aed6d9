"""The kiosk's finish: the priority question seen before taking a number, a wrong booking code
kept for correcting, no empty guide list, senior mode, and a portrait screen that is used."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.kiosk.conftest import LANDSCAPE, PORTRAIT
from tests.kiosk.test_kiosk_browser import button

pytestmark = pytest.mark.browser


def test_in_landscape_the_priority_question_sits_above_the_buttons(open_kiosk, city, screenshot):
    page = open_kiosk(city["jingan"], kiosk=city["jingan_kiosk"])
    page.click("[data-action='guide']")
    page.click("[data-guide='food']")
    for answer in ("超市", "大型（6000平方米以上）", "零售", "是，现场制售"):
        button(page, answer).click()
    expect(page.locator("#scenario-title")).to_be_visible()
    question = page.locator("#scenario-screen .priority-box")
    take = page.locator("[data-action='guide-take']")
    expect(question.locator(".priority").first).to_be_visible()
    screenshot(page, "kiosk-scenario-landscape-zh")
    q, t = question.bounding_box(), take.bounding_box()
    assert q["y"] >= 0 and q["y"] + q["height"] <= t["y"], "the question is above the buttons"
    assert t["y"] + t["height"] <= LANDSCAPE["height"]
    top = page.evaluate("""([x, y]) => document.elementFromPoint(x, y).closest('.priority-box')
                           !== null""", [q["x"] + 20, q["y"] + q["height"] - 20])
    assert top, "nothing covers the priority question"


def test_a_wrong_booking_code_stays_to_be_corrected(open_kiosk, city, screenshot):
    page = open_kiosk(city["pengpu"], kiosk=city["pengpu_kiosk"])
    page.click("[data-action='reservation']")
    for key in "KYEKLRNX":
        page.click(f"#code-keypad [data-key='{key}']")
    page.click("[data-action='check-in']")
    expect(page.locator("#reservation-problem")).to_contain_text("没有找到这个预约码")
    expect(page.locator("#reservation-screen")).to_be_visible()
    expect(page.locator("#reservation-code")).to_have_value("KYEKLRNX")
    screenshot(page, "kiosk-wrong-code-zh")
    page.click("#code-keypad [data-key='BACK']")
    expect(page.locator("#reservation-code")).to_have_value("KYEKLRN")
    expect(page.locator("#reservation-problem")).to_be_hidden()
    page.click("[data-action='check-in']")
    page.click("[data-action='code-clear']")
    expect(page.locator("#reservation-code")).to_have_value("")


def test_a_center_without_guides_shows_no_guide_button(open_kiosk, city):
    """Pengpu (a community center) has none of the demo's guides (they are for businesses)."""
    pengpu = open_kiosk(city["pengpu"])
    expect(pengpu.locator("[data-action='reservation']")).to_be_visible()
    expect(pengpu.locator("[data-action='guide']")).to_be_hidden()
    jingan = open_kiosk(city["jingan"])
    expect(jingan.locator("[data-action='guide']")).to_be_visible()


def test_senior_mode_has_large_type_fewer_choices_and_speaks(open_kiosk, city, screenshot):
    page = open_kiosk(city["jingan"], kiosk=city["jingan_kiosk"], viewport=PORTRAIT)
    expect(page.locator("[data-action='guide']")).to_be_visible()
    page.click("#senior-toggle")
    expect(page.locator("[data-action='guide']")).to_be_hidden()  # fewer choices
    expect(page.locator("html")).to_have_class("senior-mode")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 26
    expect(page.locator("[data-action='reservation']")).to_be_visible()
    screenshot(page, "kiosk-senior-portrait-zh")
    page.click("[data-action='take']")
    expect(page.locator(".take-search")).to_be_hidden()
    items = page.locator("#items .item")
    expect(items.first).to_be_visible()
    assert items.nth(0).bounding_box()["x"] == items.nth(1).bounding_box()["x"], "one a row"
    if page.evaluate("'speechSynthesis' in window"):
        expect(page.locator("html")).to_have_class("senior-mode")
        page.wait_for_function("(window.__kioskSaid || []).slice(-1)[0] === '请选择要办理的事项。'")


def test_portrait_home_uses_the_screen(open_kiosk, city):
    page = open_kiosk(city["jingan"], viewport=PORTRAIT)
    expect(page.locator("[data-action='guide']")).to_be_visible()
    last = page.locator("[data-action='guide']").bounding_box()
    scan = page.locator("#senior-toggle").bounding_box()
    assert scan["y"] + scan["height"] > PORTRAIT["height"] * 0.85, "no empty lower screen"
    assert last["height"] > PORTRAIT["height"] * 0.2
