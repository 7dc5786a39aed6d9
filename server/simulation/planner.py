"""The fewest open windows per period that meet a wait target, and what reservation-first
and the reserved windows cost the walk-ins. Every figure comes from `engine.simulate`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.simulation.engine import Run, simulate
from server.simulation.hall import SimWindow, build_hall
from server.simulation.report import wait_figures
from server.simulation.scenario import Scenario, hhmm


@dataclass(frozen=True)
class Target:
    share: float = 0.9
    minutes: float = 15.0


def opening_order(windows: list[SimWindow]) -> list[SimWindow]:
    """The order windows open in: one of each group first (largest group first), so the
    first k windows serve every item once k reaches the number of groups; then the rest in
    proportion to the groups' sizes; the reserved windows last."""
    groups: dict[str, list[SimWindow]] = {}
    for window in windows:
        if window.kind != "reserved":
            groups.setdefault(window.group, []).append(window)
    names = sorted(groups, key=lambda n: -len(groups[n]))
    order = [groups[n][0] for n in names]
    taken = dict.fromkeys(names, 1)
    while len(order) < sum(map(len, groups.values())):
        name = max((n for n in names if taken[n] < len(groups[n])),
                   key=lambda n: len(groups[n]) / (taken[n] + 1))
        order.append(groups[name][taken[name]])
        taken[name] += 1
    return order + [w for w in windows if w.kind == "reserved"]


def staffed(scenario: Scenario, order: list[SimWindow], counts: list[int]) -> Scenario:
    """The scenario with the first `counts[p]` windows of `order` open in period p."""
    planned = scenario.copy()
    periods = scenario.periods()
    planned.window_hours = {}
    for rank, window in enumerate(order):
        spans: list[tuple[str, str]] = []
        for (start, end, _), count in zip(periods, counts, strict=True):
            if rank >= count:
                continue
            if spans and spans[-1][1] == hhmm(start):
                spans[-1] = (spans[-1][0], hhmm(end))
            else:
                spans.append((hhmm(start), hhmm(end)))
        planned.window_hours[window.number] = spans
    return planned


def _met(run: Run, start: float, end: float, target: Target) -> tuple[bool, float | None]:
    tickets = [t for t in run.tickets if start <= t.issued < end]
    share = wait_figures(tickets, target.minutes)["within_target"]
    return (share is None or share >= target.share), share


def plan(scenario: Scenario, *, target: Target, seed: int = 1) -> dict[str, Any]:
    """Period by period, the fewest windows (in `opening_order`) whose tickets meet the
    target, the earlier periods as already planned and the later ones fully staffed."""
    windows = build_hall(scenario).windows
    order = opening_order(windows)
    fewest = len({w.group for w in order if w.kind != "reserved"})
    periods = scenario.periods()
    counts = [len(order)] * len(periods)
    shares: list[float | None] = []
    runs = 0
    for p, (start, end, _) in enumerate(periods):
        low, high = fewest, len(order)
        best_share = None
        while low < high:
            middle = (low + high) // 2
            counts[p] = middle
            met, share = _met(simulate(staffed(scenario, order, counts), seed=seed),
                              start, end, target)
            runs += 1
            if met:
                high, best_share = middle, share
            else:
                low = middle + 1
        counts[p] = low
        if best_share is None:
            best_share = _met(simulate(staffed(scenario, order, counts), seed=seed),
                              start, end, target)[1]
            runs += 1
        shares.append(best_share)
    final = simulate(staffed(scenario, order, counts), seed=seed)
    hours = sum(c * (e - s) for c, (s, e, _) in zip(counts, periods, strict=True)) / 60
    return {
        "scenario": scenario.name,
        "seed": seed,
        "target": {"share": target.share, "minutes": target.minutes},
        "periods": [
            {"from": hhmm(s), "to": hhmm(e), "visits": n, "open_windows": c,
             "windows": sorted(w.number for w in order[:c]), "within_target": share,
             "met": share is None or share >= target.share}
            for (s, e, n), c, share in zip(periods, counts, shares, strict=True)
        ],
        "window_hours": round(hours, 1),
        "window_hours_all_open": round(
            len(order) * sum(e - s for s, e, _ in periods) / 60, 1),
        "day": wait_figures(final.tickets, target.minutes),
        "simulations": runs + 1,
    }


def tradeoffs(scenario: Scenario, *, seed: int = 1) -> dict[str, Any]:
    """The walk-ins' waits as configured, without reservation-first, and with the reserved
    windows kept closed (and the reservations' own waits beside them)."""
    first_off = scenario.copy()
    first_off.policy.reservation_first = False
    reserved_shut = scenario.copy()
    reserved_shut.policy.reserved_open = []
    out = {}
    target = scenario.policy.target_wait_minutes
    for name, variant in (("as_configured", scenario), ("without_reservation_first", first_off),
                          ("reserved_windows_closed", reserved_shut)):
        run = simulate(variant, seed=seed)
        out[name] = {
            "walk_in": wait_figures([t for t in run.tickets if t.klass == "walk_in"
                                     and t.visit.slot is None], target),
            "reserved_visits": wait_figures([t for t in run.tickets if t.visit.slot is not None],
                                            target),
        }
    return out
