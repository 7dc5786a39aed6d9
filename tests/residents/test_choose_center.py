"""A resident choosing where to go: every center offering the item, nearest wait first."""

from __future__ import annotations

import datetime as dt

from server.centers.models import CenterItem
from server.clock import utcnow


def test_the_centers_offering_an_item_nearest_wait_first(client, app_hall):
    hall = app_hall
    now = utcnow()
    busy = hall.center(name="北区", name_en="North")
    quiet = hall.center(name="南区", name_en="South")
    unstaffed = hall.center(name="东区", name_en="East")
    shut = hall.center(name="西区", name_en="West", hours={})
    pension = hall.item("pension", center=busy, minutes=10)
    card = hall.item("card", center=busy, minutes=5)
    with hall.db.transaction() as s:
        s.add_all(CenterItem(center_id=c.id, item_id=pension.id)
                  for c in (quiet, unstaffed, shut))
    hall.open(hall.window(busy, 1, items=[pension, card]), hall.staff("li", busy), now)
    for n in (1, 2):
        hall.open(hall.window(quiet, n, items=[pension]), hall.staff(f"q{n}", quiet), now)
    hall.window(unstaffed, 1, items=[pension])
    for _ in range(2):
        hall.take(busy, pension, now)
    hall.take(busy, card, now)  # the window serving pension also calls card: ahead too
    hall.take(quiet, pension, now)
    yesterday = hall.take(quiet, pension, now - dt.timedelta(days=1))
    assert yesterday.ticket.number  # yesterday's line never carries over

    answer = client.get(f"/api/v1/items/{pension.id}/centers")
    assert answer.status_code == 200, answer.json
    rows = [(c["name_en"], c["open_now"], c["can_take"], c["waiting"], c["windows_open"],
             c["estimated_wait_minutes"]) for c in answer.json]
    assert rows == [
        ("South", True, True, 1, 2, 0),      # one ahead, two idle windows: served at once
        ("North", True, True, 3, 1, 30),     # three ahead at one window
        ("East", True, False, 0, 0, None),   # open, but no window for it: nobody can say
        ("West", False, False, 0, 0, None),  # closed today
    ]


def test_an_unknown_item_is_answered_plainly(client):
    missing = client.get("/api/v1/items/424242/centers")
    assert missing.status_code == 404 and "no item 424242" in missing.json["message"]
