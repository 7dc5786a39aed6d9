"""The server prints straight to a kiosk's network printer (TCP 9100), and waits out its trouble.

The printers here are fakes on loopback; the app's printer timeout is 0.5 s and it
retries every 0.2 s (tests/printing/conftest.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from server.accounts.models import Device
from server.clock import utcnow
from server.printing import jobs as print_jobs
from server.printing.models import PrintJob
from tests.conftest import free_port
from tests.printing.conftest import KioskHall
from tests.printing.escpos_reader import QR, Cut, read
from tests.printing.fake_printer import FakePrinter
from tests.waiting import eventually


@pytest.fixture
def printers() -> Iterator[list[FakePrinter]]:
    made: list[FakePrinter] = []
    yield made
    for printer in made:
        printer.close()


def plug(printers: list[FakePrinter], port: int = 0, **kw) -> FakePrinter:
    printer = FakePrinter(port, **kw)
    printers.append(printer)
    return printer


def use_printer(client, hall: KioskHall, address: str) -> None:
    r = client.put(f"/api/v1/devices/{hall.kiosk_id}/printer", json={"printer": address},
                   headers=hall.manager_headers)
    assert r.status_code == 200, r.json


def take_at_kiosk(client, hall: KioskHall) -> dict:
    started = time.monotonic()
    r = client.post(f"/api/v1/centers/{hall.center_id}/tickets", headers=hall.kiosk_headers,
                    json={"item_id": hall.item_id, "kiosk_id": hall.kiosk_id})
    assert r.status_code == 201, r.json
    # The resident's ticket never waits for the printer (its timeout is 0.5 s).
    assert time.monotonic() - started < 0.5
    return r.json


def job_of(app_hall, ticket: dict) -> PrintJob:
    with app_hall.db.read() as s:
        return s.scalars(select(PrintJob).where(PrintJob.ref == ticket["token"])).one()


def printer_state(app_hall, hall: KioskHall) -> str | None:
    with app_hall.db.read() as s:
        return (s.get(Device, hall.kiosk_id).status or {}).get("printer")


def printed(printer: FakePrinter, ticket: dict) -> bool:
    return ticket["number"].encode() in printer.received and printer.received.endswith(
        b"\x1dV\x00")


def test_the_network_printer_prints_the_ticket(client, app_hall, hall_with_kiosk, printers):
    hall = hall_with_kiosk
    printer = plug(printers)
    use_printer(client, hall, printer.address)
    ticket = take_at_kiosk(client, hall)
    eventually(lambda: printed(printer, ticket), what="the ticket on paper")
    paper = read(bytes(printer.received))
    assert paper.of(QR)[0].data.endswith(f"/t/{ticket['token']}")
    assert isinstance(paper.ops[-1], Cut) and printer.status_requests == 1
    eventually(lambda: job_of(app_hall, ticket).state == "printed", what="the job printed")
    assert printer_state(app_hall, hall) == "online"


def test_a_printer_that_refuses_costs_nobody_their_place_and_prints_when_back(
        client, app_hall, hall_with_kiosk, printers):
    hall = hall_with_kiosk
    port = free_port()  # nothing listens there: the printer is switched off
    use_printer(client, hall, f"network:127.0.0.1:{port}")
    first = take_at_kiosk(client, hall)
    second = take_at_kiosk(client, hall)
    eventually(lambda: printer_state(app_hall, hall) == "offline", what="the printer offline")
    eventually(lambda: job_of(app_hall, first).attempts >= 2, what="a second try")
    assert job_of(app_hall, first).state == job_of(app_hall, second).state == "pending"
    assert "does not take connections" in job_of(app_hall, first).last_error
    status = client.get(f"/api/v1/tickets/{first['token']}").json
    assert status["state"] == "waiting" and status["number"] == first["number"]

    printer = plug(printers, port)  # switched back on
    eventually(lambda: printed(printer, second), what="both tickets printed")
    assert printer.received.index(first["number"].encode()) < \
        printer.received.index(second["number"].encode())
    eventually(lambda: job_of(app_hall, second).state == "printed", what="jobs printed")
    assert job_of(app_hall, first).state == "printed"
    eventually(lambda: printer_state(app_hall, hall) == "online", what="the printer online")


def test_a_printer_that_hangs_leaves_the_job_pending_until_it_answers(
        client, app_hall, hall_with_kiosk, printers):
    hall = hall_with_kiosk
    hung = plug(printers, hang=True)
    use_printer(client, hall, hung.address)
    ticket = take_at_kiosk(client, hall)
    eventually(lambda: printer_state(app_hall, hall) == "error", what="the printer in error")
    job = job_of(app_hall, ticket)
    assert job.state == "pending" and "does not answer" in job.last_error
    assert client.get(f"/api/v1/tickets/{ticket['token']}").json["state"] == "waiting"
    device = client.get(f"/api/v1/devices/{hall.kiosk_id}").json
    assert device["pending_print_jobs"] == 1 and "does not answer" in \
        device["status"]["printer_detail"]

    port = hung.port
    hung.close()
    printer = plug(printers, port)  # restarted, it answers again
    eventually(lambda: printed(printer, ticket), what="the ticket on paper")
    eventually(lambda: job_of(app_hall, ticket).state == "printed", what="the job printed")


def test_paper_out_holds_the_tickets_and_new_paper_prints_them(client, app_hall,
                                                              hall_with_kiosk, printers):
    hall = hall_with_kiosk
    printer = plug(printers, paper="out")
    use_printer(client, hall, printer.address)
    ticket = take_at_kiosk(client, hall)
    eventually(lambda: printer_state(app_hall, hall) == "paper_out", what="paper out reported")
    assert printer.received == b"" and job_of(app_hall, ticket).state == "pending"
    printer.paper = "low"  # a new roll, nearly used up: print, and say so
    eventually(lambda: printed(printer, ticket), what="the ticket on paper")
    eventually(lambda: printer_state(app_hall, hall) == "paper_low", what="paper low reported")


def test_after_a_restart_the_server_sends_what_a_printer_still_owes(app, client, app_hall,
                                                                   hall_with_kiosk, printers):
    hall = hall_with_kiosk
    printer = plug(printers)
    ticket = client.post(f"/api/v1/centers/{hall.center_id}/tickets",
                         json={"item_id": hall.item_id}).json
    with app_hall.db.transaction() as s:  # left pending by the process that stopped
        s.get(Device, hall.kiosk_id).printer = printer.address
        print_jobs.enqueue_job(session=s, center_id=hall.center_id, kiosk_id=hall.kiosk_id,
                               kind="ticket", ref=ticket["token"], now=utcnow(),
                               base_url="https://hall.example.cn")
    app.extensions.pop("qms_printing_resumed")  # as in a process that just started
    client.get("/api/v1/centers")
    eventually(lambda: printed(printer, ticket), what="the owed ticket on paper")


def test_printing_settings_that_cannot_work_show_as_a_printer_error(app, client, app_hall,
                                                                    hall_with_kiosk, printers):
    hall = hall_with_kiosk
    printer = plug(printers)
    use_printer(client, hall, printer.address)
    app.config["QMS_PRINTER_CHINESE"] = "big5"  # a typo in the settings
    ticket = take_at_kiosk(client, hall)
    eventually(lambda: printer_state(app_hall, hall) == "error", what="the printer in error")
    assert "QMS_PRINTER_CHINESE" in job_of(app_hall, ticket).last_error
    assert printer.received == b"" and job_of(app_hall, ticket).state == "pending"
    r = client.get(f"/api/v1/tickets/{ticket['token']}/escpos")
    assert r.status_code == 400 and "QMS_PRINTER_CHINESE is one of gb18030, raster" in \
        r.json["message"]
    app.config["QMS_PRINTER_CHINESE"] = "gb18030"  # corrected
    eventually(lambda: printed(printer, ticket), what="the ticket on paper")
