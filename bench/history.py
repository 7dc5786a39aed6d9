"""A year of a busy center's history, seeded in bulk: finished tickets and their events.

    seed_year(database_url, center_code, tickets=650_000)

Every ticket of the past 365 days is done, served at one of the center's windows, with its
`ticket.issued`, `ticket.called` and `ticket.completed` events; the center's event sequence
continues after them. Plain multi-row inserts in chunks, so a year takes about a minute.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

from sqlalchemy import insert, select, update

from server.centers.models import Center, CenterItem
from server.db import Database
from server.events.models import Event
from server.tickets.models import Ticket
from server.windows.models import Window

CHUNK = 20_000
DAYS = 365


def seed_year(database_url: str, center_code: str, *, tickets: int = 650_000) -> int:
    """Seed `tickets` finished tickets over the year before today; answers how many events."""
    database = Database(database_url)
    rng = random.Random(7)
    with database.transaction() as s:
        center = s.scalar(select(Center).where(Center.code == center_code))
        items = list(s.scalars(select(CenterItem.item_id).where(
            CenterItem.center_id == center.id)))
        windows = list(s.scalars(select(Window.id).where(Window.center_id == center.id)))
        first_seq = center.event_seq
    per_day = tickets // DAYS
    today = dt.datetime.now(dt.UTC).replace(hour=1, minute=0, second=0, microsecond=0)
    rows: list[dict] = []
    seq = first_seq
    events = 0
    for d in range(DAYS, 0, -1):
        opening = today - dt.timedelta(days=d)
        for n in range(per_day):
            issued = opening + dt.timedelta(seconds=n * 28800 // per_day)
            called = issued + dt.timedelta(minutes=rng.randint(1, 40))
            finished = called + dt.timedelta(minutes=rng.randint(3, 20))
            rows.append({
                "center_id": center.id, "item_id": rng.choice(items), "day": issued.date(),
                "number": f"H{n:04d}", "token": secrets.token_urlsafe(18), "source": "walk_in",
                "priority": "normal", "state": "done", "issued_at": issued, "queued_at": issued,
                "called_at": called, "started_at": called, "finished_at": finished,
                "recall_count": 0, "window_id": rng.choice(windows),
                "outcome": {"kind": "accepted"},
            })
        if len(rows) >= CHUNK or d == 1:
            seq, added = _flush(database, center.id, rows, seq)
            events += added
            rows = []
    with database.transaction() as s:
        s.execute(update(Center).where(Center.id == center.id).values(event_seq=seq))
    database.dispose()
    return events


def _flush(database: Database, center_id: int, rows: list[dict], seq: int) -> tuple[int, int]:
    with database.transaction() as s:
        ids = list(s.scalars(insert(Ticket).returning(Ticket.id, sort_by_parameter_order=True),
                             rows))
        events = []
        for ticket_id, row in zip(ids, rows, strict=True):
            for type_, at in (("ticket.issued", row["issued_at"]),
                              ("ticket.called", row["called_at"]),
                              ("ticket.completed", row["finished_at"])):
                seq += 1
                events.append({"center_id": center_id, "seq": seq, "type": type_, "at": at,
                               "ticket_id": ticket_id, "item_id": row["item_id"],
                               "window_id": row["window_id"], "data": {}})
        s.execute(insert(Event), events)
    return seq, len(events)
