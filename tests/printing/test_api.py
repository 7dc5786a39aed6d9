"""Over REST: a kiosk's ticket becomes a print job; its agent fetches, prints and acknowledges."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from server.booking.models import Reservation
from server.clock import utcnow
from server.events.models import Event
from server.printing.models import PrintJob
from server.tickets.models import Ticket
from tests.conftest import free_port
from tests.printing.conftest import PUBLIC_URL, KioskHall
from tests.printing.escpos_reader import QR, Barcode, read


def take(client, hall: KioskHall, *, kiosk: int | None = None, key: str | None = None):
    headers = {"Idempotency-Key": key} if key else {}
    if kiosk is not None:
        headers.update(hall.kiosk_headers)
    r = client.post(f"/api/v1/centers/{hall.center_id}/tickets", headers=headers,
                    json={"item_id": hall.item_id, "kiosk_id": kiosk})
    assert r.status_code == 201, r.json
    return r.json


def pending(client, hall: KioskHall) -> list[dict]:
    r = client.get(f"/api/v1/devices/{hall.kiosk_id}/print-jobs", headers=hall.kiosk_headers)
    assert r.status_code == 200, r.json
    return r.json


def test_a_ticket_taken_at_the_kiosk_waits_for_its_printer_once(client, hall_with_kiosk):
    hall = hall_with_kiosk
    ticket = take(client, hall, kiosk=hall.kiosk_id, key="tap-1")
    again = take(client, hall, kiosk=hall.kiosk_id, key="tap-1")  # a double tap
    take(client, hall)  # taken on a phone: nothing to print
    assert again["number"] == ticket["number"]
    jobs = pending(client, hall)
    assert [(j["kind"], j["ref"], j["label"], j["state"]) for j in jobs] == [
        ("ticket", ticket["token"], ticket["number"], "pending")]


def test_a_reservation_checked_in_at_the_kiosk_is_printed_too(client, app_hall, hall_with_kiosk):
    hall = hall_with_kiosk
    with app_hall.db.transaction() as s:
        s.add(Reservation(center_id=hall.center_id, item_id=hall.item_id, slot_start=utcnow(),
                          code="PRINT0001", name="王芳", phone="13800000000", state="booked",
                          created_at=utcnow() - dt.timedelta(days=1)))
    r = client.post(f"/api/v1/centers/{hall.center_id}/check-ins", headers=hall.kiosk_headers,
                    json={"code": "PRINT0001", "kiosk_id": hall.kiosk_id})
    assert r.status_code == 201, r.json
    assert [j["label"] for j in pending(client, hall)] == [r.json["number"]]
    paper = read(client.get(f"/api/v1/tickets/{r.json['token']}/escpos").data)
    assert "预约  Reservation" in paper.text()


def test_the_ticket_bytes_are_served_for_any_printer(client, hall_with_kiosk):
    hall = hall_with_kiosk
    ticket = take(client, hall)
    r = client.get(f"/api/v1/tickets/{ticket['token']}/escpos")
    assert r.status_code == 200 and r.mimetype == "application/octet-stream"
    paper = read(r.data)
    number = next(t for t in paper.texts() if t.text.strip() == ticket["number"])
    assert number.width >= 4 and number.height >= 4
    assert "彭浦新村街道社区事务受理服务中心" in paper.text() and "居住证办理" in paper.text()
    assert paper.of(QR)[0].data == f"{PUBLIC_URL}/t/{ticket['token']}"
    day = dt.date.fromisoformat(ticket["day"])
    assert paper.of(Barcode)[0].data.decode() == \
        f"{{B{hall.center_id}-{day:%y%m%d}-{ticket['number']}"
    missing = client.get("/api/v1/tickets/no-such-token/escpos")
    assert missing.status_code == 404 and "No ticket has this code" in missing.json["message"]
    spec = client.get("/api/openapi.json").json["paths"]
    assert "application/octet-stream" in \
        spec["/api/v1/tickets/{token}/escpos"]["get"]["responses"]["200"]["content"]


def test_the_agent_prints_acknowledges_and_the_hall_hears_the_printer(client, app_hall,
                                                                     hall_with_kiosk):
    hall = hall_with_kiosk
    ticket = take(client, hall, kiosk=hall.kiosk_id)
    [job] = pending(client, hall)
    paper = client.get(f"/api/v1/print-jobs/{job['id']}/escpos", headers=hall.kiosk_headers)
    assert paper.status_code == 200 and ticket["number"].encode() in paper.data
    r = client.post(f"/api/v1/print-jobs/{job['id']}/ack", headers=hall.kiosk_headers,
                    json={"printed": True, "printer": "paper_low"})
    assert r.status_code == 200 and r.json["state"] == "printed" and r.json["attempts"] == 1
    assert pending(client, hall) == []
    device = client.get(f"/api/v1/devices/{hall.kiosk_id}").json
    assert device["status"]["printer"] == "paper_low" and "printer" not in device
    with app_hall.db.read() as s:
        event = s.scalars(select(Event).where(Event.type == "device.status")).one()
    assert event.data == {"device_id": hall.kiosk_id, "kind": "kiosk", "name": "大厅一号取号机",
                          "status": device["status"]}


def test_paper_out_keeps_the_ticket_and_its_job_until_the_paper_is_back(client, app_hall,
                                                                       hall_with_kiosk):
    hall = hall_with_kiosk
    ticket = take(client, hall, kiosk=hall.kiosk_id)
    [job] = pending(client, hall)
    r = client.post(f"/api/v1/print-jobs/{job['id']}/ack", headers=hall.kiosk_headers,
                    json={"printed": False, "error": "The printer is out of paper.",
                          "printer": "paper_out"})
    assert r.status_code == 200 and r.json["state"] == "pending"
    [still] = pending(client, hall)
    assert still["attempts"] == 1 and still["last_error"] == "The printer is out of paper."
    status = client.get(f"/api/v1/tickets/{ticket['token']}").json
    assert status["state"] == "waiting"
    device = client.get(f"/api/v1/devices/{hall.kiosk_id}").json
    assert device["status"]["printer"] == "paper_out" and device["pending_print_jobs"] == 1
    client.post(f"/api/v1/print-jobs/{job['id']}/ack", headers=hall.kiosk_headers,
                json={"printed": True, "printer": "online"})
    assert pending(client, hall) == []
    with app_hall.db.read() as s:
        states = [e.data["status"]["printer"] for e in s.scalars(
            select(Event).where(Event.type == "device.status").order_by(Event.seq))]
    assert states == ["paper_out", "online"]


def test_a_kiosk_handles_only_its_own_papers(client, hall_with_kiosk, another_kiosk):
    hall = hall_with_kiosk
    other_id, other_headers = another_kiosk
    take(client, hall, kiosk=hall.kiosk_id)
    [job] = pending(client, hall)
    for method, path, body in (
        ("get", f"/api/v1/devices/{hall.kiosk_id}/print-jobs", None),
        ("get", f"/api/v1/print-jobs/{job['id']}/escpos", None),
        ("post", f"/api/v1/print-jobs/{job['id']}/ack", {"printed": True}),
        ("put", f"/api/v1/devices/{hall.kiosk_id}/status", {"printer": "online"}),
    ):
        r = getattr(client, method)(path, json=body, headers=other_headers)
        assert r.status_code == 403, (path, r.json)
    assert client.get(f"/api/v1/devices/{hall.kiosk_id}/print-jobs").status_code == 401
    r = client.post(f"/api/v1/print-jobs/{job['id']}/ack", headers=hall.kiosk_headers,
                    json={"printed": True, "printer": "jammed"})
    assert r.status_code == 400 and "online, paper_low, paper_out, error, offline" in \
        r.json["message"]
    assert pending(client, hall)[0]["state"] == "pending"


def test_a_manager_points_a_kiosk_at_a_network_printer(client, app_hall, hall_with_kiosk):
    hall = hall_with_kiosk
    url = f"/api/v1/devices/{hall.kiosk_id}/printer"
    for bad, says in (("usb:0416:5011", "print agent"), ("network:", "is not a printer"),
                      ("network:10.0.8.31:99999", "between 1 and 65535"),
                      ("lpt1", "network:HOST[:PORT]")):
        r = client.put(url, json={"printer": bad}, headers=hall.manager_headers)
        assert r.status_code == 400 and says in r.json["message"], (bad, r.json)
    r = client.put(url, json={"printer": "network:10.0.8.31"}, headers=hall.kiosk_headers)
    assert r.status_code == 403
    r = client.put(url, json={"printer": "network:10.0.8.31"}, headers=hall.manager_headers)
    assert r.status_code == 200 and r.json["printer"] == "network:10.0.8.31:9100"
    assert r.json["prints_via"] == "network"
    devices = client.get(f"/api/v1/centers/{hall.center_id}/devices",
                         headers=hall.manager_headers).json
    assert [(d["id"], d["printer"]) for d in devices] == [
        (hall.kiosk_id, "network:10.0.8.31:9100")]
    # The server prints this kiosk's papers now (to a printer that is off), so its agent has
    # nothing to fetch.
    client.put(url, json={"printer": f"network:127.0.0.1:{free_port()}"},
               headers=hall.manager_headers)
    take(client, hall, kiosk=hall.kiosk_id)
    assert pending(client, hall) == []
    with app_hall.db.read() as s:
        assert s.scalars(select(PrintJob.state)).all() == ["pending"]
    r = client.put(url, json={"printer": ""}, headers=hall.manager_headers)
    assert r.json["prints_via"] == "agent" and len(pending(client, hall)) == 1


def test_papers_of_no_more_use_are_dropped_not_printed(client, app_hall, hall_with_kiosk):
    hall = hall_with_kiosk
    served = take(client, hall, kiosk=hall.kiosk_id)
    overnight = take(client, hall, kiosk=hall.kiosk_id)
    waiting = take(client, hall, kiosk=hall.kiosk_id)
    with app_hall.db.transaction() as s:
        s.execute(update(Ticket).where(Ticket.token == served["token"]).values(state="done"))
        s.execute(update(PrintJob).where(PrintJob.ref == overnight["token"]).values(
            created_at=utcnow() - dt.timedelta(hours=14)))  # the kiosk was off all night
    assert [j["label"] for j in pending(client, hall)] == [waiting["number"]]
    with app_hall.db.read() as s:
        states = dict(s.execute(select(PrintJob.label, PrintJob.state)).all())
    assert states == {served["number"]: "expired", overnight["number"]: "expired",
                      waiting["number"]: "pending"}
