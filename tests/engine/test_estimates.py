"""The estimated wait, against hand-worked cases.

The promise is (people ahead that the ticket's windows will serve + 1) x minutes per
service / windows, taken for each group of windows that serve the same items, and the
shortest of those (see server/tickets/estimates.py).
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
    for minute in range(4):
        hall.take(center, pension, at(f"09:0{minute}"))
    issued = hall.take(center, pension, at("09:05"))
    assert issued.placement.windows == [1, 2]
    assert issued.placement.ahead == 4
    # One window open, the item's expected 12 minutes: (4 ahead + 1) x 12 / 1.
    assert issued.placement.estimated_wait_minutes == 60
    hall.open(w2, chen)
    later = hall.take(center, pension, at("09:06"))
    assert later.placement.ahead == 5
    assert later.placement.estimated_wait_minutes == 36  # (5 + 1) x 12 / 2


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
    # Services took 4, 4 and 6 minutes: the mean, 14/3, times (3 ahead + 1), one window.
    assert issued.placement.ahead == 3
    assert issued.placement.estimated_wait_minutes == 19


def test_a_line_that_only_some_of_the_windows_serve_delays_the_ticket_only_there(hall):
    center = hall.center()
    pension = hall.item("pension", center=center, minutes=10)
    card = hall.item("card", center=center, minutes=10)
    w1 = hall.window(center, 1, items=[pension])
    w2 = hall.window(center, 2, items=[pension])
    w3 = hall.window(center, 3, kind="specialized", items=[pension, card])
    w4 = hall.window(center, 4, kind="specialized", items=[card])
    for number, window in enumerate((w1, w2, w3, w4)):
        hall.open(window, hall.staff(f"clerk{number}", center))
    for minute in range(10):
        hall.take(center, card, at(f"09:0{minute}"))
    for minute in range(2):
        hall.take(center, pension, at(f"09:1{minute}"))
    issued = hall.take(center, pension, at("09:15"))
    assert issued.placement.windows == [1, 2, 3]
    assert issued.placement.ahead == 12
    # Windows 1 and 2 take 2/3 of the 2 pensions ahead: (1.33 + 1) x 10 / 2 = 11.7; window 3
    # alone would first work through its half of the card line. 12 ahead x 10 / 3 windows
    # (40 minutes) would be the promise if every ticket ahead were everyone's.
    assert issued.placement.estimated_wait_minutes == 12
