"""Kiosk and guide fixtures: an app with the demo city loaded, shared by a test module;
the live demo city and a kiosk page opener for the browser tests."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import expect

from server.config import CONFIG_DIR
from tests.conftest import app_config


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory) -> Iterator:
    """The app on a database holding the demo city (centers 1 Jing'an, 2 Pengpu).

    Shared by the tests of a module (loading the city takes a while): tests add what
    they need and do not count on what the others left.
    """
    from server import create_app
    from server.demo import load_demo

    app = create_app(app_config(tmp_path_factory.mktemp("kiosk")))
    database = app.extensions["qms_db"]
    database.create_all()
    with database.transaction() as session:
        load_demo(session=session, config_dir=CONFIG_DIR / "demo", password="demo-pass")
    yield app
    database.dispose()


@pytest.fixture
def demo_client(demo_app):
    return demo_app.test_client()


LANDSCAPE = {"width": 1920, "height": 1080}
PORTRAIT = {"width": 1080, "height": 1920}


def device_token(live_server, device_id: int) -> str:
    """The kiosk's own token, as a hall sets a kiosk up (`qms device token ID`)."""
    return json.loads(live_server.qms("device", "token", str(device_id), "--json"))["token"]


@pytest.fixture(scope="module")
def city(live_server) -> dict:
    """The demo centers' ids, their kiosks, and the items of Pengpu by code."""
    jingan = live_server.center_id("jingan-district")
    pengpu = live_server.center_id("pengpu-community")
    manager = {"Authorization": f"Bearer {live_server.token('manager')}"}

    def kiosk_of(center: int) -> int | None:
        r = requests.get(f"{live_server.url}/api/v1/centers/{center}/devices", headers=manager,
                         timeout=10)
        kiosks = [d["id"] for d in r.json() if d["kind"] == "kiosk"] if r.ok else []
        return kiosks[0] if kiosks else None

    items = requests.get(f"{live_server.url}/api/v1/centers/{pengpu}/items", timeout=10).json()
    return {"jingan": jingan, "pengpu": pengpu, "jingan_kiosk": kiosk_of(jingan),
            "pengpu_kiosk": kiosk_of(pengpu), "items": {i["code"]: i["id"] for i in items}}


@pytest.fixture
def open_kiosk(browser, live_server):
    contexts = []

    def open_(center: int, *, kiosk: int | None = None, viewport=LANDSCAPE, **query):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        params = {**({"kiosk": kiosk, "device": device_token(live_server, kiosk)}
                     if kiosk else {}), **query}
        url = f"{live_server.url}/kiosk/{center}"
        if params:
            url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        page.goto(url)
        expect(page.locator("[data-action='take']")).to_be_visible()
        return page

    yield open_
    for context in contexts:
        context.close()
