"""A resident's page counts its people ahead from the hall's events alone, and its count is
the server's `placement` at every step: through calls, transfers (to an item and to a
window), no-shows put back, checked-in reservations whose slot begins, priority residents
and a ticket that starves. The page's code itself (static/js/line.js) runs, under Node."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from server.booking import service as reservations
from server.centers.models import Center
from server.events.service import MESSAGES
from server.hall.lines import attach_line_figures
from server.hall.snapshot import hall_snapshot
from server.management.service import requeue_no_show
from server.tickets import service as tickets
from server.tickets.models import Ticket
from server.tickets.presenters import micros
from tests.hall import at

LINE_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "line.js"
NODE = shutil.which("node")

# Node runs the page's Line against each followed ticket's events, printing its counts.
RUNNER = """
const fs = require("fs");
require(process.argv[1]);
const plan = JSON.parse(fs.readFileSync(0, "utf8"));
const pages = {};
const out = [];
for (const step of plan) {
  if (step.follow) pages[step.follow.key] = Line.follow(step.follow.line);
  for (const [name, payload] of step.events) {
    for (const key in pages) pages[key].apply(name, payload);
  }
  if (step.check) out.push([step.check.key, pages[step.check.key].ahead(step.check.now_us)]);
}
process.stdout.write(JSON.stringify(out));
"""


class Pages:
    """The residents' pages: what they were sent, and what the server says at each check."""

    def __init__(self, hall) -> None:
        self.hall = hall
        self.plan: list[dict] = []
        self.expected: list[list] = []
        self.followed: dict[str, int] = {}
        hall.db.on_commit[MESSAGES] = self._sent

    def _sent(self, messages) -> None:
        self.plan.append({"events": [[m.type, m.payload] for m in messages]})

    def follow(self, key: str, ticket_id: int, now: dt.datetime) -> None:
        """The page opens: one request for its ticket with its line."""
        with self.hall.db.read() as s:
            ticket = s.get(Ticket, ticket_id)
            line = tickets.live_line(session=s, center=s.get(Center, ticket.center_id),
                                     ticket=ticket, now=now)
        self.followed[key] = ticket_id
        self.plan.append({"events": [], "follow": {"key": key, "line": line}})

    def check(self, now: dt.datetime) -> None:
        """Every followed ticket still waiting: the page's count beside the server's."""
        with self.hall.db.read() as s:
            for key, ticket_id in self.followed.items():
                ticket = s.get(Ticket, ticket_id)
                if ticket.state != "waiting":
                    continue
                place = tickets.placement(session=s, center=s.get(Center, ticket.center_id),
                                          ticket=ticket, now=now)
                self.expected.append([key, place.ahead])
                self.plan.append({"events": [], "check": {"key": key, "now_us": micros(now)}})

    def counted(self) -> list[list]:
        run = subprocess.run([NODE, "-e", RUNNER, str(LINE_JS)], input=json.dumps(self.plan),
                             capture_output=True, text=True, timeout=60, check=True)
        return json.loads(run.stdout)


def book_and_check_in(hall, center, item, *, slot: dt.datetime, arrive: dt.datetime) -> int:
    with hall.db.transaction() as s:
        booking, _ = reservations.book(session=s, center_id=center.id, item_id=item.id,
                                       slot_start=slot, name="王芳", phone="13800000000",
                                       now=slot - dt.timedelta(days=1))
    with hall.db.transaction() as s:
        return reservations.check_in(session=s, center_id=center.id, code=booking.code,
                                     now=arrive).ticket.id


