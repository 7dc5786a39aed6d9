"""Security headers on every answer, and pages that still work under them."""

from __future__ import annotations

import re

import pytest
import requests

PAGES = ["/", "/kiosk/{c}", "/display/{c}", "/display/windows/{w}", "/counter/", "/pad/{w}",
         "/dashboard/", "/dashboard/reports", "/book/", "/t/no-such-ticket", "/api/docs"]


def test_every_answer_carries_the_security_headers(client, app_hall):
    center = app_hall.center()
    answers = [client.get("/api/v1/centers"), client.get(f"/api/v1/centers/{center.id}"),
               client.get("/api/v1/centers/999"), client.get("/static/js/api.js"),
               client.get("/"), client.get("/api/docs"), client.get("/api/openapi.json")]
    for r in answers:
        csp = r.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "object-src 'none'" in csp and "'unsafe-inline'" not in csp
        assert r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "no-referrer"


def test_an_inline_script_runs_only_with_this_answer_s_nonce(client):
    first, second = client.get("/t/no-such-ticket"), client.get("/t/no-such-ticket")
    nonces = []
    for r in (first, second):
        nonce = re.search(r"'nonce-([^']+)'", r.headers["Content-Security-Policy"]).group(1)
        assert f'<script nonce="{nonce}">' in r.get_data(as_text=True)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_the_api_docs_page_loads_nothing_from_outside(client):
    html = client.get("/api/docs").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") or s.startswith("data:") for s in sources), sources
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in sources
    bundle = client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and b"SwaggerUIBundle" in bundle.data[:200_000]
    assert "<script>" not in html


@pytest.mark.browser
def test_every_page_runs_under_its_policy(live_server, browser):
    """No page of the hall meets a refusal of its own policy (a blocked script or style)."""
    center = live_server.center_id("pengpu-community")
    window = requests.get(f"{live_server.url}/api/v1/centers/{center}/windows",
                          timeout=10).json()[0]["id"]
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text else None)
    try:
        for path in PAGES:
            page.goto(live_server.url + path.format(c=center, w=window))
            page.wait_for_load_state("networkidle")
        page.goto(f"{live_server.url}/api/docs")
        page.wait_for_selector(".swagger-ui .information-container", timeout=20_000)
    finally:
        context.close()
    assert refused == []
