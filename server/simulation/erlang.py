"""The M/M/c queue in closed form (Erlang C), the yardstick of the simulator's M/M/c mode."""

from __future__ import annotations

import math


def erlang_c(servers: int, offered: float) -> float:
    """The chance that an arrival has to wait: `offered` = arrival rate x mean service time."""
    if offered >= servers:
        return 1.0
    term, total = 1.0, 1.0  # a^k / k! for k = 0
    for k in range(1, servers):
        term *= offered / k
        total += term
    last = term * offered / servers * servers / (servers - offered)
    return last / (total + last)


def mean_wait(rate_per_hour: float, mean_minutes: float, servers: int) -> float:
    """The mean minutes in line before a window calls (infinite when the windows cannot keep up)."""
    rate = rate_per_hour / 60
    spare = servers / mean_minutes - rate
    if spare <= 0:
        return math.inf
    return erlang_c(servers, rate * mean_minutes) / spare


def wait_quantile(rate_per_hour: float, mean_minutes: float, servers: int, q: float) -> float:
    """The q-quantile of the wait: P(W > t) = C * exp(-(c/m - rate) t)."""
    rate = rate_per_hour / 60
    spare = servers / mean_minutes - rate
    if spare <= 0:
        return math.inf
    waits = erlang_c(servers, rate * mean_minutes)
    return 0.0 if waits <= 1 - q else math.log(waits / (1 - q)) / spare
