"""The reports and live figures over HTTP: managers only, JSON and CSV with the same figures."""

from __future__ import annotations

import csv
import io

import pytest

from server.accounts.models import User
from server.tickets import service as tickets
from tests.dashboard.conftest import build_morning
from tests.hall import at

DAY = "2026-11-27"


@pytest.fixture
def morning(app_hall):
    return build_morning(app_hall)


def bearer(client, hall, actor) -> dict:
    with hall.db.read() as s:
        username = s.get(User, actor.user_id).username
    r = client.post("/api/v1/auth/token", json={"username": username, "password": "secret1"})
    assert r.status_code == 200, r.json
    return {"Authorization": f"Bearer {r.json['token']}"}


@pytest.fixture
def manager(client, app_hall, morning):
    return bearer(client, app_hall, app_hall.staff("wang", morning.center, role="manager"))


def rows_of(response) -> list[dict]:
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff"), "a byte-order mark, for Excel"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_summary_as_json_and_as_csv_holds_the_same_figures(client, morning, manager):
    url = f"/api/v1/centers/{morning.center.id}/reports/summary?from={DAY}&to={DAY}"
    figures = client.get(url, headers=manager).json
    assert (figures["issued"], figures["served"], figures["no_show"]) == (5, 3, 1)
    assert figures["median_wait_minutes"] == 12.5
    assert figures["p90_wait_minutes"] == 32.5
    assert figures["served_within_target"] == 0.75
    download = client.get(url + "&format=csv", headers=manager)
    assert "attachment" in download.headers["Content-Disposition"]
    [row] = rows_of(download)
    for key, value in figures.items():
        assert row[key] == ("" if value is None else str(value)), key


@pytest.mark.parametrize("name", ["items", "sources", "waits", "handling", "windows", "staff",
                                  "arrivals"])
def test_every_report_downloads_the_figures_it_answers(client, morning, manager, name):
    url = f"/api/v1/centers/{morning.center.id}/reports/{name}?from={DAY}&to={DAY}"
    report = client.get(url, headers=manager).json
    rows = rows_of(client.get(url + "&format=csv", headers=manager))
    if name in ("waits", "handling"):
        bars = [int(r["value"]) for r in rows if r["figure"] == "bucket"]
        assert bars == [b["tickets"] for b in report["buckets"]]
        stats = {r["figure"]: r["value"] for r in rows if r["figure"] != "bucket"}
        assert float(stats["median_minutes"]) == report["median_minutes"]
    else:
        assert len(rows) == len(report["rows"])
        first = report["rows"][0]
        assert {k: rows[0][k] for k in rows[0]} == \
            {k: "" if first[k] is None else str(first[k]) for k in rows[0]}


def test_staff_and_other_centers_managers_are_refused(client, app_hall, morning):
    clerk = bearer(client, app_hall, morning.clerk1)
    elsewhere = app_hall.center()
    stranger = bearer(client, app_hall, app_hall.staff("zhao", elsewhere, role="manager"))
    center = morning.center.id
    for headers in (clerk, stranger):
        for url in (f"/api/v1/centers/{center}/reports/summary?from={DAY}&to={DAY}",
                    f"/api/v1/centers/{center}/reports/windows?from={DAY}&to={DAY}&format=csv",
                    f"/api/v1/centers/{center}/live"):
            r = client.get(url, headers=headers)
            assert r.status_code == 403, url
            assert "manager" in r.json["message"]
    assert client.get(f"/api/v1/centers/{center}/reports/summary").status_code == 401
    assert client.get("/api/v1/city/live", headers=clerk).status_code == 403
    assert client.post(f"/api/v1/tickets/{morning.ids['t2']}/requeue",
                       headers=clerk).status_code == 403


def test_an_admin_sees_every_center(client, app_hall, morning):
    app_hall.center()
    admin = bearer(client, app_hall, app_hall.staff("root", role="admin"))
    city = client.get("/api/v1/city/live", headers=admin).json
    assert len(city) == 2
    assert city[0]["center"]["id"] == morning.center.id


@pytest.mark.parametrize(("query", "status", "says"), [
    ("from=2026-13-01&to=2026-11-27", 400, "YYYY-MM-DD"),
    ("from=27.11.2026", 400, "'from' must be a date"),
    ("from=2026-11-27&to=2026-11-01", 400, "before it begins"),
    ("from=2016-01-01&to=2026-11-27", 400, "at most"),
    ("format=xml", 422, "format"),
])
def test_bad_periods_are_refused_with_a_reason(client, morning, manager, query, status, says):
    r = client.get(f"/api/v1/centers/{morning.center.id}/reports/summary?{query}",
                   headers=manager)
    assert r.status_code == status
    assert says in r.json["message"]


def test_an_unknown_report_or_center(client, morning, manager):
    r = client.get(f"/api/v1/centers/{morning.center.id}/reports/everything", headers=manager)
    assert r.status_code == 400 and "summary" in r.json["message"]
    assert client.get("/api/v1/centers/999/live", headers=manager).status_code == 403


def test_the_live_hall_and_a_no_show_put_back(client, app_hall, morning, manager, monkeypatch):
    monkeypatch.setattr("server.api.base.utcnow", lambda: at("09:48"))
    center = morning.center.id
    live = client.get(f"/api/v1/centers/{center}/live", headers=manager).json
    assert live["center"]["id"] == center
    assert {"waiting_total", "windows", "alerts", "today", "devices"} <= set(live)
    r = client.post(f"/api/v1/tickets/{morning.ids['t2']}/requeue", headers=manager)
    assert r.status_code == 200, r.json
    assert r.json["ticket"]["state"] == "waiting"
    again = client.post(f"/api/v1/tickets/{morning.ids['t2']}/requeue", headers=manager)
    assert again.status_code == 409 and "only a no-show" in again.json["message"]
    with app_hall.db.transaction() as s:
        acted = tickets.call_next(session=s, window_id=morning.w2.id, actor=morning.clerk2,
                                  now=at("09:50"))
        assert acted.ticket.id == morning.ids["t2"]


def test_the_routes_are_documented(client):
    paths = client.get("/api/openapi.json").json["paths"]
    assert "/api/v1/centers/{center_id}/reports/summary" in paths
    assert "/api/v1/centers/{center_id}/live" in paths
    assert "/api/v1/tickets/{ticket_id}/requeue" in paths
