"""Two windows calling at the same instant never get the same ticket, and no two
tickets share a number: many threads on SQLite, many processes on PostgreSQL."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from server.db import Database
from server.events.models import Event
from server.events.service import Actor
from server.tickets import service as tickets
from server.tickets.models import Ticket
from tests.hall import Hall, at

WINDOWS = 8
TICKETS = 240


def build_hall(hall: Hall):
    center = hall.center(max_wait_minutes=100000)
    pension = hall.item("pension", center=center)
    windows, clerks = [], []
    for number in range(1, WINDOWS + 1):
        window = hall.window(center, number, fields=["community"])
        clerk = hall.staff(f"clerk{number}-", center)
        hall.open(window, clerk)
        windows.append(window.id)
        clerks.append(clerk)
    return center.id, pension.id, windows, clerks


def issue_many(url: str, center_id: int, item_id: int, count: int) -> list[str]:
    database = Database(url)
    try:
        numbers = []
        for _ in range(count):
            with database.transaction() as s:
                numbers.append(tickets.issue_ticket(session=s, center_id=center_id,
                                                    item_id=item_id, now=at("09:00")).ticket.number)
        return numbers
    finally:
        database.dispose()


def call_until_empty(url: str, window_id: int, clerk: Actor) -> list[int]:
    """A window calls and completes until nobody waits; the ids of the tickets it got."""
    database = Database(url)
    got = []
    try:
        while True:
            with database.transaction() as s:
                acted = tickets.call_next(session=s, window_id=window_id, actor=clerk,
                                          now=at("10:00"))
                if acted.ticket is None:
                    return got
                got.append(acted.ticket.id)
                tickets.complete(session=s, window_id=window_id, actor=clerk, now=at("10:00"))
    finally:
        database.dispose()


def assert_every_ticket_called_once(database: Database, called: list[list[int]]) -> None:
    flat = [t for per_window in called for t in per_window]
    with database.read() as s:
        all_ids = set(s.scalars(select(Ticket.id)))
        calls = Counter(s.scalars(select(Event.ticket_id).where(Event.type == "ticket.called")))
        seqs = list(s.scalars(select(Event.seq).order_by(Event.seq)))
    assert len(flat) == len(set(flat)) == TICKETS
    assert set(flat) == all_ids
    assert set(calls.values()) == {1}
    assert seqs == list(range(1, len(seqs) + 1))  # the event sequence has no gap, no repeat
    assert sum(1 for per_window in called if per_window) > 1  # the windows really competed


def assert_numbers_distinct(numbers: list[str]) -> None:
    assert len(numbers) == len(set(numbers)) == TICKETS
    assert sorted(numbers) == [f"A{n:03d}" for n in range(1, TICKETS + 1)]


class TestSQLiteThreads:
    def test_many_kiosks_issuing_at_once_never_share_a_number(self, database, hall):
        center_id, item_id, _, _ = build_hall(hall)
        with ThreadPoolExecutor(16) as pool:
            parts = pool.map(lambda _: issue_many(database.url, center_id, item_id,
                                                  TICKETS // 16), range(16))
            numbers = [n for part in parts for n in part]
        assert_numbers_distinct(numbers)

    def test_windows_calling_at_once_never_get_the_same_ticket(self, database, hall):
        center_id, item_id, windows, clerks = build_hall(hall)
        issue_many(database.url, center_id, item_id, TICKETS)
        with ThreadPoolExecutor(WINDOWS) as pool:
            called = list(pool.map(lambda wc: call_until_empty(database.url, *wc),
                                   zip(windows, clerks, strict=True)))
        assert_every_ticket_called_once(database, called)


@pytest.mark.postgres
class TestPostgreSQLProcesses:
    def test_many_processes_issuing_at_once_never_share_a_number(self, pg_url, pg_database):
        center_id, item_id, _, _ = build_hall(Hall(pg_database))
        with multiprocessing.get_context("spawn").Pool(6) as pool:
            parts = pool.starmap(issue_many, [(pg_url, center_id, item_id, TICKETS // 6)] * 6)
        assert_numbers_distinct([n for part in parts for n in part])

    def test_windows_in_many_processes_never_get_the_same_ticket(self, pg_url, pg_database):
        center_id, item_id, windows, clerks = build_hall(Hall(pg_database))
        issue_many(pg_url, center_id, item_id, TICKETS)
        with multiprocessing.get_context("spawn").Pool(WINDOWS) as pool:
            called = pool.starmap(call_until_empty,
                                  [(pg_url, w, c) for w, c in zip(windows, clerks, strict=True)])
        assert_every_ticket_called_once(pg_database, called)
        with pg_database.read() as s:
            assert s.scalar(select(func.count()).select_from(Ticket)
                            .where(Ticket.state == "done")) == TICKETS
