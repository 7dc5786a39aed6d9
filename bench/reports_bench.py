"""How long the reports take on a year of a busy center: from the event log, and from the
stored daily figures.

    .venv/bin/python bench/reports_bench.py [--tickets 500000] [--days 365] [--runs 5]
        [--database-url postgresql+psycopg://...] [--keep PATH] [--reuse PATH] [--no-compare]

Generates the event log of one center (25 windows, 20 items, 40 staff; about 4
events per ticket, each with the ticket's real-sized JSON payload) with bulk
inserts into a fresh SQLite file (or the given database), then times every report
over the whole year computed from the event log (`old`), stores the daily figures of
every day but the last (as the days' closes would; the last stays live, as today is),
and times every report again from them (`new`), checking the figures are identical.
Unless --no-compare, it then drops the report indexes (server/reports/models.py) and
times two reports from the log again, to show what the indexes buy. Never part of the
test run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.hall.events import lock_center  # noqa: E402
from sqlalchemy import insert, inspect, text  # noqa: E402

from server import models  # noqa: E402,F401
from server.db import Base, Database  # noqa: E402
from server.reports import service as reports  # noqa: E402
from server.reports.daily import store_days  # noqa: E402
from server.reports.models import REPORT_INDEXES  # noqa: E402

ZONE = ZoneInfo("Asia/Shanghai")
STAMP = "%Y-%m-%d %H:%M:%S.%f"
WINDOWS = 25
ITEMS = 20
STAFF = 40
# Share of the day's arrivals per opening hour (08:30-17:00): a morning and an afternoon peak.
HOURLY = [0.06, 0.13, 0.15, 0.13, 0.08, 0.07, 0.11, 0.12, 0.10, 0.05]


def build_city(database: Database) -> None:
    with database.transaction() as s:
        s.execute(text(
            "INSERT INTO centers (id, code, name, name_en, timezone, hours, special_days, "
            "allow_outside_hours, grace_minutes, max_wait_minutes, target_wait_minutes, "
            "recall_limit, priority_classes, reservation_prefix, slot_minutes, slot_capacity, "
            "notice, event_seq) VALUES (1, 'bench', '压力测试中心', 'Bench Center', "
            "'Asia/Shanghai', '{}', '{}', true, 15, 90, 20, 2, '[]', 'R', 30, 8, '', 0)"))
        s.execute(text("INSERT INTO departments (id, code, name, name_en) "
                       "VALUES (1, 'civil', '民政', 'Civil affairs')"))
        for i in range(1, ITEMS + 1):
            s.execute(text(
                "INSERT INTO items (id, code, name, name_en, department_id, field, routing, "
                "expected_minutes, prefix, on_the_spot, materials, related_codes, keywords) "
                "VALUES (:i, :code, :name, :name_en, 1, 'community', 'comprehensive', :m, 'A', "
                "false, '[]', '[]', '')"),
                {"i": i, "code": f"item{i}", "name": f"事项{i}", "name_en": f"Item {i}",
                 "m": 5 + i % 20})
        for w in range(1, WINDOWS + 1):
            s.execute(text(
                'INSERT INTO windows (id, center_id, number, kind, "group", group_en, fields, '
                "state, state_reason) VALUES (:w, 1, :w, 'comprehensive', '综合窗口', "
                "'Comprehensive', '[\"community\"]', 'closed', '')"), {"w": w})
        for u in range(1, STAFF + 1):
            s.execute(text(
                "INSERT INTO users (id, username, display_name, password_hash, role, active) "
                "VALUES (:u, :name, :name, '-', 'staff', true)"), {"u": u, "name": f"clerk{u}"})


class History:
    """Tickets and their events, generated day by day."""

    def __init__(self, tickets: int, days: int, seed: int = 7) -> None:
        self.rnd = random.Random(seed)
        self.tickets: list[tuple] = []
        self.events: list[tuple] = []
        self.ratings: list[dict] = []
        self.seq = 0
        self.ticket_id = 0
        first = dt.date.today() - dt.timedelta(days=days)
        per_day = tickets // days
        for n in range(days):
            self.day(first + dt.timedelta(days=n), per_day + (1 if n < tickets % days else 0))
        self.first, self.last = first, first + dt.timedelta(days=days - 1)

    def brief(self, tid: int, number: str, item: int, source: str, state: str,
              window: int | None, issued: dt.datetime) -> str:
        return json.dumps({"ticket": {
            "id": tid, "number": number, "item_id": item, "item_name": f"事项{item}",
            "item_name_en": f"Item {item}", "source": source, "priority": "normal",
            "state": state, "window_id": window, "window_number": window, "recall_count": 0,
            "issued_at": issued.isoformat(), "called_at": None, "started_at": None,
            "finished_at": None}, "window_number": window}, ensure_ascii=False)

    def day(self, day: dt.date, count: int) -> None:
        rnd = self.rnd
        opens = dt.datetime.combine(day, dt.time(8, 30), ZONE).astimezone(dt.UTC)
        staff_at = {w: rnd.randint(1, STAFF) for w in range(1, WINDOWS + 1)}
        day_events: list[tuple] = []
        for w in range(1, WINDOWS + 1):
            for minutes in (0, 150, 180, 510):
                day_events.append(("window.changed", opens + dt.timedelta(minutes=minutes),
                                   None, w, None, staff_at[w], '{"window": {}}'))
        hours = rnd.choices(range(len(HOURLY)), weights=HOURLY, k=count)
        for k, hour in enumerate(sorted(hours)):
            self.ticket_id += 1
            tid = self.ticket_id
            issued = opens + dt.timedelta(minutes=30 + 60 * (hour - 1) + rnd.random() * 60) \
                if hour else opens + dt.timedelta(minutes=rnd.random() * 30)
            item = rnd.randint(1, ITEMS)
            r = rnd.random()
            source = "walk_in" if r < 0.65 else "reservation" if r < 0.95 else "follow_up"
            number = f"{'R' if source == 'reservation' else 'A'}{k + 1:03d}"
            window = rnd.randint(1, WINDOWS)
            user = staff_at[window]
            data = self.brief(tid, number, item, source, "waiting", None, issued)
            day_events.append(("ticket.issued", issued, tid, None, item, None, data))
            wait = dt.timedelta(seconds=rnd.expovariate(1 / (420 if source == "reservation"
                                                              else 840)))
            called = issued + wait
            fate = rnd.random()
            busy = self.brief(tid, number, item, source, "called", window, issued)
            if fate < 0.02:
                day_events.append(("ticket.cancelled", called, tid, None, item, None, data))
                self.tickets.append((tid, day, number, item, source, "cancelled", issued))
                continue
            day_events.append(("ticket.called", called, tid, window, item, user, busy))
            if fate < 0.06:
                for recall in (1, 2):
                    day_events.append(("ticket.recalled", called + dt.timedelta(minutes=recall),
                                       tid, window, item, user, busy))
                gone = called + dt.timedelta(minutes=3)
                day_events.append(("ticket.no_show", gone, tid, window, item, user, busy))
                if fate < 0.025:
                    back = gone + dt.timedelta(minutes=rnd.randint(5, 30))
                    day_events.append(("ticket.requeued", back, tid, None, item, 1, data))
                    called = back + dt.timedelta(minutes=rnd.randint(1, 10))
                    day_events.append(("ticket.called", called, tid, window, item, user, busy))
                else:
                    self.tickets.append((tid, day, number, item, source, "no_show", issued))
                    continue
            started = called + dt.timedelta(seconds=rnd.randint(20, 120))
            minutes = (5 + item % 20) * rnd.lognormvariate(0, 0.4)
            finished = started + dt.timedelta(minutes=minutes)
            day_events.append(("ticket.started", started, tid, window, item, user, busy))
            if fate > 0.98:
                day_events.append(("ticket.transferred", finished, tid, window, item, user, busy))
                self.tickets.append((tid, day, number, item, source, "transferred", issued))
                self.ticket_id += 1
                succ = self.ticket_id
                other = window % WINDOWS + 1
                again = finished + dt.timedelta(minutes=rnd.randint(2, 20))
                busy2 = self.brief(succ, number, item, "transfer", "called", other, again)
                done = again + dt.timedelta(minutes=minutes)
                for type, at in (("ticket.called", again), ("ticket.started", again),
                                 ("ticket.completed", done)):
                    day_events.append((type, at, succ, other, item, staff_at[other], busy2))
                self.tickets.append((succ, day, f"T{k + 1:03d}", item, "transfer", "done",
                                     finished))
                continue
            day_events.append(("ticket.completed", finished, tid, window, item, user, busy))
            self.tickets.append((tid, day, number, item, source, "done", issued))
            if rnd.random() < 0.6:
                self.ratings.append({"center_id": 1, "ticket_id": tid, "window_id": window,
                                     "staff_user_id": user, "score": rnd.choice((3, 4, 5, 5, 5)),
                                     "reason": "", "at": finished + dt.timedelta(seconds=20)})
        day_events.sort(key=lambda e: e[1])
        for type, at, tid, window, item, user, data in day_events:
            self.seq += 1
            self.events.append((self.seq, 1, self.seq, type, at.strftime(STAMP), tid, window,
                                item, user, data))


def load(database: Database, history: History) -> None:
    ticket_rows = [
        (tid, 1, item, day.isoformat(), number, f"tok{tid}", source, "normal", state,
         issued.strftime(STAMP), issued.strftime(STAMP), 0)
        for tid, day, number, item, source, state, issued in history.tickets
    ]
    ticket_sql = (
        "INSERT INTO tickets (id, center_id, item_id, day, number, token, source, priority, "
        "state, issued_at, queued_at, recall_count) VALUES ({})"
    )
    event_sql = (
        "INSERT INTO events (id, center_id, seq, type, at, ticket_id, window_id, item_id, "
        "user_id, data) VALUES ({})"
    )
    raw = database.engine.raw_connection()
    try:
        cur = raw.cursor()
        if database.is_sqlite:
            cur.execute("PRAGMA foreign_keys=OFF")
            cur.execute("PRAGMA synchronous=OFF")
            mark = "?"
        else:
            mark = "%s"
            cur.execute("SET session_replication_role = replica")
        cur.executemany(ticket_sql.format(", ".join([mark] * 12)), ticket_rows)
        cur.executemany(event_sql.format(", ".join([mark] * 10)), history.events)
        cur.execute(f"UPDATE centers SET event_seq = {history.seq} WHERE id = 1")
        raw.commit()
    finally:
        raw.close()
    ratings = Base.metadata.tables.get("ratings")
    if ratings is not None and history.ratings:
        columns = set(ratings.c.keys())
        with database.transaction() as s:
            s.execute(insert(ratings),
                      [{k: v for k, v in r.items() if k in columns} for r in history.ratings])
    # What autovacuum would long have done to a year of history on PostgreSQL. SQLite gets
    # no ANALYZE: the server never runs one, so the queries must plan well without statistics.
    if not database.is_sqlite:
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))


def timed(database: Database, name: str, period_args: dict, runs: int,
          source: str = "log") -> tuple[float, dict]:
    times = []
    result: dict = {}
    for _ in range(runs):
        with database.read() as session:
            period = reports.make_period(session=session, **period_args)
            began = time.perf_counter()
            result = reports.report(session=session, name=name, period=period, source=source)
            times.append(time.perf_counter() - began)
    return statistics.median(times), result


def store_figures(database: Database, first: dt.date, last: dt.date) -> float:
    """The daily figures of first..last, each day in its own transaction (as a day's close)."""
    began = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    day = first
    while day <= last:
        with database.transaction() as session:
            store_days(session, lock_center(session, 1), [day], now=now)
        day += dt.timedelta(days=1)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=500_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", default="", help="keep the SQLite file at this path")
    parser.add_argument("--reuse", default="", help="time the reports on a file kept earlier")
    parser.add_argument("--no-compare", action="store_true")
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory(prefix="reports-bench-")
    path = Path(args.reuse or args.keep or Path(folder.name) / "bench.sqlite3")
    database = Database(args.database_url or f"sqlite:///{path}")
    if args.reuse:
        Base.metadata.create_all(database.engine)
        first, last = reused_period(database)
    else:
        first, last = generate(database, args, path)
    print(f"database: {database.engine.dialect.name}; median of {args.runs} runs per report\n")

    period_args = {"center_id": 1, "first": first, "last": last}
    old = {name: timed(database, name, period_args, args.runs) for name in reports.REPORTS}
    with database.read() as s:
        built = s.scalar(text("SELECT COUNT(*) FROM report_days WHERE center_id = 1"))
    if not built:
        seconds = store_figures(database, first, last - dt.timedelta(days=1))
        print(f"daily figures of {first} to {last - dt.timedelta(days=1)} stored in "
              f"{seconds:.1f} s; {last} stays live\n")
    print(f"{'report':10} {'old s':>8} {'new s':>8}  same  figures")
    for name in reports.REPORTS:
        seconds, result = timed(database, name, period_args, args.runs, source="days")
        same = "yes" if result == old[name][1] else "NO"
        print(f"{name:10} {old[name][0]:8.3f} {seconds:8.3f}  {same:4}  "
              f"{headline(name, result)}")

    if not args.no_compare:
        with database.engine.connect() as conn:
            for index in REPORT_INDEXES:
                conn.execute(text(f"DROP INDEX {index.name}"))
            conn.commit()
        print("\nwithout the report indexes (ix_events_report, ix_events_ticket_type_at):")
        for name in ("summary", "windows"):
            seconds, _ = timed(database, name, period_args, max(1, args.runs // 2))
            print(f"{name:10} {seconds:8.3f}")
    database.dispose()
    folder.cleanup()


def generate(database: Database, args: argparse.Namespace, path: Path) -> tuple[dt.date, dt.date]:
    if args.database_url and inspect(database.engine).get_table_names():
        raise SystemExit("--database-url must name an empty database (or schema): the bench "
                         "creates the tables and fills them.")
    Base.metadata.create_all(database.engine)
    began = time.perf_counter()
    build_city(database)
    history = History(args.tickets, args.days)
    generated = time.perf_counter() - began
    load(database, history)
    loaded = time.perf_counter() - began
    print(f"history: {len(history.tickets):,} tickets, {len(history.events):,} events, "
          f"{len(history.ratings):,} ratings, {history.first} to {history.last}")
    print(f"generated in {generated:.1f} s, loaded in {loaded - generated:.1f} s"
          + (f", {path.stat().st_size / 2**20:,.0f} MiB" if not args.database_url else ""))
    return history.first, history.last


def reused_period(database: Database) -> tuple[dt.date, dt.date]:
    with database.read() as s:
        low, high = s.execute(text(
            "SELECT MIN(at), MAX(at) FROM events WHERE center_id = 1 AND type = 'ticket.issued'"
        )).one()
    as_day = [dt.datetime.fromisoformat(str(v)).replace(tzinfo=dt.UTC).astimezone(ZONE).date()
              for v in (low, high)]
    print(f"reusing the history from {as_day[0]} to {as_day[1]}")
    return as_day[0], as_day[1]


def headline(name: str, result: dict) -> str:
    if name == "summary":
        keys = ("issued", "served", "no_show", "median_wait_minutes", "p90_wait_minutes",
                "served_within_target")
        return ", ".join(f"{k}={result[k]}" for k in keys)
    if name in ("waits", "handling"):
        return f"tickets={result['tickets']}, median={result['median_minutes']}, " \
               f"p90={result['p90_minutes']}"
    if name == "arrivals":
        return "by weekday " + ", ".join(f"{k}={v}" for k, v in result["by_weekday"].items())
    return f"{len(result['rows'])} rows"


if __name__ == "__main__":
    main()
