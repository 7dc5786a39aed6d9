"""The counter's own routes: the line at a window, walk-ups, and the clerk's day."""

from __future__ import annotations

from sqlalchemy import select

from server.events.models import Event
from server.tickets.models import Ticket


def test_the_line_is_in_the_order_the_window_will_call_it(desk):
    first = desk.take(desk.pension)
    desk.take(desk.passport)  # window 2's business, not window 1's
    elderly = desk.take(desk.insurance, priority="elderly")
    last = desk.take(desk.pension)
    line = desk.get(f"/windows/{desk.w1.id}/waiting").json
    assert [t["number"] for t in line["tickets"]] == [elderly, first, last]
    assert line["count"] == 3 and line["window_number"] == 1
    assert line["longest_wait_minutes"] == 0
    called = desk.post(f"/windows/{desk.w1.id}/call-next").json["number"]
    assert called == line["tickets"][0]["number"]


def test_the_line_is_cut_to_the_limit_but_counts_everyone(desk):
    for _ in range(4):
        desk.take(desk.pension)
    line = desk.get(f"/windows/{desk.w1.id}/waiting?limit=2").json
    assert len(line["tickets"]) == 2 and line["count"] == 4


def test_staff_of_another_center_may_not_see_the_line(desk):
    elsewhere = desk.hall.center()
    stranger = desk.hall.staff("wang", elsewhere)
    from tests.counter.conftest import sign_in

    r = desk.get(f"/windows/{desk.w1.id}/waiting", headers=sign_in(desk.client, desk.hall,
                                                                    stranger))
    assert r.status_code == 403 and "do not work at center" in r.json["message"]
    assert desk.get(f"/windows/{desk.w1.id}/waiting", headers={}).status_code == 401


def test_a_chosen_ticket_is_called_out_of_turn_with_the_reason_logged(desk):
    desk.take(desk.pension)
    chosen = desk.take(desk.pension)
    ticket_id = next(t["id"] for t in desk.get(f"/windows/{desk.w1.id}/waiting").json["tickets"]
                     if t["number"] == chosen)
    r = desk.post(f"/windows/{desk.w1.id}/call",
                  {"ticket_id": ticket_id, "reason": "returns with the missing document"})
    assert r.status_code == 200 and r.json["number"] == chosen
    with desk.hall.db.read() as s:
        event = s.scalar(select(Event).where(Event.type == "ticket.called"))
    assert event.data["out_of_turn"] is True
    assert event.data["reason"] == "returns with the missing document"


def test_a_walk_up_resident_gets_a_number_called_at_this_window_at_once(desk):
    waiting = desk.take(desk.pension)
    r = desk.post(f"/windows/{desk.w1.id}/walk-up", {"item_id": desk.insurance.id})
    assert r.status_code == 201, r.json
    walk_up = r.json
    assert walk_up["state"] == "called" and walk_up["window_number"] == 1
    assert walk_up["number"] != waiting
    assert walk_up["window"]["current_ticket"]["number"] == walk_up["number"]
    with desk.hall.db.read() as s:
        types = list(s.scalars(select(Event.type).order_by(Event.seq)))[-2:]
        ticket = s.get(Ticket, walk_up["id"])
        assert ticket.target_window_id == desk.w1.id
    assert types == ["ticket.issued", "ticket.called"]
    line = desk.get(f"/windows/{desk.w1.id}/waiting").json
    assert [t["number"] for t in line["tickets"]] == [waiting]


def test_a_walk_up_waits_until_the_current_resident_is_done(desk):
    desk.take(desk.pension)
    desk.post(f"/windows/{desk.w1.id}/call-next")
    with desk.hall.db.read() as s:
        before = s.scalar(select(Ticket.id).order_by(Ticket.id.desc()))
    r = desk.post(f"/windows/{desk.w1.id}/walk-up", {"item_id": desk.pension.id})
    assert r.status_code == 409 and "complete it" in r.json["message"]
    with desk.hall.db.read() as s:
        assert s.scalar(select(Ticket.id).order_by(Ticket.id.desc())) == before


def test_only_the_holder_of_the_window_serves_a_walk_up_there(desk):
    r = desk.post(f"/windows/{desk.w1.id}/walk-up", {"item_id": desk.pension.id},
                  headers=desk.other_headers)
    assert r.status_code == 403 and "held by someone else" in r.json["message"]
    r = desk.post(f"/windows/{desk.w1.id}/walk-up", {"item_id": 9999})
    assert r.status_code == 404


def test_the_clerk_sees_their_own_counts_for_today(desk):
    for _ in range(3):
        desk.take(desk.pension)
    w1 = f"/windows/{desk.w1.id}"
    desk.post(f"{w1}/call-next")
    desk.post(f"{w1}/start")
    desk.post(f"{w1}/complete", {"outcome": {"kind": "express", "tracking_number": "EMS1"}})
    desk.rate(desk.w1, 4)
    desk.post(f"{w1}/call-next")
    desk.post(f"{w1}/recall")
    desk.post(f"{w1}/no-show")
    desk.post(f"{w1}/call-next")
    desk.post(f"{w1}/complete")
    today = desk.get(f"/desk/today?center_id={desk.center.id}").json
    assert (today["called"], today["recalled"], today["completed"], today["no_show"]) == \
        (3, 1, 2, 1)
    assert today["outcomes"] == {"express": 1, "on_the_spot": 1}
    assert today["ratings"] == 1 and today["average_rating"] == 4
    assert today["average_minutes"] == 0
    theirs = desk.get(f"/desk/today?center_id={desk.center.id}", headers=desk.other_headers)
    assert theirs.json["completed"] == 0
    assert desk.get("/desk/today").status_code == 422
