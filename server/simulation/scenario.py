"""What a simulated day is made of: the hall, the arrivals, the handling times, the policy.

A scenario is plain data read from a YAML file in config/simulation/ (or built for the
M/M/c check). The hall itself (center, items, windows) is the demo city's, so the
simulator runs the same windows and routing the server does.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from server.config import CONFIG_DIR

SCENARIO_DIR = CONFIG_DIR / "simulation"
DEFAULT_SCENARIO = SCENARIO_DIR / "peak_day.yaml"
DISTRIBUTIONS = ("lognormal", "exponential", "fixed")


class ScenarioError(ValueError):
    """A scenario that cannot be simulated; the message says what to fix."""


@dataclass(frozen=True)
class Handling:
    """Minutes at the window for one item: a distribution with a mean and a spread."""

    mean: float
    distribution: str = "lognormal"
    cv: float = 0.5


@dataclass
class Reservations:
    share: float = 0.0
    early_minutes: float = 5.0
    spread_minutes: float = 6.0
    late_share: float = 0.0


@dataclass
class Policy:
    grace_minutes: int = 15
    max_wait_minutes: int = 60
    target_wait_minutes: int = 20
    reservation_first: bool = True
    # (start, end) local "HH:MM" spans in which the reserved windows are open.
    reserved_open: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Scenario:
    name: str
    day: dt.date
    # Local "HH:MM" period starts -> visits in the period; the last period ends at `close`.
    arrivals: dict[str, int]
    close: str
    mix: dict[str, float]
    handling: dict[str, Handling]
    reservations: Reservations = field(default_factory=Reservations)
    policy: Policy = field(default_factory=Policy)
    priority_share: float = 0.0
    no_show_share: float = 0.0
    recall_minutes: float = 1.0
    walk_minutes: float = 0.5
    # The demo center whose windows and items are simulated, or an M/M/c hall (`mmc`).
    center: str = "pengpu-community"
    # Window number -> local (start, end) spans it is open; others follow the default rule.
    window_hours: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    # The M/M/c check: (arrivals per hour, mean minutes, windows), Poisson arrivals instead
    # of a count per period, over `days` days whose first `warmup_minutes` are not counted.
    mmc: tuple[float, float, int] | None = None
    days: int = 1
    warmup_minutes: float = 0.0

    @property
    def visits(self) -> int:
        return sum(self.arrivals.values())

    def periods(self) -> list[tuple[float, float, int]]:
        """(start, end, visits) per arrival period, in minutes after local midnight."""
        starts = sorted(self.arrivals, key=minutes_of)
        ends = [*starts[1:], self.close]
        return [(minutes_of(s), minutes_of(e), self.arrivals[s])
                for s, e in zip(starts, ends, strict=True)]

    def opening(self) -> float:
        return min(minutes_of(s) for s in self.arrivals)

    def copy(self) -> Scenario:
        return copy.deepcopy(self)


def minutes_of(hhmm: str) -> float:
    hours, minutes = hhmm.split(":")
    return float(int(hours) * 60 + int(minutes))


def hhmm(minutes: float) -> str:
    minutes = round(minutes)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _handling(data: dict[str, Any], items: list[str]) -> dict[str, Handling]:
    default = dict(data.get("default") or {})
    out = {}
    for code in items:
        spec = {**default, **(data.get(code) or {})}
        if "mean" not in spec:
            raise ScenarioError(f"Say the handling minutes (mean) of {code}.")
        if spec.get("distribution", "lognormal") not in DISTRIBUTIONS:
            raise ScenarioError(f"A handling distribution is one of {', '.join(DISTRIBUTIONS)}.")
        out[code] = Handling(float(spec["mean"]), spec.get("distribution", "lognormal"),
                             float(spec.get("cv", 0.5)))
    return out


def from_dict(data: dict[str, Any]) -> Scenario:
    mix = {str(k): float(v) for k, v in (data.get("mix") or {}).items() if float(v) > 0}
    if not mix:
        raise ScenarioError("The scenario's mix names no item.")
    arrivals = {str(k): int(v) for k, v in (data.get("arrivals") or {}).items()}
    if not arrivals or min(arrivals.values()) < 0:
        raise ScenarioError("Give the visits per period under `arrivals`.")
    policy = dict(data.get("policy") or {})
    policy["reserved_open"] = [tuple(span) for span in policy.get("reserved_open", [])]
    scenario = Scenario(
        name=str(data.get("name", "scenario")),
        day=dt.date.fromisoformat(str(data.get("date", "2026-11-27"))),
        arrivals=arrivals,
        close=str(data.get("close", "17:00")),
        mix=mix,
        handling=_handling(data.get("handling") or {}, list(mix)),
        reservations=Reservations(**(data.get("reservations") or {})),
        policy=Policy(**policy),
        priority_share=float(data.get("priority_share", 0.0)),
        no_show_share=float(data.get("no_show_share", 0.0)),
        recall_minutes=float(data.get("recall_minutes", 1.0)),
        walk_minutes=float(data.get("walk_minutes", 0.5)),
        center=str(data.get("center", "pengpu-community")),
        window_hours={int(k): [tuple(s) for s in v]
                      for k, v in (data.get("window_hours") or {}).items()},
    )
    if scenario.periods()[-1][1] <= scenario.periods()[-1][0]:
        raise ScenarioError("`close` comes after the last arrival period starts.")
    return scenario


def load(path: Path | str | None = None) -> Scenario:
    path = Path(path) if path else DEFAULT_SCENARIO
    if not path.exists():
        raise ScenarioError(f"There is no scenario file {path}.")
    with path.open(encoding="utf-8") as f:
        return from_dict(yaml.safe_load(f) or {})


MMC_DAY_HOURS = 20.0


def mmc(rate_per_hour: float, mean_minutes: float, windows: int, hours: float) -> Scenario:
    """The textbook M/M/c queue: Poisson arrivals, exponential handling, `windows` identical
    windows that serve the one item and stay open.

    A hall's line never carries over to the next day, so the hours run as consecutive
    days of at most `MMC_DAY_HOURS` each (the line drains after the last arrival); each
    day starts empty, and the tickets of its first hour (a tenth, if shorter) are the
    warm-up, not counted.
    """
    if rate_per_hour <= 0 or mean_minutes <= 0 or windows < 1 or hours <= 0:
        raise ScenarioError("--mmc takes RATE_PER_HOUR,MEAN_MINUTES,C, all positive.")
    days = math.ceil(hours / MMC_DAY_HOURS)
    day_minutes = hours * 60 / days
    return Scenario(
        name=f"M/M/{windows} {rate_per_hour:g}/h {mean_minutes:g} min",
        day=dt.date(2026, 11, 2),
        arrivals={"00:00": 0},
        close=hhmm(day_minutes),
        mix={"mmc": 1.0},
        handling={"mmc": Handling(mean_minutes, "exponential")},
        policy=Policy(max_wait_minutes=100_000, target_wait_minutes=20),
        walk_minutes=0.0,
        center="mmc",
        mmc=(rate_per_hour, mean_minutes, windows),
        days=days,
        warmup_minutes=min(60.0, day_minutes / 10),
    )
