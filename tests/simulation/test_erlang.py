"""The M/M/c mode against queueing theory: the hall's own dispatch with Poisson arrivals,
exponential handling and identical windows must wait as Erlang C says.

The runs are long enough for the stated tolerances and short enough for the test run;
the seed is fixed, so a run that drifts out of tolerance is a change in the simulator or
the dispatch, not chance. `qms simulate --mmc ... --hours 200` tightens the figures.
"""

from __future__ import annotations

import math

import pytest

from server.simulation import erlang
from server.simulation import scenario as scenarios
from server.simulation.arrivals import draw_visits
from server.simulation.engine import simulate
from server.simulation.report import summary


def test_erlang_c_against_hand_worked_values():
    assert erlang.erlang_c(1, 0.5) == pytest.approx(0.5)  # M/M/1: P(wait) is the load
    assert erlang.erlang_c(2, 1.0) == pytest.approx(1 / 3)
    # Two windows, 6 an hour, 10 minutes each: (1/3) / (2/10 - 1/10) per minute.
    assert erlang.mean_wait(6, 10, 2) == pytest.approx(10 / 3)
    assert erlang.mean_wait(60, 2, 1) == math.inf  # twice what one window can do
    # P(W > t) = C exp(-(c/m - rate) t): M/M/1 at 0.5, m = 1: 0.5 exp(-t/2) = 0.1.
    assert erlang.wait_quantile(30, 1, 1, 0.9) == pytest.approx(2 * math.log(5))


def test_one_window_calls_in_arrival_order_exactly_as_the_recursion_says():
    """M/M/1 is first come, first served: each wait is the last one plus its service,
    less the time between the two arrivals (Lindley), to the microsecond."""
    scenario = scenarios.mmc(30, 1, 1, 6)
    visits = draw_visits(scenario, seed=4, slot_minutes=30, priority_classes=[])
    run = simulate(scenario, seed=4)
    waits = {t.visit.n: t.wait for t in run.tickets}
    wait = 0.0
    for before, visit in zip([None, *visits], visits, strict=False):
        if before is not None:
            wait = max(0.0, wait + before.handling - (visit.arrive - before.arrive))
        assert waits[visit.n] == pytest.approx(wait, abs=1e-4)
    assert len(waits) == len(visits) > 100


@pytest.mark.parametrize(("rate", "mean", "windows", "hours", "tolerance"), [
    (30, 1.0, 1, 20, 0.20),    # utilisation 0.5
    (126, 1.0, 3, 8, 0.20),    # utilisation 0.7
    (108, 1.0, 2, 20, 0.25),   # utilisation 0.9: long memory, so a wider band
])
def test_mean_wait_agrees_with_erlang_c(rate, mean, windows, hours, tolerance):
    data = summary(simulate(scenarios.mmc(rate, mean, windows, hours), seed=1))
    theory = erlang.mean_wait(rate, mean, windows)
    assert data["mean_wait_minutes"] == pytest.approx(theory, rel=tolerance)
    assert data["utilisation"] == pytest.approx(rate * mean / 60 / windows, rel=0.12)
    assert data["never_called"] == 0
