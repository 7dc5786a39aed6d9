"""Who comes when, for what, and how long they will take: the day's visits, drawn once.

Every random draw of a run happens here, in a fixed order from one seeded generator,
so a seed gives the same visits however the windows then happen to call them.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from server.simulation.scenario import Handling, Scenario


@dataclass
class Visit:
    """One resident's visit. Times are minutes after local midnight of the visit's day."""

    n: int
    day: int
    arrive: float
    item: str
    handling: float
    priority: str = "normal"
    # The booked slot's start, for a resident who reserved (checked in at the kiosk).
    slot: float | None = None
    no_show: bool = False


def draw_handling(rng: random.Random, spec: Handling) -> float:
    if spec.distribution == "fixed":
        return spec.mean
    if spec.distribution == "exponential":
        return rng.expovariate(1 / spec.mean)
    sigma2 = math.log(1 + spec.cv ** 2)
    return rng.lognormvariate(math.log(spec.mean) - sigma2 / 2, math.sqrt(sigma2))


def _times(rng: random.Random, scenario: Scenario) -> list[float]:
    if scenario.mmc is not None:
        rate = scenario.mmc[0] / 60
        start, end, _ = scenario.periods()[0]
        times, t = [], start + rng.expovariate(rate)
        while t < end:
            times.append(t)
            t += rng.expovariate(rate)
        return times
    times = []
    for start, end, count in scenario.periods():
        times += [rng.uniform(start, end) for _ in range(count)]
    return sorted(times)


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    codes = list(weights)
    return rng.choices(codes, weights=[weights[c] for c in codes])[0]


def draw_visits(
    scenario: Scenario, *, seed: int, slot_minutes: int, priority_classes: list[str],
) -> list[Visit]:
    """The visits of every simulated day, in arrival order within each day."""
    rng = random.Random(seed)
    opening = scenario.opening()
    last_slot = scenario.periods()[-1][1] - slot_minutes
    grace = scenario.policy.grace_minutes
    booking = scenario.reservations
    visits: list[Visit] = []
    for day in range(scenario.days):
        for t in _times(rng, scenario):
            item = _pick(rng, scenario.mix)
            visit = Visit(n=len(visits), day=day, arrive=t, item=item,
                          handling=draw_handling(rng, scenario.handling[item]))
            if booking.share and rng.random() < booking.share:
                slot = opening + math.floor((t - opening) / slot_minutes) * slot_minutes
                visit.slot = min(slot, last_slot)
                if rng.random() < booking.late_share:
                    offset = rng.uniform(grace, grace + 25)
                else:
                    offset = rng.gauss(-booking.early_minutes, booking.spread_minutes)
                visit.arrive = max(opening, visit.slot + offset)
            if priority_classes and rng.random() < scenario.priority_share:
                visit.priority = rng.choice(priority_classes)
            visit.no_show = rng.random() < scenario.no_show_share
            visits.append(visit)
    visits.sort(key=lambda v: (v.day, v.arrive, v.n))
    return visits
