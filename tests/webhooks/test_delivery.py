"""The city's platform hears the hall: signed, in order, once, and through its own outages."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import func, select

from server.clock import utcnow
from server.events.webhooks import WebhookDelivery
from server.tickets import service as tickets
from server.webhooks.delivery import Deliverer
from tests.waiting import eventually
from tests.webhooks.conftest import SECRET, Receiver

LIFE = ["ticket.issued", "ticket.called", "ticket.completed"]


def subscribe(admin, receiver: Receiver, events=None, **extra) -> dict:
    r = admin("POST", "/webhooks", {"url": receiver.url, "events": events or LIFE,
                                    "secret": SECRET, **extra})
    assert r.status_code == 201, r.json
    return r.json


def small_hall(app_hall):
    center = app_hall.center()
    pension = app_hall.item("pension", center=center)
    window = app_hall.window(center, 1, items=[pension])
    clerk = app_hall.staff("li", center)
    app_hall.open(window, clerk, utcnow())
    return center, pension, window, clerk


def test_each_event_arrives_signed_in_order_with_its_idempotency_key(
        app, admin, app_hall, receiver):
    hook = subscribe(admin, receiver)
    center, pension, window, clerk = small_hall(app_hall)
    first = app_hall.take(center, pension, utcnow()).ticket.number
    second = app_hall.take(center, pension, utcnow()).ticket.number
    assert app_hall.serve(window, clerk, utcnow()) == first

    deliverer: Deliverer = app.extensions["qms_webhooks"]
    assert deliverer.deliver_due() == 4
    assert receiver.types() == ["ticket.issued", "ticket.issued", "ticket.called",
                                "ticket.completed"]
    bodies = [r.body for r in receiver.accepted]
    assert [b["data"]["ticket"]["number"] for b in bodies] == [first, second, first, first]
    assert bodies[-1]["data"]["outcome"] == "on_the_spot"
    seqs = [b["seq"] for b in bodies]
    assert seqs == sorted(seqs) and len(set(seqs)) == 4
    for got in receiver.accepted:
        assert got.signed_with(SECRET)
        assert not got.signed_with("another-secret-of-16")
        assert got.headers["Idempotency-Key"] == got.body["id"] == \
            f"hall-{hook['id']}-{center.id}-{got.body['seq']}"
        assert got.headers["X-Hall-Event"] == got.body["type"]
        assert got.body["center_id"] == center.id and "personal" not in got.body

    assert deliverer.deliver_due() == 0
    assert len(receiver.seen) == 4
    listed = admin("GET", "/webhooks").json
    assert [(h["delivered"], h["pending"]) for h in listed] == [(4, 0)]


def test_a_receiver_down_then_back_gets_every_event_exactly_once_in_order(
        app, admin, app_hall, receiver):
    subscribe(admin, receiver)
    center, pension, window, clerk = small_hall(app_hall)
    receiver.down()
    numbers = [app_hall.take(center, pension, utcnow()).ticket.number for _ in range(3)]
    clock = [utcnow()]
    deliverer = Deliverer(database=app_hall.db, settings=app.config)

    # Down: only the head of the line is tried; nothing after it overtakes it.
    assert deliverer.deliver_due(lambda: clock[0]) == 1
    owed = admin("GET", "/webhooks").json[0]
    assert owed["pending"] == 3 and owed["delivered"] == 0
    assert "ConnectionError" in owed["last_error"]
    assert deliverer.deliver_due(lambda: clock[0]) == 0  # not before its back-off

    # Back, but failing: 503 is tried again later with the very same body.
    receiver.up()
    receiver.answer = 503
    clock[0] += dt.timedelta(seconds=1.5)
    assert deliverer.deliver_due(lambda: clock[0]) == 1
    assert admin("GET", "/webhooks").json[0]["last_error"] == "The receiver answered 503."
    refused = receiver.seen[-1]

    # Well again, and the server restarted meanwhile: a new deliverer finds what is owed.
    receiver.answer = 200
    clock[0] += dt.timedelta(seconds=10)
    restarted = Deliverer(database=app_hall.db, settings=app.config)
    assert restarted.deliver_due(lambda: clock[0]) == 3
    assert [r.body["data"]["ticket"]["number"] for r in receiver.accepted] == numbers
    assert receiver.accepted[0].raw == refused.raw
    assert receiver.accepted[0].headers["Idempotency-Key"] == refused.headers["Idempotency-Key"]
    assert len({r.body["id"] for r in receiver.accepted}) == 3

    clock[0] += dt.timedelta(hours=1)
    assert restarted.deliver_due(lambda: clock[0]) == 0
    assert deliverer.deliver_due(lambda: clock[0]) == 0
    assert len(receiver.accepted) == 3
    assert admin("GET", "/webhooks").json[0]["delivered"] == 3


def test_two_server_processes_delivering_at_once_never_send_an_event_twice(
        app, admin, app_hall, receiver):
    subscribe(admin, receiver, events=["ticket.issued"])
    center, pension, _, _ = small_hall(app_hall)
    for _ in range(12):
        app_hall.take(center, pension, utcnow())
    workers = [Deliverer(database=app_hall.db, settings=app.config) for _ in range(2)]
    threads = [threading.Thread(target=w.deliver_due) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    seqs = [r.body["seq"] for r in receiver.accepted]
    assert len(seqs) == 12 and seqs == sorted(set(seqs))


def test_a_change_that_rolls_back_owes_the_platform_nothing(app, admin, app_hall, receiver):
    subscribe(admin, receiver)
    center, pension, _, _ = small_hall(app_hall)
    try:
        with app_hall.db.transaction() as s:
            tickets.issue_ticket(session=s, center_id=center.id, item_id=pension.id,
                                 now=utcnow())
            raise RuntimeError("the printer caught fire")
    except RuntimeError:
        pass
    with app_hall.db.read() as s:
        assert s.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
    assert app.extensions["qms_webhooks"].deliver_due() == 0 and receiver.seen == []


def test_a_receiver_that_rejects_an_event_is_not_sent_it_again_and_the_line_goes_on(
        app, admin, app_hall, receiver):
    subscribe(admin, receiver, events=["ticket.issued"])
    center, pension, _, _ = small_hall(app_hall)
    receiver.answer = 400
    app_hall.take(center, pension, utcnow())
    deliverer = app.extensions["qms_webhooks"]
    assert deliverer.deliver_due() == 1
    receiver.answer = 200
    app_hall.take(center, pension, utcnow())
    assert deliverer.deliver_due(lambda: utcnow() + dt.timedelta(hours=1)) == 1
    assert len(receiver.seen) == 2 and len(receiver.accepted) == 1
    owed = admin("GET", "/webhooks").json[0]
    assert (owed["rejected"], owed["delivered"], owed["pending"]) == (1, 1, 0)


def test_the_running_deliverer_sends_a_committed_event_at_once(app, admin, app_hall, receiver,
                                                                 client):
    subscribe(admin, receiver, events=["ticket.issued"])
    center, pension, _, _ = small_hall(app_hall)
    deliverer: Deliverer = app.extensions["qms_webhooks"]
    app.config["QMS_WEBHOOK_POLL_SECONDS"] = 60.0  # only the commit's wake-up can be in time
    runner = threading.Thread(target=deliverer.run, daemon=True)
    runner.start()
    try:
        r = client.post(f"/api/v1/centers/{center.id}/tickets", json={"item_id": pension.id})
        assert r.status_code == 201, r.json
        got = eventually(lambda: receiver.accepted, timeout=5, what="the event arrives")
        assert got[0].body["data"]["ticket"]["number"] == r.json["number"]
    finally:
        deliverer.stop()
        runner.join(5)
