"""`qms simulate` and `qms plan` from the command line: the JSON a script reads, and a
seed that repeats a run."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from server.cli import main

SMALL_DAY = {
    "name": "small day", "center": "pengpu-community", "date": "2026-11-27",
    "arrivals": {"09:00": 30, "10:00": 12}, "close": "11:00",
    "mix": {"elderly_allowance": 3, "social_security_card_replacement": 1},
    "handling": {"default": {"mean": 6, "cv": 0.5}},
    "reservations": {"share": 0.2}, "priority_share": 0.1, "no_show_share": 0.05,
    "policy": {"reserved_open": [["09:30", "10:30"]]},
}


def _run(*args: str) -> dict:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _small_day(tmp_path, **changes) -> str:
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump({**SMALL_DAY, **changes}), encoding="utf-8")
    return str(path)


def test_simulate_json_says_the_waits_the_windows_the_line_and_the_promise(tmp_path):
    page = tmp_path / "day.html"
    data = _run("simulate", _small_day(tmp_path), "--json", "--html", str(page))
    assert data["visits"] == 42 and data["served"] + data["no_show"] == 42
    for key in ("mean_wait_minutes", "median_wait_minutes", "p90_wait_minutes",
                "served_within_target", "utilisation", "estimate_within_20pct"):
        assert isinstance(data[key], float), key
    assert set(data["by_item"]) == {"elderly_allowance", "social_security_card_replacement"}
    assert set(data["by_class"]) <= {"walk_in", "priority", "reservation"}
    assert {"mean_wait_minutes", "median_wait_minutes", "p90_wait_minutes",
            "within_target"} <= set(data["by_item"]["elderly_allowance"])
    assert len(data["windows"]) == 25 and data["queue_length"][0]["at"] == "09:00"
    assert "<svg" in page.read_text(encoding="utf-8")


def test_the_same_seed_repeats_the_day_and_another_seed_does_not(tmp_path):
    path = _small_day(tmp_path)
    first, again = _run("simulate", path, "--json"), _run("simulate", path, "--json")
    other = _run("simulate", path, "--json", "--seed", "2")
    for data in (first, again, other):
        data.pop("seconds")
    assert first == again
    assert other != first


def test_the_mmc_mode_prints_the_figures_beside_erlang_c():
    data = _run("simulate", "--mmc", "30,1,1", "--hours", "2", "--json")
    for key in ("mean_wait_minutes", "p90_wait_minutes", "served", "utilisation"):
        assert key in data
    assert data["served"] > 0 and data["theory"]["utilisation"] == 0.5


def test_a_table_without_json():
    result = CliRunner().invoke(main, ["simulate", "--mmc", "30,1,1", "--hours", "1"])
    assert result.exit_code == 0 and "Erlang C" in result.output


def test_plan_finds_the_fewest_windows_per_period(tmp_path):
    data = _run("plan", _small_day(tmp_path), "--target", "0.9,15", "--json", "--no-tradeoffs")
    assert [p["from"] for p in data["periods"]] == ["09:00", "10:00"]
    for period in data["periods"]:
        assert 5 <= period["open_windows"] <= 25  # at least one window of each of 5 groups
        assert period["met"]
    # The quieter second hour needs no more windows than the first.
    assert data["periods"][1]["open_windows"] <= data["periods"][0]["open_windows"]
    assert data["window_hours"] < data["window_hours_all_open"]
