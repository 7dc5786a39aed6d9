"""The discrete-event driver: simpy moves the clock, the hall's own domain code does the rest.

Residents arrive and take tickets (`issue_ticket`, or `book` the day before and
`check_in` at the kiosk); windows open, call the next ticket (`call_next`, so the
server's dispatch order decides who), recall and mark no-shows, start and complete.
Each action is one transaction on an in-memory database, at the simulated instant
passed as `now`. The driver only decides *when* things happen; *who* is next and what
the ticket promises come from the server's code.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import simpy

from server.booking import service as reservations
from server.errors import SlotFull
from server.simulation.arrivals import Visit, draw_visits
from server.simulation.hall import SimHall, SimWindow, build_hall
from server.simulation.scenario import Scenario, minutes_of
from server.tickets import service as tickets
from server.windows import service as windows

DAY = 24 * 60
QUEUE_SAMPLE_MINUTES = 15


@dataclass
class TicketLog:
    """One ticket's day, in minutes after the first simulated day's local midnight."""

    visit: Visit
    ticket_id: int
    number: str
    klass: str  # reservation, priority or walk_in
    issued: float
    promised: int | None
    ahead: int
    counted: bool = True
    called: float | None = None
    window: int | None = None
    no_show: bool = False
    finished: float | None = None

    @property
    def wait(self) -> float | None:
        return None if self.called is None else self.called - self.issued


@dataclass
class WindowLog:
    window: SimWindow
    open_minutes: float = 0.0
    busy_minutes: float = 0.0
    served: int = 0
    opened_at: float | None = None


@dataclass
class Run:
    scenario: Scenario
    seed: int
    hall: SimHall
    tickets: list[TicketLog]
    windows: list[WindowLog]
    queue: list[tuple[float, int]]
    seconds: float = 0.0
    booked_elsewhere: int = 0


@dataclass
class _Shift:
    start: float
    end: float
    # Keep calling after `end` until the line is done (the day's last shift).
    drain: bool
    day: int


class Driver:
    def __init__(self, scenario: Scenario, hall: SimHall, visits: list[Visit]) -> None:
        self.scenario = scenario
        self.hall = hall
        self.visits = visits
        self.env = simpy.Environment()
        zone = ZoneInfo(hall.timezone)
        self.base = dt.datetime.combine(scenario.day, dt.time(0), zone).astimezone(dt.UTC)
        self.logs: dict[int, TicketLog] = {}
        self.codes: dict[int, str] = {}
        self.idle: dict[int, simpy.Event] = {}
        # Waiting tickets per item: a window whose items have none goes idle without asking.
        self.waiting: Counter[int] = Counter()
        self.queue: list[tuple[float, int]] = []
        self.window_logs = {w.id: WindowLog(w) for w in hall.windows}
        self.arrived = [self.env.event() for _ in range(scenario.days)]
        self.moved_slots = 0
        self.session = hall.database.session()

    # -- time and transactions -------------------------------------------------------

    def at(self, minutes: float) -> dt.datetime:
        return self.base + dt.timedelta(minutes=minutes)

    def act(self, action: Callable[..., Any], minutes: float | None = None, **kwargs: Any) -> Any:
        """One domain action in one transaction at the simulated instant.

        The hall has one session for the run (nothing else writes to its database), so
        what one transaction loaded stays known to the next, as in a long-lived worker.
        """
        now = self.at(self.env.now if minutes is None else minutes)
        with self.session.begin():
            return action(session=self.session, now=now, **kwargs)

    # -- the residents ---------------------------------------------------------------

    def book_all(self) -> None:
        """Bookings are made the evening before; a full slot moves the booking (and the
        resident's arrival) to the next slot with room."""
        slot = self.hall.slot_minutes
        for visit in self.visits:
            if visit.slot is None or not self.scenario.policy.reservation_first:
                continue
            evening = visit.day * DAY - 6 * 60
            while True:
                try:
                    booked, _ = self.act(
                        reservations.book, evening, center_id=self.hall.center_id,
                        item_id=self.hall.items[visit.item],
                        slot_start=self.at(visit.day * DAY + visit.slot),
                        name="sim", phone=f"138{visit.n:08d}",
                    )
                    break
                except SlotFull:
                    visit.slot += slot
                    visit.arrive += slot
                    self.moved_slots += 1
            self.codes[visit.n] = booked.code
        self.visits.sort(key=lambda v: (v.day, v.arrive, v.n))

    def residents(self) -> Generator[simpy.Event, Any, None]:
        day = 0
        for visit in self.visits:
            while visit.day > day:
                self.arrived[day].succeed()
                day += 1
            yield self.env.timeout(max(0.0, visit.day * DAY + visit.arrive - self.env.now))
            self.arrive(visit)
        for event in self.arrived[day:]:
            event.succeed()

    def arrive(self, visit: Visit) -> None:
        code = self.codes.get(visit.n)
        if code is not None:
            issued = self.act(reservations.check_in, center_id=self.hall.center_id, code=code)
            klass = "reservation"
        else:
            issued = self.act(
                tickets.issue_ticket, center_id=self.hall.center_id,
                item_id=self.hall.items[visit.item], priority=visit.priority,
            )
            klass = "walk_in" if visit.priority == "normal" else "priority"
        ticket = issued.ticket
        warmup = self.scenario.warmup_minutes
        self.logs[ticket.id] = TicketLog(
            visit=visit, ticket_id=ticket.id, number=ticket.number, klass=klass,
            issued=self.env.now, promised=issued.placement.estimated_wait_minutes,
            ahead=issued.placement.ahead, counted=visit.arrive >= warmup,
        )
        self.waiting[ticket.item_id] += 1
        self.wake(ticket.item_id)

    def wake(self, item_id: int) -> None:
        """The window idle longest among those that serve the item calls."""
        for window_id, event in self.idle.items():
            if item_id in self.window_logs[window_id].window.item_ids:
                del self.idle[window_id]
                event.succeed()
                return

    # -- the windows -----------------------------------------------------------------

    def shifts(self, window: SimWindow) -> list[_Shift]:
        scenario = self.scenario
        close = minutes_of(scenario.close)
        if window.number in scenario.window_hours:
            spans = scenario.window_hours[window.number]
        elif window.kind == "reserved":
            spans = scenario.policy.reserved_open
        else:
            spans = [(scenario.opening(), close)]
        out = []
        for day in range(scenario.days):
            for start, end in spans:
                start_m, end_m = _minutes(start), _minutes(end)
                out.append(_Shift(day * DAY + start_m, day * DAY + end_m, end_m >= close, day))
        return out

    def clerk(self, window: SimWindow) -> Generator[simpy.Event, Any, None]:
        log = self.window_logs[window.id]
        for shift in self.shifts(window):
            yield self.env.timeout(max(0.0, shift.start - self.env.now))
            self.act(windows.open_window, window_id=window.id, actor=window.actor)
            log.opened_at = self.env.now
            while self.env.now < shift.end or shift.drain:
                if any(self.waiting[i] for i in window.item_ids):
                    acted = self.act(tickets.call_next, window_id=window.id, actor=window.actor)
                    if acted.ticket is not None:
                        yield from self.serve(window, acted.ticket.id)
                        continue
                done = self.env.now >= shift.end
                if done and self.arrived[shift.day].triggered:
                    break
                wake = self.idle[window.id] = self.env.event()
                other = self.arrived[shift.day] if done else self.env.timeout(
                    shift.end - self.env.now)
                yield wake | other
                self.idle.pop(window.id, None)
            self.act(windows.set_state, window_id=window.id, state="closed", reason="",
                     actor=window.actor)
            log.open_minutes += self.env.now - log.opened_at

    def serve(self, window: SimWindow, ticket_id: int) -> Generator[simpy.Event, Any, None]:
        log = self.logs[ticket_id]
        log.called, log.window = self.env.now, window.number
        self.waiting[self.hall.items[log.visit.item]] -= 1
        actor = window.actor
        if log.visit.no_show:
            yield self.env.timeout(self.scenario.recall_minutes)
            self.act(tickets.recall, window_id=window.id, actor=actor)
            yield self.env.timeout(self.scenario.recall_minutes)
            self.act(tickets.no_show, window_id=window.id, actor=actor)
            log.no_show = True
        else:
            # Nobody walks up in the M/M/c hall: the window completes what it called.
            if self.scenario.walk_minutes:
                yield self.env.timeout(self.scenario.walk_minutes)
                self.act(tickets.start, window_id=window.id, actor=actor)
            yield self.env.timeout(log.visit.handling)
            self.act(tickets.complete, window_id=window.id, actor=actor)
            self.window_logs[window.id].served += 1
        log.finished = self.env.now
        self.window_logs[window.id].busy_minutes += log.finished - log.called

    def sampler(self) -> Generator[simpy.Event, Any, None]:
        first = self.visits[0].arrive if self.visits else 0.0
        yield self.env.timeout(first - first % QUEUE_SAMPLE_MINUTES)
        while not all(e.triggered for e in self.arrived) or self.waiting.total():
            self.queue.append((self.env.now, self.waiting.total()))
            yield self.env.timeout(QUEUE_SAMPLE_MINUTES)

    def run(self) -> None:
        self.book_all()
        for window in self.hall.windows:
            self.env.process(self.clerk(window))
        self.env.process(self.residents())
        self.env.process(self.sampler())
        self.env.run()


def simulate(scenario: Scenario, *, seed: int = 1) -> Run:
    """Simulate the scenario's day(s) through the server's domain code."""
    began = time.perf_counter()
    hall = build_hall(scenario)
    visits = draw_visits(scenario, seed=seed, slot_minutes=hall.slot_minutes,
                         priority_classes=hall.priority_classes)
    driver = Driver(scenario, hall, visits)
    driver.run()
    run = Run(
        scenario=scenario, seed=seed, hall=hall,
        tickets=sorted(driver.logs.values(), key=lambda t: t.ticket_id),
        windows=list(driver.window_logs.values()), queue=driver.queue,
        booked_elsewhere=driver.moved_slots,
    )
    hall.database.dispose()
    run.seconds = time.perf_counter() - began
    return run


def _minutes(value: str | float) -> float:
    return minutes_of(value) if isinstance(value, str) else float(value)
