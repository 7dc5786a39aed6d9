"""Small simulated days for the tests: the Pengpu hall with most windows kept closed."""

from __future__ import annotations

from typing import Any

from server.simulation.scenario import Scenario, from_dict


def one_window_day(**changes: Any) -> Scenario:
    """An hour of elderly-allowance visits at window 1 alone (every other window stays
    closed): more than one window can serve, so the line grows and every rule is needed."""
    data: dict[str, Any] = {
        "name": "one window",
        "center": "pengpu-community",
        "date": "2026-11-27",
        "arrivals": {"09:00": 40},
        "close": "10:00",
        "mix": {"elderly_allowance": 1},
        "handling": {"default": {"distribution": "fixed", "mean": 3}},
        "reservations": {"share": 0.35, "early_minutes": 5, "spread_minutes": 5,
                         "late_share": 0.1},
        "priority_share": 0.15,
        "walk_minutes": 0.5,
        "policy": {"grace_minutes": 15, "max_wait_minutes": 30, "target_wait_minutes": 20,
                   "reserved_open": []},
        "window_hours": {n: [] for n in range(2, 26)},
    }
    data.update(changes)
    return from_dict(data)
