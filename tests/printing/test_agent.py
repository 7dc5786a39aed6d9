"""The kiosk print agent as a real process against a real server, printing to a file printer."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
import socketio

from tests.conftest import ROOT, LiveServer
from tests.printing.escpos_reader import QR, read
from tests.printing.fake_printer import FakePrinter
from tests.waiting import eventually


@pytest.fixture(scope="module")
def kiosk(live_server: LiveServer) -> dict:
    """A kiosk registered as the README says, at Pengpu's community center."""
    center = live_server.center_id("pengpu-community")
    made = json.loads(live_server.qms("device", "create", "--center", str(center), "--kind",
                                      "kiosk", "--name", "打印测试机", "--json"))
    items = requests.get(f"{live_server.url}/api/v1/centers/{center}/items", timeout=10).json()
    item = next(i["id"] for i in items if i["code"] == "family_planning_pension")
    return {"center": center, "item": item, **made}


@contextmanager
def agent(server: LiveServer, kiosk: dict, paper: Path, log: Path) -> Iterator[Path]:
    """`qms kiosk-agent ... --printer file:PATH`, until the block ends."""
    with log.open("a") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "kiosk-agent", "--server", server.url,
             "--kiosk", str(kiosk["id"]), "--token", kiosk["token"], "--printer",
             f"file:{paper}", "--retry", "1"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        eventually(lambda: "Connected to" in log.read_text(), timeout=20,
                   what=f"the agent connected; its log:\n{log.read_text()}")
        yield log
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def take(server: LiveServer, kiosk: dict) -> dict:
    r = requests.post(f"{server.url}/api/v1/centers/{kiosk['center']}/tickets",
                      json={"item_id": kiosk["item"], "kiosk_id": kiosk["id"]}, timeout=10,
                      headers={"Authorization": f"Bearer {kiosk['token']}"})
    assert r.status_code == 201, r.text
    return r.json()


def on_paper(paper: Path, ticket: dict) -> bool:
    return paper.exists() and ticket["token"].encode() in paper.read_bytes()


def pending_labels(server: LiveServer, kiosk: dict) -> list[str]:
    r = requests.get(f"{server.url}/api/v1/devices/{kiosk['id']}/print-jobs", timeout=10,
                     headers={"Authorization": f"Bearer {kiosk['token']}"})
    return [job["label"] for job in r.json()]


def test_a_ticket_issued_at_the_kiosk_is_printed_by_its_agent_within_seconds(
        live_server, kiosk, tmp_path):
    paper = tmp_path / "printer.bin"
    with agent(live_server, kiosk, paper, tmp_path / "agent.log"):
        started = time.monotonic()
        ticket = take(live_server, kiosk)
        eventually(lambda: on_paper(paper, ticket), timeout=5, what="the ticket printed")
        seconds = time.monotonic() - started
    print(f"\nissue to paper through the agent: {seconds * 1000:.0f} ms")
    printed = read(paper.read_bytes())
    number = next(t for t in printed.texts() if t.text.strip() == ticket["number"])
    assert number.width >= 4 and "彭浦" in printed.text()
    assert printed.of(QR)[0].data.endswith(f"/t/{ticket['token']}")
    assert pending_labels(live_server, kiosk) == []
    device = requests.get(f"{live_server.url}/api/v1/devices/{kiosk['id']}", timeout=10).json()
    assert device["status"]["printer"] == "online"


def test_a_ticket_issued_while_the_agent_is_away_is_printed_when_it_comes_back(
        live_server, kiosk, tmp_path):
    paper = tmp_path / "printer.bin"
    ticket = take(live_server, kiosk)  # no agent running
    assert pending_labels(live_server, kiosk) == [ticket["number"]]
    with agent(live_server, kiosk, paper, tmp_path / "agent.log"):
        eventually(lambda: on_paper(paper, ticket), timeout=10, what="the ticket printed")
    assert pending_labels(live_server, kiosk) == []
    assert paper.read_bytes().count(ticket["token"].encode()) == 1


