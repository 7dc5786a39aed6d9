"""The dashboard's "what if": the default day with other arrivals or other windows open."""

from __future__ import annotations

from typing import Any

from server.simulation import scenario as scenarios
from server.simulation.engine import simulate
from server.simulation.hall import SimWindow, build_hall
from server.simulation.report import summary


def window_groups(windows: list[SimWindow]) -> dict[str, list[SimWindow]]:
    """The hall's windows by group (reserved ones apart: they follow the policy's hours)."""
    groups: dict[str, list[SimWindow]] = {}
    for window in windows:
        if window.kind != "reserved":
            groups.setdefault(window.group, []).append(window)
    return groups


def defaults(scenario: scenarios.Scenario) -> dict[str, Any]:
    groups = window_groups(build_hall(scenario).windows)
    return {
        "scenario": scenario.name,
        "visits": scenario.visits,
        "arrivals": scenario.arrivals,
        "close": scenario.close,
        "groups": [{"group": name, "windows": len(ws)} for name, ws in groups.items()],
        "reserved_open": [list(span) for span in scenario.policy.reserved_open],
        "reservation_first": scenario.policy.reservation_first,
        "target_wait_minutes": scenario.policy.target_wait_minutes,
    }


def what_if(
    scenario: scenarios.Scenario, *, arrivals_percent: float = 100.0,
    open_per_group: dict[str, int] | None = None, reserved_open: bool = True,
    reservation_first: bool = True, seed: int = 1,
) -> dict[str, Any]:
    """Simulate the day with the arrivals scaled and only the first n windows of each named
    group open; groups not named stay as they are."""
    changed = scenario.copy()
    changed.arrivals = {k: round(v * arrivals_percent / 100) for k, v in scenario.arrivals.items()}
    changed.policy.reservation_first = reservation_first
    if not reserved_open:
        changed.policy.reserved_open = []
    groups = window_groups(build_hall(scenario).windows)
    unknown = sorted(set(open_per_group or {}) - set(groups))
    if unknown:
        raise scenarios.ScenarioError(f"There is no window group {', '.join(unknown)}.")
    for name, count in (open_per_group or {}).items():
        for window in groups[name][max(0, count):]:
            changed.window_hours[window.number] = []
    return summary(simulate(changed, seed=seed))
