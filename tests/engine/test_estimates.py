"""The estimated wait, against hand-worked cases."""

from __future__ import annotations

from server.tickets.estimates import estimate_wait
from tests.hall import at


def test_hand_worked_estimates():
    # 6 ahead, 10 minutes each, 2 windows: 30 minutes.
    assert estimate_wait(ahead=6, open_windows=2, minutes_each=10) == 30
    # 5 ahead, 8 minutes each, 3 windows: 13.33 -> 14 (rounded up: never promise too short).
    assert estimate_wait(ahead=5, open_windows=3, minutes_each=8) == 14
    assert estimate_wait(ahead=0, open_windows=1, minutes_each=25) == 0
    # No window open for it: nobody can say.
    assert estimate_wait(ahead=3, open_windows=0, minutes_each=10) is None


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
    # One window open, the item's expected 12 minutes each: 4 x 12 / 1.
    assert issued.placement.estimated_wait_minutes == 48
    hall.open(w2, chen)
    later = hall.take(center, pension, at("09:06"))
    assert later.placement.ahead == 5
    assert later.placement.estimated_wait_minutes == 30  # 5 x 12 / 2


def test_recent_handling_times_replace_the_expected_minutes(hall):
    center = hall.center()
    pension = hall.item("pension", center=center, minutes=12)
    w1 = hall.window(center, 1, fields=["community"])
    li = hall.staff("li", center)
    hall.open(w1, li)
    from server.tickets import service as tickets

    for start, end in (("09:00", "09:04"), ("09:05", "09:09"), ("09:10", "09:16")):
        hall.take(center, pension, at(start))
        hall.call(w1, li, at(start))
        with hall.db.transaction() as s:
            tickets.start(session=s, window_id=w1.id, actor=li, now=at(start))
        hall.finish(w1, li, at(end))
    for minute in range(3):
        hall.take(center, pension, at(f"09:2{minute}"))
    issued = hall.take(center, pension, at("09:25"))
    # Services took 4, 4 and 6 minutes: the median, 4, times 3 ahead, one window.
    assert issued.placement.ahead == 3
    assert issued.placement.estimated_wait_minutes == 12