def test_the_guide_paper_made_at_the_kiosk_comes_out_of_its_printer(live_server, kiosk,
                                                                   tmp_path):
    url = live_server.url
    guide = requests.get(f"{url}/api/v1/guides/food", params={"center_id": kiosk["center"]},
                         timeout=10).json()
    node, answers = guide["tree"], []
    while "options" in node:  # the first option at each question, down to a scenario
        answers.append(0)
        node = node["options"][0]["node"]
    paper = tmp_path / "printer.bin"
    with agent(live_server, kiosk, paper, tmp_path / "agent.log"):
        made = requests.post(f"{url}/api/v1/guides/food/papers", timeout=10,
                             headers={"Authorization": f"Bearer {kiosk['token']}"}, json={
            "center_id": kiosk["center"], "answers": answers, "kiosk_id": kiosk["id"]}).json()
        assert made["printing"] is True
        eventually(lambda: paper.exists() and made["url"].encode() in paper.read_bytes(),
                   timeout=10, what="the guide paper printed")
    printed = read(paper.read_bytes())
    title = made["content"]["scenario"]["title"]
    assert title["zh"] in printed.text() and "材料清单  Materials checklist" in printed.text()
    assert printed.of(QR)[0].data == made["url"]
    same = requests.get(f"{url}/api/v1/guide-papers/{made['token']}/escpos", timeout=10)
    assert same.headers["Content-Type"] == "application/octet-stream"
    assert read(same.content).text() == printed.text()


@contextmanager
def kiosk_page(server: LiveServer, kiosk: dict) -> Iterator[list[tuple[str, dict]]]:
    """What the kiosk's own page hears: its center's events and its kiosk room's."""
    heard: list[tuple[str, dict]] = []
    client = socketio.Client(reconnection=False)
    client.on("*", lambda name, payload: heard.append((name, payload)), namespace="/hall")
    client.connect(server.url, namespaces=["/hall"], transports=["websocket"], wait_timeout=10,
                   auth={"center_id": kiosk["center"], "kiosk_id": kiosk["id"],
                         "token": kiosk["token"]})
    try:
        yield heard
    finally:
        client.disconnect()


def printer_states(heard: list[tuple[str, dict]], kiosk: dict) -> list[str]:
    return [p["status"]["printer"] for name, p in heard
            if name == "device.status" and p["device_id"] == kiosk["id"]]


def test_printer_trouble_at_the_kiosk_is_reported_and_waited_out(live_server, kiosk,
                                                                 tmp_path):
    shelf = tmp_path / "usb"  # the printer's device is not there: it is unplugged
    paper = shelf / "lp0"
    with kiosk_page(live_server, kiosk) as heard, \
            agent(live_server, kiosk, paper, tmp_path / "agent.log"):
        ticket = take(live_server, kiosk)
        jobs = eventually(lambda: [p for name, p in heard if name == "print.job"],
                          timeout=10, what="the kiosk told of its print job")
        assert jobs[0]["label"] == ticket["number"] and jobs[0]["state"] == "pending"
        eventually(lambda: "offline" in printer_states(heard, kiosk), timeout=10,
                   what="the hall told the printer is offline")
        status = next(p for name, p in heard if name == "device.status")
        assert {"seq", "device_id", "kind", "name", "status"} <= set(status)
        assert pending_labels(live_server, kiosk) == [ticket["number"]]
        assert requests.get(f"{live_server.url}/api/v1/tickets/{ticket['token']}",
                            timeout=10).json()["state"] == "waiting"
        shelf.mkdir()  # plugged back in
        eventually(lambda: on_paper(paper, ticket), timeout=10, what="the ticket printed")
        eventually(lambda: printer_states(heard, kiosk)[-1:] == ["online"], timeout=10,
                   what="the hall told the printer is back online")
    device = requests.get(f"{live_server.url}/api/v1/devices/{kiosk['id']}", timeout=10).json()
    assert device["status"]["printer"] == "online" and device["pending_print_jobs"] == 0


def test_the_agent_reconnects_by_itself_after_the_server_restarts(live_server, kiosk,
                                                                  tmp_path):
    paper = tmp_path / "printer.bin"
    log = tmp_path / "agent.log"
    with agent(live_server, kiosk, paper, log):
        live_server.restart()
        eventually(lambda: log.read_text().count("Connected to") >= 2, timeout=20,
                   what=f"the agent reconnected; its log:\n{log.read_text()}")
        ticket = take(live_server, kiosk)
        eventually(lambda: on_paper(paper, ticket), timeout=10, what="the ticket printed")


def test_the_server_process_prints_to_a_kiosks_network_printer(live_server, kiosk):
    """The same path as tests/printing/test_network_printer.py, under gunicorn and gevent."""
    printer = FakePrinter()
    try:
        live_server.qms("device", "printer", str(kiosk["id"]), printer.address)
        ticket = take(live_server, kiosk)
        eventually(lambda: ticket["token"].encode() in printer.received, timeout=10,
                   what="the ticket on the network printer")
        device = f"{live_server.url}/api/v1/devices/{kiosk['id']}"
        eventually(lambda: requests.get(device, timeout=10).json()["pending_print_jobs"] == 0,
                   timeout=10, what="the job marked printed")
        assert requests.get(device, timeout=10).json()["prints_via"] == "network"
    finally:
        live_server.qms("device", "printer", str(kiosk["id"]), "none")
        printer.close()
