"""The dashboard's "what if": a manager changes the default day and reads its waits."""

from __future__ import annotations

from tests.counter.conftest import sign_in


def test_a_manager_reads_the_defaults_and_simulates_a_quieter_day(client, app_hall):
    center = app_hall.center()
    manager = sign_in(client, app_hall, app_hall.staff("wang", center, role="manager"))
    defaults = client.get("/api/v1/simulation/whatif", headers=manager)
    assert defaults.status_code == 200, defaults.json
    groups = {g["group"]: g["windows"] for g in defaults.json["groups"]}
    assert groups["Comprehensive"] == 15 and defaults.json["visits"] == 1788

    r = client.post("/api/v1/simulation/whatif", headers=manager, json={
        "arrivals_percent": 10, "open_per_group": {"Comprehensive": 2},
        "reserved_open": False, "seed": 5})
    assert r.status_code == 200, r.json
    day = r.json
    assert day["visits"] == sum(round(n * 0.1) for n in defaults.json["arrivals"].values())
    opened = {w["number"] for w in day["windows"] if w["open_minutes"] > 0}
    assert opened == {1, 2} | set(range(16, 24))  # two comprehensive, every specialized one
    assert day["mean_wait_minutes"] is not None and 0 <= day["estimate_within_20pct"] <= 1


def test_only_managers_may_simulate_and_groups_must_exist(client, app_hall):
    center = app_hall.center()
    clerk = sign_in(client, app_hall, app_hall.staff("li", center))
    assert client.post("/api/v1/simulation/whatif", headers=clerk, json={}).status_code == 403
    manager = sign_in(client, app_hall, app_hall.staff("wang", center, role="manager"))
    r = client.post("/api/v1/simulation/whatif", headers=manager,
                    json={"open_per_group": {"Nowhere": 1}})
    assert r.status_code == 400 and "Nowhere" in r.json["message"]
