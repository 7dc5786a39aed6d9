"""The simulated hall calls residents in the order of DESIGN.md, because it runs the
server's own dispatch: checked against the ticket logs, call by call."""

from __future__ import annotations

from server.simulation.engine import Run, TicketLog, simulate
from tests.simulation.days import one_window_day

EPS = 1e-3  # minutes: the database keeps microseconds, the clock floats


def _waiting_at(run: Run, t: float, called: TicketLog) -> list[TicketLog]:
    return [a for a in run.tickets if a is not called and a.issued <= t
            and (a.called is None or a.called > t)]


def _order(ticket: TicketLog, t: float, *, max_wait: float, grace: float) -> tuple[int, float]:
    """(class, place) of DESIGN.md's dispatch rules, worked out from the visit itself."""
    if t - ticket.issued >= max_wait:
        return 0, ticket.issued
    slot = ticket.visit.slot
    if (ticket.klass == "reservation" and ticket.issued <= slot + grace and slot <= t):
        return 1, slot
    return (3 if ticket.klass == "priority" else 4), ticket.issued


def test_every_call_follows_the_dispatch_order():
    scenario = one_window_day()
    run = simulate(scenario, seed=3)
    rules = {"max_wait": scenario.policy.max_wait_minutes,
             "grace": scenario.policy.grace_minutes}
    overtaken = {0: 0, 1: 0, 3: 0}
    for b in (t for t in run.tickets if t.called is not None):
        t = b.called
        mine = _order(b, t, **rules)
        for a in _waiting_at(run, t, b):
            if abs(t - a.issued - rules["max_wait"]) < EPS:
                continue  # on the edge of starving: either order is right
            theirs = _order(a, t, **rules)
            assert mine[0] < theirs[0] or (mine[0] == theirs[0] and mine[1] <= theirs[1] + EPS), \
                (b.number, mine, a.number, theirs)
            jumps = theirs[0] in (1, 3) if mine[0] == 0 else a.issued < b.issued
            if mine[0] < theirs[0] and jumps:
                overtaken[mine[0]] += 1
    # Each rule was put to work: a starving ticket went before a reservation or priority
    # resident, and reservations and priority residents before walk-ins who came earlier.
    assert all(overtaken.values()), overtaken


def test_the_one_open_window_serves_everyone_and_nobody_else_works():
    run = simulate(one_window_day(), seed=3)
    assert {t.window for t in run.tickets} == {1}
    assert all(t.called is not None for t in run.tickets)
    assert [w.served for w in run.windows if w.window.number != 1] == [0] * 24
