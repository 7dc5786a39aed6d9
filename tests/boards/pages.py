"""The screens of the hall in a real Chromium: what a test opens and waits for."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from tests.boards.live import Clerk

TV = {"width": 1920, "height": 1080}
WINDOW_SCREEN = {"width": 1280, "height": 480}
COUNTER_SCREEN = {"width": 1600, "height": 900}
PAD_SCREEN = {"width": 1280, "height": 800}


def online(page: Page) -> Page:
    """Wait until the page has its live connection and has drawn the first snapshot."""
    expect(page.locator("html")).to_have_attribute("data-connection", "online", timeout=15000)
    expect(page.locator("#offline-banner")).to_be_hidden()
    return page


def open_page(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.goto(url)
    return online(page)


def counter_at_window(context: BrowserContext, url: str, clerk: Clerk, number: int) -> Page:
    """A staff member signs in on the counter page and takes window `number`."""
    page = context.new_page()
    page.goto(f"{url}/counter/")
    page.fill("#username", clerk.username)
    page.fill("#password", clerk.password)
    page.click("#signin-button")
    page.click(f'.ct-window-tile[data-window-number="{number}"]')
    expect(page.locator("#desk")).to_be_visible()
    expect(page.locator("#desk-state")).to_have_attribute("data-state", "open")
    return online(page)


def current_number(page: Page) -> str:
    """The ticket the counter is on, once it has one."""
    expect(page.locator("body")).to_have_attribute("data-current", re.compile(r"^\w+$"))
    return page.locator("body").get_attribute("data-current")
