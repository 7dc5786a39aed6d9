"""On PostgreSQL, as the city runs it: several deliverers at once still send each event once,
in order, while the hall keeps taking numbers."""

from __future__ import annotations

import threading

import pytest

from server.clock import utcnow
from server.events.service import Actor
from server.events.webhooks import forget_subscribers
from server.webhooks.delivery import Deliverer
from server.webhooks.service import register_webhook
from tests.hall import Hall
from tests.waiting import eventually
from tests.webhooks.conftest import SECRET, Receiver

pytestmark = pytest.mark.postgres

SETTINGS = {"QMS_WEBHOOK_TIMEOUT_SECONDS": 2.0, "QMS_WEBHOOK_RETRY_SECONDS": 0.1,
            "QMS_WEBHOOK_RETRY_MAX_SECONDS": 1.0, "QMS_WEBHOOK_POLL_SECONDS": 0.05,
            "QMS_WEBHOOK_ALLOW_PRIVATE": True}


def test_three_deliverers_send_each_event_once_in_order_while_numbers_are_taken(
        pg_database, receiver: Receiver):
    forget_subscribers()
    hall = Hall(pg_database)
    center = hall.center()
    pension = hall.item("pension", center=center)
    hall.window(center, 1, items=[pension])
    with pg_database.transaction() as s:
        register_webhook(session=s, actor=Actor(role="admin"), now=utcnow(), url=receiver.url,
                         events=["ticket.issued"], secret=SECRET, allow_private=True)
    workers = [Deliverer(database=pg_database, settings=SETTINGS) for _ in range(3)]
    threads = [threading.Thread(target=w.run, daemon=True) for w in workers]
    for t in threads:
        t.start()
    try:
        numbers = [hall.take(center, pension, utcnow()).ticket.number for _ in range(30)]
        eventually(lambda: len(receiver.accepted) >= 30, timeout=30, what="30 events")
    finally:
        for w in workers:
            w.stop()
        for t in threads:
            t.join(5)
    got = [r.body["data"]["ticket"]["number"] for r in receiver.accepted]
    assert got == numbers
    assert all(r.signed_with(SECRET) for r in receiver.accepted)
