"""The estimated wait, against hand-worked cases.

The promise is (people ahead that the ticket's windows will serve + 1 - idle windows) x
minutes per service / windows, taken for each group of windows that serve the same items,
and the shortest of those (see server/tickets/estimates.py).
"""

from __future__ import annotations

from server.tickets import service as tickets
from tests.hall import at


def test_the_ticket_says_where_to_go_how_many_are_ahead_and_how_long(hall):
    center = hall.center()
    pension = hall.item("pension", center=center, minutes=12)
    w1 = hall.window(center, 1, fields=["community"])
    w2 = hall.window(center, 2, fields=["community"])
    hall.window(center, 3, kind="specialized", department="social")
    li, chen = hall.staff("li", center), hall.staff("chen", center)
    hall.open(w1, li)
    first = hall.take(center, pension, at("09:00"))
    assert first.placement.estimated_wait_minutes == 0  # window 1 is idle: called at once
    for minute in range(1, 5):
        hall.take(center, pension, at(f"09:0{minute}"))
    hall.call(w1, li, at("09:05"))
    issued = hall.take(center, pension, at("09:05"))
    assert issued.placement.windows == [1, 2]
    assert issued.placement.ahead == 4
    # One window open and busy, the item's expected 12 minutes: (4 ahead + 1) x 12 / 1.
    assert issued.placement.estimated_wait_minutes == 60
    hall.open(w2, chen)
    later = hall.take(center, pension, at("09:06"))
    assert later.placement.ahead == 5
    # Window 2 is idle and calls the first at once: (5 + 1 - 1) x 12 / 2.
    assert later.placement.estimated_wait_minutes == 30


def test_nobody_can_say_while_no_window_for_the_item_is_open(hall):
    center = hall.center()
    pension = hall.item("pension", center=center, minutes=12)
    hall.window(center, 1, fields=["community"])
    issued = hall.take(center, pension, at("09:00"))
    assert issued.placement.estimated_wait_minutes is None


def test_recent_handling_times_replace_the_expected_minutes(hall):
    center = hall.center()
    pension = hall.item("pension", center=center, minutes=12)
    w1 = hall.window(center, 1, fields=["community"])
    li = hall.staff("li", center)
    hall.open(w1, li)
    for start, end in (("09:00", "09:04"), ("09:05", "09:09"), ("09:10", "09:16")):
        hall.take(center, pension, at(start))
        hall.call(w1, li, at(start))
        with hall.db.transaction() as s:
            tickets.start(session=s, window_id=w1.id, actor=li, now=at(start))
        hall.finish(w1, li, at(end))
    for minute in range(3):
        hall.take(center, pension, at(f"09:2{minute}"))
    issued = hall.take(center, pension, at("09:25"))
    # Services took 4, 4 and 6 minutes: the mean, 14/3, times (3 ahead + 1 - 1 idle window).
    assert issued.placement.ahead == 3
    assert issued.placement.estimated_wait_minutes == 14


def test_a_line_that_only_some_of_the_windows_serve_delays_the_ticket_only_there(hall):
    center = hall.center()
    pension = hall.item("pension", center=center, minutes=10)
    card = hall.item("card", center=center, minutes=10)
    w1 = hall.window(center, 1, items=[pension])
    w2 = hall.window(center, 2, items=[pension])
    w3 = hall.window(center, 3, kind="specialized", items=[pension, card])
    w4 = hall.window(center, 4, kind="specialized", items=[card])
    clerks = [hall.staff(f"clerk{n}", center) for n in range(4)]
    for window, clerk in zip((w1, w2, w3, w4), clerks, strict=True):
        hall.open(window, clerk)
    for minute in range(12):
        hall.take(center, card, at(f"09:{minute:02d}"))
    for minute in range(5):
        hall.take(center, pension, at(f"09:2{minute}"))
    for window, clerk in zip((w1, w2, w3, w4), clerks, strict=True):
        hall.call(window, clerk, at("09:25"))  # two pensions and two cards called
    issued = hall.take(center, pension, at("09:26"))
    assert issued.placement.windows == [1, 2, 3]
    assert issued.placement.ahead == 13  # 10 cards and 3 pensions wait
    # Windows 1 and 2 take 2/3 of the 3 pensions ahead: (2 + 1) x 10 / 2 = 15; window 3
    # alone would first work through its half of the card line. 13 ahead x 10 / 3 windows
    # (44 minutes) would be the promise if every ticket ahead were everyone's.
    assert issued.placement.estimated_wait_minutes == 15
