"""Every message a page can show exists in zh and en, and the API answers in the page's
language (`Accept-Language`, or `?lang=`); a screen's unknown address is a readable page."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from sqlalchemy import update

from server import error_texts
from server.accounts.service import create_user
from server.booking.models import STATES as BOOKING_STATES
from server.centers.models import Item
from server.tickets.models import STATES as TICKET_STATES
from server.windows.models import STATES as WINDOW_STATES
from tests.hall import ALL_DAY

ROOT = Path(__file__).resolve().parents[1]
ERRORS = {"DomainError", "NotFound", "InvalidRequest", "Conflict", "WindowNotOpen",
          "WindowHeld", "SlotFull", "AlreadyCheckedIn", "CenterClosed", "NoWindowServes",
          "Unauthorized", "Forbidden", "RateLimited", "BookingRefused"}


def _fields(template: str) -> set[str]:
    return {f.split(".")[0].split("[")[0].split("!")[0]
            for _, f, _, _ in string.Formatter().parse(template) if f}


def raised_templates() -> list[tuple[str, str, set[str]]]:
    """(where, template, the values given) of every domain error the code raises."""
    found = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = getattr(getattr(node, "func", None), "id", None)
            if isinstance(node, ast.Call) and name in ERRORS:
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{where}: a domain error's message is a literal English template")
                given = {k.arg for k in node.keywords if k.arg != "detail"}
                found.append((where, first.value, given))
    return found


def test_every_raised_message_has_its_chinese_with_the_same_values():
    raised = raised_templates()
    assert len(raised) > 150
    for where, template, given in raised:
        assert _fields(template) == given, f"{where}: the template's fields are its values"
        assert template in error_texts.MESSAGES, f"{where}: no Chinese for {template!r}"
        chinese = error_texts.MESSAGES[template]
        assert _fields(chinese) == _fields(template), f"{where}: {chinese!r} names other values"
        assert any("\u4e00" <= c <= "\u9fff" for c in chinese), f"{where}: {chinese!r}"


def test_every_state_a_message_names_has_its_chinese():
    for state in {*TICKET_STATES, *WINDOW_STATES, *BOOKING_STATES}:
        assert state.replace("_", " ") in error_texts.TERMS, state


@pytest.fixture
def desk(app_hall, client):
    """Window 1 (held by Li, signed in) serves the comprehensive items; window 2, the only one
    for the social security card, is closed."""
    center = app_hall.center(hours=ALL_DAY)
    pension = app_hall.item("pension", center=center)
    card = app_hall.item("card", center=center, department="social", routing="specialized")
    with app_hall.db.transaction() as s:
        s.execute(update(Item).where(Item.id == card.id).values(
            name="社保卡补换", name_en="Social security card replacement"))
    w1 = app_hall.window(center, 1, fields=["community"])
    app_hall.window(center, 2, kind="specialized", department="social")
    with app_hall.db.transaction() as s:
        create_user(session=s, username="li", password="secret1", role="staff",
                    center_ids=[center.id])
    token = client.post("/api/v1/auth/token",
                        json={"username": "li", "password": "secret1"}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post(f"/api/v1/windows/{w1.id}/open", headers=headers).status_code == 200
    client.post(f"/api/v1/centers/{center.id}/tickets", json={"item_id": pension.id})
    assert client.post(f"/api/v1/windows/{w1.id}/call-next", headers=headers).json[
        "number"] == "A001"
    return center, card, w1, headers


def answer(client, method, path, lang, **kw):
    headers = {**kw.pop("headers", {}), "Accept-Language": lang}
    return getattr(client, method)(path, headers=headers, **kw)


def test_the_counter_hears_the_issues_messages_in_its_own_language(client, desk):
    center, card, w1, headers = desk
    transfer = {"reason": "card", "item_id": card.id}
    zh = answer(client, "post", f"/api/v1/windows/{w1.id}/transfer", "zh-CN,zh;q=0.9",
                headers=headers, json=transfer)
    en = answer(client, "post", f"/api/v1/windows/{w1.id}/transfer", "en",
                headers=headers, json=transfer)
    assert zh.status_code == en.status_code == 409
    assert zh.json["message"] == "没有开放的窗口办理社保卡补换；请开放一个窗口或选择其他事项。"
    assert en.json["message"] == ("No open window serves Social security card replacement; "
                                  "open one or choose another.")
    assert set(zh.json) == {"status", "error", "message", "detail"}
    assert zh.json["error"] == en.json["error"] == "no_window_serves"

    zh = answer(client, "post", f"/api/v1/windows/{w1.id}/call-next", "zh", headers=headers)
    en = answer(client, "post", f"/api/v1/windows/{w1.id}/call-next", "en", headers=headers)
    assert zh.json["message"] == "1 号窗口仍在办理 A001 号；请先办结、转移或标记过号。"
    assert en.json["message"].startswith("Window 1 is still on A001;")


@pytest.mark.parametrize("method, path, body, status, zh, en", [
    ("get", "/api/v1/reservations/XXXXXXXX", None, 404, "没有这个预约码的预约",
     "No booking has this code"),
    ("post", "/api/v1/auth/token", {"username": "li", "password": "wrong!!"}, 401,
     "用户名或密码错误", "Wrong user name or password"),
    ("get", "/api/v1/tickets/no-such-token", None, 404, "没有这个编码的号",
     "No ticket has this code"),
    ("get", "/api/v1/centers/{center}/reports/nothing", None, 400, "没有报表",
     "There is no report"),
    ("post", "/api/v1/centers/{center}/tickets", {"priority": "normal"}, 422, "缺少必填项",
     "Missing data for required field"),
    ("post", "/api/v1/windows/{w1}/pause", {}, 401, "请先登录", "Sign in first"),
])
def test_each_area_answers_in_the_requests_language(client, desk, method, path, body,
                                                     status, zh, en):
    center, card, w1, headers = desk
    path = path.format(center=center.id, w1=w1.id)
    auth = headers if "reports" in path else {}
    kw = {"json": body} if body is not None else {}
    got_zh = answer(client, method, path, "zh", headers=auth, **kw)
    got_en = answer(client, method, path, "en", headers=auth, **kw)
    assert got_zh.status_code == got_en.status_code == status
    assert zh in got_zh.json["message"] and en in got_en.json["message"]


def test_lang_in_the_address_wins_and_a_program_that_names_none_reads_english(client, desk):
    r = client.get("/api/v1/reservations/XXXXXXXX?lang=zh", headers={"Accept-Language": "en"})
    assert r.json["message"].startswith("没有这个预约码的预约")
    assert client.get("/api/v1/reservations/XXXXXXXX").json["message"].startswith(
        "No booking has this code")


@pytest.mark.parametrize("path, zh, en", [
    ("/display/99", "没有中心 99。", "There is no center 99."),
    ("/display/windows/99", "没有窗口 99。", "There is no window 99."),
    ("/pad/99", "没有窗口 99。", "There is no window 99."),
    ("/display/nothing-here", "找不到这个页面", "This page cannot be found"),
])
def test_a_screens_unknown_address_is_a_page_in_both_languages(client, path, zh, en):
    r = client.get(path, headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 404 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert zh in page and en in page and "找不到这个页面" in page
    assert page.index(zh) < page.index(en)
    english_first = client.get(path + "?lang=en", headers={"Accept": "text/html"})
    assert english_first.get_data(as_text=True).index(en) < english_first.get_data(
        as_text=True).index(zh)


def test_the_kiosk_of_an_unknown_center_is_a_page_and_the_api_stays_json(client):
    kiosk = client.get("/kiosk/99", headers={"Accept": "text/html"})
    assert kiosk.status_code == 404 and kiosk.mimetype == "text/html"
    assert "没有这个服务中心" in kiosk.get_data(as_text=True)
    api = client.get("/api/v1/centers/99/hall", headers={"Accept": "text/html,*/*"})
    assert api.status_code == 404 and api.json["error"] == "not_found"


def test_a_refusal_logs_no_traceback(client, desk, caplog):
    center, card, w1, headers = desk
    caplog.set_level("DEBUG")
    refusals = [
        client.post(f"/api/v1/windows/{w1.id}/call-next", headers=headers),
        client.post(f"/api/v1/windows/{w1.id}/transfer", headers=headers,
                    json={"reason": "card", "item_id": card.id}),
        client.get("/api/v1/reservations/XXXXXXXX"),
        client.post(f"/api/v1/centers/{center.id}/tickets", data="{bad",
                    content_type="application/json"),
        client.get("/display/99", headers={"Accept": "text/html"}),
        client.get("/nothing-here"),
    ]
    assert all(400 <= r.status_code < 500 for r in refusals)
    assert [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()] == []
