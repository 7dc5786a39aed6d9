"""A ticket's life at the window, and the event log that records every change."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from server.errors import Conflict, InvalidRequest, NoWindowServes, WindowNotOpen
from server.events.models import Event
from server.tickets import service as tickets
from server.windows import service as windows
from tests.hall import at


@pytest.fixture
def counter(hall):
    center = hall.center(recall_limit=2)
    pension = hall.item("pension", center=center)
    card = hall.item("card", center=center, department="social", routing="specialized")
    w1 = hall.window(center, 1, fields=["community"])
    w2 = hall.window(center, 2, kind="specialized", department="social")
    li = hall.staff("li", center)
    hall.open(w1, li)
    return center, pension, card, w1, w2, li


def act(hall, fn, window, clerk, when, **kw):
    with hall.db.transaction() as s:
        return fn(session=s, window_id=window.id, actor=clerk, now=at(when), **kw)


def test_waiting_called_serving_done_each_logged_with_who_and_when(hall, counter):
    center, pension, card, w1, w2, li = counter
    number = hall.take(center, pension, at("09:00")).ticket.number
    act(hall, tickets.call_next, w1, li, "09:01")
    act(hall, tickets.recall, w1, li, "09:02")
    act(hall, tickets.start, w1, li, "09:03")
    done = act(hall, tickets.complete, w1, li, "09:10",
               outcome={"kind": "express", "tracking_number": "EMS123"}).ticket
    assert done.state == "done" and done.outcome["tracking_number"] == "EMS123"
    with hall.db.read() as s:
        log = s.scalars(select(Event).where(Event.center_id == center.id).order_by(Event.seq))
        rows = [(e.seq, e.type, e.user_id) for e in log]
    types = [t for _, t, _ in rows]
    assert types == ["window.changed", "ticket.issued", "ticket.called", "ticket.recalled",
                     "ticket.started", "ticket.completed"]
    assert [seq for seq, _, _ in rows] == list(range(1, 7))
    assert all(user == li.user_id for _, t, user in rows if t != "ticket.issued")
    assert number == done.number


def test_recalls_stop_at_the_limit_then_no_show(hall, counter):
    center, pension, card, w1, w2, li = counter
    hall.take(center, pension, at("09:00"))
    act(hall, tickets.call_next, w1, li, "09:01")
    act(hall, tickets.recall, w1, li, "09:02")
    act(hall, tickets.recall, w1, li, "09:03")
    with pytest.raises(Conflict, match="mark it a no-show"):
        act(hall, tickets.recall, w1, li, "09:04")
    gone = act(hall, tickets.no_show, w1, li, "09:05").ticket
    assert gone.state == "no_show"
    assert hall.call(w1, li, at("09:06")) is None


def test_a_window_finishes_one_resident_before_calling_the_next(hall, counter):
    center, pension, card, w1, w2, li = counter
    hall.take(center, pension, at("09:00"))
    hall.take(center, pension, at("09:00"))
    hall.call(w1, li, at("09:01"))
    with pytest.raises(Conflict, match="still on A001"):
        hall.call(w1, li, at("09:02"))


def test_a_paused_or_closed_window_does_not_call(hall, counter):
    center, pension, card, w1, w2, li = counter
    hall.take(center, pension, at("09:00"))
    with pytest.raises(InvalidRequest, match="why"):
        act(hall, windows.set_state, w1, li, "09:01", state="paused", reason="")
    act(hall, windows.set_state, w1, li, "09:01", state="paused", reason="break")
    with pytest.raises(WindowNotOpen, match="paused"):
        hall.call(w1, li, at("09:02"))


def test_transfer_to_an_item_no_open_window_serves_is_refused_and_nothing_changes(hall, counter):
    center, pension, card, w1, w2, li = counter
    hall.take(center, pension, at("09:00"))
    hall.call(w1, li, at("09:01"))
    with pytest.raises(NoWindowServes, match="No open window"):
        act(hall, tickets.transfer, w1, li, "09:02", reason="card", item_id=card.id)
    with hall.db.read() as s:
        assert s.get(type(w1), w1.id).current_ticket_id is not None
    chen = hall.staff("chen", center)
    hall.open(w2, chen)
    moved = act(hall, tickets.transfer, w1, li, "09:03", reason="card", item_id=card.id).ticket
    assert hall.call(w2, chen, at("09:04")) == moved.number


def test_transfer_to_a_window_goes_only_to_that_window(hall, counter):
    center, pension, card, w1, w2, li = counter
    w3 = hall.window(center, 3, fields=["community"])
    chen, zhou = hall.staff("chen", center), hall.staff("zhou", center)
    hall.open(w3, chen)
    hall.open(w2, zhou)
    hall.take(center, pension, at("09:00"))
    hall.call(w1, li, at("09:01"))
    moved = act(hall, tickets.transfer, w1, li, "09:02", reason="manager", to_window_id=w2.id)
    assert hall.call(w3, chen, at("09:03")) is None
    assert hall.call(w2, zhou, at("09:03")) == moved.ticket.number


def test_an_outcome_needs_its_details(hall, counter):
    center, pension, card, w1, w2, li = counter
    hall.take(center, pension, at("09:00"))
    hall.call(w1, li, at("09:01"))
    with pytest.raises(InvalidRequest, match="tracking number"):
        act(hall, tickets.complete, w1, li, "09:05", outcome={"kind": "express"})
    with pytest.raises(InvalidRequest, match="missing"):
        act(hall, tickets.complete, w1, li, "09:05", outcome={"kind": "supplement"})
    done = act(hall, tickets.complete, w1, li, "09:05",
               outcome={"kind": "supplement", "missing": ["lease"], "due": "2026-12-04"}).ticket
    assert done.outcome["missing"] == ["lease"]


def test_a_call_out_of_turn_is_logged_with_its_reason(hall, counter):
    center, pension, card, w1, w2, li = counter
    hall.take(center, pension, at("09:00"))
    second = hall.take(center, pension, at("09:01")).ticket
    act(hall, tickets.call_ticket, w1, li, "09:02", ticket_id=second.id, reason="wheelchair")
    with hall.db.read() as s:
        event = s.scalar(select(Event).where(Event.type == "ticket.called"))
        assert event.data["out_of_turn"] is True and event.data["reason"] == "wheelchair"
        assert event.data["ticket"]["number"] == second.number


def test_reasons_typed_by_staff_stay_in_the_log_not_on_the_boards(hall, counter):
    center, pension, card, w1, w2, li = counter
    hall.take(center, pension, at("09:00"))
    second = hall.take(center, pension, at("09:01")).ticket
    acted = act(hall, tickets.call_ticket, w1, li, "09:02", ticket_id=second.id,
                reason="Mrs Wang in a wheelchair")
    assert "reason" not in acted.messages[0].payload
    assert "Wang" not in str(acted.messages[0].payload)


def test_a_transferred_resident_keeps_their_number_through_two_transfers(hall, counter):
    """The paper in the resident's hand says A001: the next windows call A001, the live page
    follows the chain, and the next resident still gets a number of their own."""
    center, pension, card, w1, w2, li = counter
    w3 = hall.window(center, 3, fields=["community"])
    chen, zhou = hall.staff("chen", center), hall.staff("zhou", center)
    hall.open(w2, chen)
    hall.open(w3, zhou)
    first = hall.take(center, pension, at("09:00")).ticket
    assert hall.call(w1, li, at("09:01")) == first.number
    moved = act(hall, tickets.transfer, w1, li, "09:02", reason="card", item_id=card.id).ticket
    assert moved.number == first.number and moved.source == "transfer"
    assert hall.call(w2, chen, at("09:03")) == first.number
    again = act(hall, tickets.transfer, w2, chen, "09:04", reason="back",
                to_window_id=w3.id).ticket
    assert again.number == first.number
    assert hall.call(w3, zhou, at("09:05")) == first.number
    with hall.db.read() as s:
        held = tickets.latest_in_chain(session=s, ticket=tickets.find_by_token(
            session=s, token=first.token))
        assert (held.id, held.state, held.number) == (again.id, "called", first.number)
        called = s.scalars(select(Event).where(Event.type == "ticket.called")
                           .order_by(Event.seq)).all()
        assert [(e.data["ticket"]["number"], e.window_id) for e in called] == [
            (first.number, w1.id), (first.number, w2.id), (first.number, w3.id)]
    assert hall.take(center, pension, at("09:06")).ticket.number != first.number