@pytest.mark.skipif(NODE is None, reason="Node runs the page's line.js")
def test_the_pages_count_of_people_ahead_is_the_servers_through_a_busy_morning(hall):
    center = hall.center(grace_minutes=15, max_wait_minutes=40)
    pension = hall.item("pension", center=center)
    insurance = hall.item("insurance", center=center)
    license_ = hall.item("license", center=center, department="market", routing="specialized",
                         field="market", prefix="B")
    w1 = hall.window(center, 1, fields=["community"])
    w2 = hall.window(center, 2, fields=["community"])
    w3 = hall.window(center, 3, kind="specialized", department="market")
    li, wang, zhao = (hall.staff(n, center) for n in ("li", "wang", "zhao"))
    boss = hall.staff("chen", center, role="manager")
    for window, clerk in ((w1, li), (w2, wang), (w3, zhao)):
        hall.open(window, clerk, at("08:55"))
    pages = Pages(hall)

    def act(fn, window, clerk, now, **kw):
        with hall.db.transaction() as s:
            return fn(session=s, window_id=window.id, actor=clerk, now=now, **kw)

    hall.take(center, pension, at("09:00"))
    hall.take(center, insurance, at("09:01"))
    mine = hall.take(center, pension, at("09:02")).ticket.id
    pages.follow("walk_in", mine, at("09:02"))
    pages.check(at("09:02"))
    hall.take(center, insurance, at("09:03"))  # behind
    hall.take(center, pension, at("09:04"), priority="elderly")  # ahead: a priority resident
    hall.take(center, license_, at("09:04"))  # another line
    pages.check(at("09:05"))
    booked = book_and_check_in(hall, center, insurance, slot=at("09:30"), arrive=at("09:06"))
    pages.follow("reservation", booked, at("09:06"))
    pages.check(at("09:07"))  # early: in line by its arrival, behind the walk-in

    act(tickets.call_next, w3, zhao, at("09:08"))
    act(tickets.transfer, w3, zhao, at("09:10"), reason="needs pension", item_id=pension.id)
    pages.check(at("09:10"))  # the transfer keeps its 09:04 place, among transfers: ahead
    act(tickets.call_next, w1, li, at("09:11"))  # the transfer goes first
    act(tickets.transfer, w1, li, at("09:12"), reason="window 2", to_window_id=w2.id)
    with hall.db.read() as s:
        sent_on = s.scalar(Ticket.__table__.select().with_only_columns(Ticket.id)
                           .where(Ticket.target_window_id == w2.id))
    pages.follow("to_window", sent_on, at("09:12"))
    pages.check(at("09:12"))  # a ticket sent to window 2 by name is not in the walk-in's line
    act(tickets.call_next, w2, wang, at("09:13"))
    act(tickets.no_show, w2, wang, at("09:16"))
    pages.check(at("09:16"))
    with hall.db.transaction() as s:
        requeue_no_show(session=s, ticket_id=sent_on, actor=boss, now=at("09:17"))
    pages.check(at("09:17"))
    act(tickets.call_next, w1, li, at("09:18"))
    act(tickets.complete, w1, li, at("09:20"))
    pages.check(at("09:25"))
    pages.check(at("09:31"))  # no event: the reservation's slot began, it jumps ahead
    pages.check(at("09:43"))  # no event: the walk-in has waited 40 minutes, it starves
    for window, clerk, minute in ((w1, li, 45), (w2, wang, 46), (w1, li, 50)):
        act(tickets.call_next, window, clerk, at(f"09:{minute}"))
        act(tickets.complete, window, clerk, at(f"09:{minute + 1}"))
        pages.check(at(f"09:{minute + 2}"))

    assert pages.counted() == pages.expected
    assert len(pages.expected) >= 20
    assert {ahead for _, ahead in pages.expected} != {0}


def test_each_change_sends_the_lines_the_snapshot_would_show(hall):
    center = hall.center()
    pension = hall.item("pension", center=center)
    license_ = hall.item("license", center=center, department="market", routing="specialized",
                         field="market", prefix="B")
    w1 = hall.window(center, 1, fields=["community"], group="综合")
    w2 = hall.window(center, 2, kind="specialized", department="market", group="市场")
    li = hall.staff("li", center)
    hall.open(w1, li, at("08:55"))
    hall.open(w2, hall.staff("wang", center), at("08:55"))
    sent: list = []
    hall.db.before_commit.append(attach_line_figures)
    hall.db.on_commit[MESSAGES] = sent.extend
    for minute, item in enumerate((pension, pension, license_, pension)):
        hall.take(center, item, at(f"09:0{minute}"))
    hall.call(w1, li, at("09:05"))
    with hall.db.read() as s:
        snap = hall_snapshot(session=s, center_id=center.id, now=at("09:05"))
    line = sent[-1].payload["line"]
    assert sent[-1].type == "ticket.called"
    assert line["waiting_total"] == snap["waiting_total"] == 3
    assert line["waiting_by_group"] == snap["waiting_by_group"]
    assert {g["group"]: g["waiting"] for g in line["waiting_by_group"]} == {"综合": 2, "市场": 1}
    assert {r["window_id"]: r["waiting"] for r in line["waiting_by_window"]} == {
        w["id"]: w["waiting"] for w in snap["windows"]} == {w1.id: 2, w2.id: 1}
