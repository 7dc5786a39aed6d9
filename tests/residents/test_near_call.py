"""A resident who took a number from the phone is texted once, when their call is near."""

from __future__ import annotations

from sqlalchemy import select

from server.booking.models import OutboxMessage
from server.clock import utcnow
from server.remote.models import RemotePolicy, RemoteTicket
from server.remote.near import NearCalls
from server.remote.service import join, request_code
from tests.residents.test_join_from_phone import code_sent


def take_by_phone(hall, center, item, phone: str) -> str:
    now = utcnow()
    with hall.db.transaction() as s:
        request_code(session=s, center_id=center.id, phone=phone, now=now)
    with hall.db.transaction() as s:
        joined = join(session=s, center_id=center.id, item_id=item.id, phone=phone,
                      code=code_sent(hall.db, phone), now=now)
        return joined.issued.ticket.number


def near_texts(hall) -> list[tuple[str, str]]:
    with hall.db.read() as s:
        return [(m.phone, m.data["number"]) for m in s.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "near").order_by(OutboxMessage.id))]


def test_the_phone_hears_once_when_its_number_is_among_the_next_two(hall):
    center = hall.center()
    pension = hall.item("pension", center=center)
    window = hall.window(center, 1, items=[pension])
    clerk = hall.staff("li", center)
    hall.open(window, clerk, utcnow())
    with hall.db.transaction() as s:
        s.add(RemotePolicy(center_id=center.id, daily_cap=2, notify_places=2))
    walk_ins = [hall.take(center, pension, utcnow()).ticket.number for _ in range(2)]
    first = take_by_phone(hall, center, pension, "13800000001")
    second = take_by_phone(hall, center, pension, "13800000002")
    watcher = NearCalls(database=hall.db, interval=1, sleep=lambda _s: None)

    assert watcher.once() == 0  # two walk-ins, then the first phone: 2 ahead, not yet
    assert hall.serve(window, clerk, utcnow()) == walk_ins[0]
    assert watcher.once() == 1
    assert near_texts(hall) == [("13800000001", first)]
    with hall.db.read() as s:
        text = s.scalar(select(OutboxMessage).where(OutboxMessage.kind == "near"))
        assert first in text.text and "前面还有 1 人" in text.text and "1 ahead" in text.text_en

    restarted = NearCalls(database=hall.db, interval=1, sleep=lambda _s: None)
    assert restarted.once() == 0 and watcher.once() == 0  # told once, restarts or not
    assert hall.serve(window, clerk, utcnow()) == walk_ins[1]
    assert restarted.once() == 1
    assert near_texts(hall) == [("13800000001", first), ("13800000002", second)]
    assert hall.serve(window, clerk, utcnow()) == first
    assert hall.serve(window, clerk, utcnow()) == second
    assert watcher.once() == 0 and len(near_texts(hall)) == 2
    with hall.db.read() as s:
        assert all(r.near_sent_at is not None for r in s.scalars(select(RemoteTicket)))


def test_a_center_that_sets_no_places_sends_no_such_text(hall):
    center = hall.center()
    pension = hall.item("pension", center=center)
    hall.open(hall.window(center, 1, items=[pension]), hall.staff("li", center), utcnow())
    with hall.db.transaction() as s:
        s.add(RemotePolicy(center_id=center.id, daily_cap=2, notify_places=0))
    take_by_phone(hall, center, pension, "13800000001")
    assert NearCalls(database=hall.db, interval=1, sleep=lambda _s: None).once() == 0
    assert near_texts(hall) == []
