"""A hand-worked morning at one center, on SQLite and (when it answers) PostgreSQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from server.centers.models import Center, Item
from server.db import Database
from server.events.service import Actor
from server.tickets import service as tickets
from server.windows.models import Window
from tests.hall import Hall, at


@pytest.fixture(params=["sqlite", "postgres"])
def any_database(request) -> Database:
    """The test's database: the SQLite file, or a private PostgreSQL schema."""
    name = "database" if request.param == "sqlite" else "pg_database"
    return request.getfixturevalue(name)


@dataclass
class Morning:
    """What happened, to compare the reports with.

    All four tickets of item A and B are taken at 09:00 (Shanghai), a fifth at 09:30:
      t1 (A)  W1 calls 09:05, starts 09:05, done 09:15     wait  5, handling 10
      t2 (A)  W2 calls 09:10, no-show 09:13                wait 10
      t3 (B)  W2 calls 09:15, starts 09:16, done 09:36     wait 15, handling 20
      t4 (B)  W1 calls 09:40, starts 09:40, done 09:46     wait 40, handling 6
      t5 (B)  taken 09:30, still waiting
    and the day before one ticket of A, served at once.
    """

    hall: Hall
    center: Center
    a: Item
    b: Item
    w1: Window
    w2: Window
    clerk1: Actor
    clerk2: Actor
    numbers: dict[str, str]
    ids: dict[str, int]

    def act(self, verb, window: Window, clerk: Actor, hhmm: str) -> tickets.Acted:
        with self.hall.db.transaction() as s:
            return verb(session=s, window_id=window.id, actor=clerk, now=at(hhmm))


def build_morning(hall: Hall) -> Morning:
    center = hall.center(target_wait_minutes=20)
    a = hall.item("pension", center=center, minutes=10)
    b = hall.item("allowance", center=center, minutes=10)
    w1 = hall.window(center, 1, fields=["community"], group="综合窗口")
    w2 = hall.window(center, 2, fields=["community"], group="综合窗口")
    clerk1, clerk2 = hall.staff("li", center), hall.staff("chen", center)
    day_before = dt.date(2026, 11, 26)
    hall.open(w1, clerk1, at("08:30", day_before))
    hall.take(center, a, at("16:00", day_before))
    hall.serve(w1, clerk1, at("16:00", day_before))
    hall.open(w2, clerk2, at("08:30"))
    numbers, ids = {}, {}
    for name, item in (("t1", a), ("t2", a), ("t3", b), ("t4", b)):
        issued = hall.take(center, item, at("09:00"))
        numbers[name], ids[name] = issued.ticket.number, issued.ticket.id
    m = Morning(hall, center, a, b, w1, w2, clerk1, clerk2, numbers, ids)
    assert hall.call(w1, clerk1, at("09:05")) == numbers["t1"]
    m.act(tickets.start, w1, clerk1, "09:05")
    hall.finish(w1, clerk1, at("09:15"))
    assert hall.call(w2, clerk2, at("09:10")) == numbers["t2"]
    m.act(tickets.no_show, w2, clerk2, "09:13")
    assert hall.call(w2, clerk2, at("09:15")) == numbers["t3"]
    m.act(tickets.start, w2, clerk2, "09:16")
    hall.finish(w2, clerk2, at("09:36"))
    issued = hall.take(center, b, at("09:30"))
    numbers["t5"], ids["t5"] = issued.ticket.number, issued.ticket.id
    assert hall.call(w1, clerk1, at("09:40")) == numbers["t4"]
    m.act(tickets.start, w1, clerk1, "09:40")
    hall.finish(w1, clerk1, at("09:46"))
    return m


@pytest.fixture
def morning(any_database: Database) -> Morning:
    return build_morning(Hall(any_database))
