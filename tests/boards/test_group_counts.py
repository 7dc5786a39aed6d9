"""The board's waiting per group: each person counted once, so the groups add up."""

from __future__ import annotations

from server.hall.snapshot import hall_snapshot
from tests.hall import at


def waiting(hall, center) -> tuple[dict[str, int], int]:
    with hall.db.read() as s:
        snap = hall_snapshot(session=s, center_id=center.id, now=at("10:00"))
    return {g["group"]: g["waiting"] for g in snap["waiting_by_group"]}, snap["waiting_total"]


def test_groups_add_up_and_a_closed_reserved_group_has_no_line(hall):
    center = hall.center()
    pension = hall.item("pension", center=center)
    card = hall.item("card", center=center, department="social", routing="specialized")
    comprehensive = [hall.window(center, n, fields=["community"]) for n in (1, 2)]
    social = hall.window(center, 3, kind="specialized", department="social")
    # The reserved windows can take every item, as overflow; both are closed.
    for n in (4, 5):
        hall.window(center, n, kind="reserved", items=[pension, card])
    clerk = hall.staff("li", center)
    hall.open(comprehensive[0], clerk)
    hall.open(social, hall.staff("wang", center))
    for _ in range(3):
        hall.take(center, pension, at("09:10"))
    for _ in range(2):
        hall.take(center, card, at("09:10"))

    groups, total = waiting(hall, center)

    assert groups == {"comprehensive": 3, "specialized": 2, "reserved": 0}
    assert sum(groups.values()) == total == 5
