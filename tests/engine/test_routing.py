"""Which windows serve an item: comprehensive by field, specialized by department,
reserved only while open; a window's item set changes at run time."""

from __future__ import annotations

import pytest

from server.errors import Forbidden, NoWindowServes
from server.events.service import Actor
from server.windows import service as windows
from tests.hall import at


@pytest.fixture
def center_with_windows(hall):
    center = hall.center()
    pension = hall.item("pension", center=center, field="community")
    license_ = hall.item("food license", center=center, field="market")
    card = hall.item("card", center=center, department="social", routing="specialized",
                     on_the_spot=True, prefix="S")
    w1 = hall.window(center, 1, fields=["community"])
    w2 = hall.window(center, 2, fields=["market"])
    w3 = hall.window(center, 3, kind="specialized", department="social")
    w24 = hall.window(center, 24, kind="reserved")
    return center, pension, license_, card, w1, w2, w3, w24


def numbers(hall, center, item, open_only=False):
    with hall.db.read() as s:
        return [w.number for w in windows.serving_windows(
            session=s, center_id=center.id, item_id=item.id, open_only=open_only)]


def test_items_go_to_the_windows_of_their_field_or_department(hall, center_with_windows):
    center, pension, license_, card, *_ = center_with_windows
    assert numbers(hall, center, pension) == [1]
    assert numbers(hall, center, license_) == [2]
    # A specialized item goes to its department's window, not to a comprehensive one.
    assert numbers(hall, center, card) == [3]


def test_a_reserved_window_serves_only_while_open(hall, center_with_windows):
    center, pension, license_, card, w1, w2, w3, w24 = center_with_windows
    assert numbers(hall, center, card) == [3]
    manager = hall.staff("boss", center, role="manager")
    hall.open(w24, manager)
    # Reserved windows start with the center's on-the-spot items.
    assert numbers(hall, center, card) == [3, 24]
    with hall.db.transaction() as s:
        windows.set_state(session=s, window_id=w24.id, state="closed", reason="",
                          actor=manager, now=at("10:00"))
    assert numbers(hall, center, card) == [3]


def test_a_manager_re_plans_a_window_at_run_time(hall, center_with_windows):
    center, pension, license_, card, w1, w2, w3, w24 = center_with_windows
    manager = hall.staff("boss", center, role="manager")
    with hall.db.transaction() as s:
        windows.set_items(session=s, window_id=w2.id, item_ids=[license_.id, pension.id],
                          actor=manager, now=at("10:00"))
    assert numbers(hall, center, pension) == [1, 2]
    li = hall.staff("li", center)
    hall.open(w2, li)
    hall.take(center, pension, at("10:01"))
    assert hall.call(w2, li, at("10:02")) is not None


def test_staff_cannot_re_plan_windows(hall, center_with_windows):
    center, pension, license_, card, w1, *_ = center_with_windows
    li = hall.staff("li", center)
    with pytest.raises(Forbidden), hall.db.transaction() as s:
        windows.set_items(session=s, window_id=w1.id, item_ids=[pension.id], actor=li,
                          now=at("10:00"))


def test_an_item_no_window_serves_gets_no_ticket(hall):
    center = hall.center()
    orphan = hall.item("orphan", center=center, field="nowhere")
    hall.window(center, 1, fields=["community"])
    with pytest.raises(NoWindowServes):
        hall.take(center, orphan, at("09:00"))


def test_only_the_holder_acts_at_a_window(hall, center_with_windows):
    center, pension, license_, card, w1, *_ = center_with_windows
    li = hall.staff("li", center)
    chen = hall.staff("chen", center)
    hall.open(w1, li)
    hall.take(center, pension, at("09:00"))
    with pytest.raises(Forbidden):
        hall.call(w1, chen, at("09:01"))
    with pytest.raises(Forbidden):
        hall.call(w1, Actor(), at("09:01"))
    from server.errors import WindowHeld

    with pytest.raises(WindowHeld):
        hall.open(w1, chen)


def test_a_manager_manages_only_their_own_centers_windows(hall, center_with_windows):
    center, pension, license_, card, w1, w2, *_ = center_with_windows
    elsewhere = hall.center()
    boss_elsewhere = hall.staff("boss", elsewhere, role="manager")
    li = hall.staff("li", center)
    hall.open(w1, li)
    with pytest.raises(Forbidden), hall.db.transaction() as s:
        windows.set_state(session=s, window_id=w1.id, state="paused", reason="break",
                          actor=boss_elsewhere, now=at("10:00"))
    with pytest.raises(Forbidden), hall.db.transaction() as s:
        windows.set_items(session=s, window_id=w2.id, item_ids=[pension.id],
                          actor=boss_elsewhere, now=at("10:00"))
    boss_here = hall.staff("boss", center, role="manager")
    with hall.db.transaction() as s:
        windows.set_state(session=s, window_id=w1.id, state="paused", reason="break",
                          actor=boss_here, now=at("10:00"))


def test_staff_work_only_at_their_own_centers(hall, center_with_windows):
    center, pension, license_, card, w1, *_ = center_with_windows
    elsewhere = hall.center()
    visitor = hall.staff("visitor", elsewhere)
    with pytest.raises(Forbidden, match="may not work"):
        hall.open(w1, visitor)
