"""The kiosk print agent: `qms kiosk-agent`, on the kiosk's computer, beside its printer.

It holds a Socket.IO connection to the hall (namespace /hall, room kiosk:{id}),
and prints the kiosk's papers on the local printer:

- a `print.job` event, every (re)connection, and a slow poll all only wake the
  printing loop, which asks the server for the kiosk's pending jobs and prints
  them oldest first, so a ticket issued while the agent was away is printed
  when it is back, and one missed event costs at most a poll;
- each paper is acknowledged; a paper printed whose acknowledgement was lost
  is acknowledged again, never printed twice;
- the printer's state (online, paper_low, paper_out, error, offline) is sent
  with each acknowledgement and whenever it changes; while the printer has
  trouble the jobs stay pending on the server and the agent tries again soon.

The connection reconnects by itself (python-socketio's backoff, and around it a
loop that starts over when the client gives up).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import requests
import socketio

from server.printing.printers import (
    PrinterSpec,
    PrinterTrouble,
    close_quietly,
    open_printer,
    print_bytes,
    probe,
)

log = logging.getLogger("qms.kiosk_agent")
NAMESPACE = "/hall"


class AgentStop(Exception):
    """Something the agent cannot fix by waiting (a wrong token, an unknown kiosk)."""


class KioskAgent:
    def __init__(
        self, *, server: str, kiosk_id: int, token: str, printer: PrinterSpec,
        profile: str = "default", timeout: float = 5.0, poll_seconds: float = 30.0,
        retry_seconds: float = 5.0,
    ) -> None:
        self.server = server.rstrip("/")
        self.kiosk_id = kiosk_id
        self.token = token
        self.spec = printer
        self.profile = profile
        self.timeout = timeout
        self.poll_seconds = poll_seconds
        self.retry_seconds = retry_seconds
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.stopping = threading.Event()
        self.wake = threading.Event()
        self.reported: str | None = None
        self.trouble = ""
        self.unacked: dict[int, str] = {}  # printed, acknowledgement not yet taken: id -> state
        self.sio = socketio.Client(reconnection=True, reconnection_attempts=0,
                                   reconnection_delay=0.5, reconnection_delay_max=5,
                                   handle_sigint=False)
        self.sio.on("connect", self._on_connect, namespace=NAMESPACE)
        self.sio.on("disconnect", self._on_disconnect, namespace=NAMESPACE)
        self.sio.on("print.job", self._on_job, namespace=NAMESPACE)

    # The connection.

    def _on_connect(self) -> None:
        log.info("Connected to %s as kiosk %s", self.server, self.kiosk_id)
        self.wake.set()

    def _on_disconnect(self, *args: Any) -> None:
        if not self.stopping.is_set():
            log.warning("Lost the connection to %s; reconnecting", self.server)

    def _on_job(self, job: dict) -> None:
        if job.get("state") == "pending":
            self.wake.set()

    def _connection(self, center_id: int) -> None:
        delay = 0.5
        while not self.stopping.is_set():
            try:
                self.sio.connect(
                    self.server, namespaces=[NAMESPACE], wait_timeout=10,
                    auth={"center_id": center_id, "kiosk_id": self.kiosk_id,
                          "token": self.token},
                )
                delay = 0.5
                self.sio.wait()
            except socketio.exceptions.ConnectionError as exc:
                log.warning("Cannot reach %s (%s); trying again", self.server, exc)
            finally:
                if self.sio.connected:
                    self.sio.disconnect()
            self.stopping.wait(delay)
            delay = min(delay * 2, 5)

    # The server's REST API.

    def _call(self, method: str, path: str, **kw: Any) -> requests.Response:
        r = self.http.request(method, f"{self.server}/api/v1{path}", timeout=10, **kw)
        if r.status_code in (401, 403):
            raise AgentStop(f"The server refused kiosk {self.kiosk_id}'s token: "
                            f"{r.json().get('message', r.text)}")
        return r

    def center_id(self) -> int:
        """The kiosk's center, asked of the server (waiting for it to come up)."""
        delay = 0.5
        while True:
            try:
                r = self._call("GET", f"/devices/{self.kiosk_id}")
                if r.status_code == 404 or r.json().get("kind") != "kiosk":
                    raise AgentStop(f"The server has no kiosk {self.kiosk_id}; register one "
                                    "with `qms device create --kind kiosk`.")
                r.raise_for_status()
                return int(r.json()["center_id"])
            except requests.RequestException as exc:
                log.warning("Waiting for the server %s (%s)", self.server, exc)
            if self.stopping.wait(delay):
                raise AgentStop("Stopped.")
            delay = min(delay * 2, 5)

    def _report(self, state: str, detail: str = "") -> None:
        if state == self.reported:
            return
        r = self._call("PUT", f"/devices/{self.kiosk_id}/status",
                       json={"printer": state, "detail": detail})
        if r.ok:
            self.reported = state
            log.info("Printer %s%s", state, f": {detail}" if detail else "")

    def _ack(self, job_id: int, *, printed: bool, state: str, error: str = "") -> bool:
        r = self._call("POST", f"/print-jobs/{job_id}/ack",
                       json={"printed": printed, "error": error, "printer": state})
        if r.ok or r.status_code == 404:
            self.reported = state
            return True
        log.warning("The server did not take the acknowledgement of job %s: %s", job_id, r.text)
        return False

    # Printing.

    def print_pending(self) -> bool:
        """Print what the server says is pending; True when all went well."""
        for job_id, state in list(self.unacked.items()):
            if self._ack(job_id, printed=True, state=state):
                del self.unacked[job_id]
        r = self._call("GET", f"/devices/{self.kiosk_id}/print-jobs")
        r.raise_for_status()
        jobs = [j for j in r.json() if j["id"] not in self.unacked]
        current = jobs[0] if jobs else None  # the paper a trouble concerns
        printer = None
        try:
            printer = open_printer(self.spec, timeout=self.timeout, profile=self.profile)
            state = probe(printer, self.spec)
            if not jobs:
                self._report(state)
            for job in jobs:
                current = job
                paper = self._call("GET", f"/print-jobs/{job['id']}/escpos")
                if paper.status_code == 404:
                    continue
                paper.raise_for_status()
                print_bytes(printer, self.spec, paper.content)
                self.unacked[job["id"]] = state
                log.info("Printed %s %s (job %s)", job["kind"], job["label"], job["id"])
                if self._ack(job["id"], printed=True, state=state):
                    del self.unacked[job["id"]]
            self.trouble = ""
            return True
        except PrinterTrouble as trouble:
            if trouble.detail != self.trouble:  # once, not at every retry
                log.warning("Printer trouble: %s", trouble.detail)
                self.trouble = trouble.detail
            if current is not None:
                self._ack(current["id"], printed=False, state=trouble.state,
                          error=trouble.detail)
            else:
                self._report(trouble.state, trouble.detail)
            return False
        finally:
            close_quietly(printer)

    def run(self) -> None:
        """Run until `stop()`; raises AgentStop when the server refuses this kiosk."""
        center_id = self.center_id()
        threading.Thread(target=self._connection, args=(center_id,), daemon=True,
                         name="hall-connection").start()
        healthy = True
        self.wake.set()
        while not self.stopping.is_set():
            self.wake.wait(self.poll_seconds if healthy else self.retry_seconds)
            self.wake.clear()
            if self.stopping.is_set():
                break
            try:
                healthy = self.print_pending()
            except requests.RequestException as exc:
                log.warning("The server did not answer (%s); trying again", exc)
                healthy = False

    def stop(self) -> None:
        if not self.stopping.is_set():
            log.info("Stopping")
        self.stopping.set()
        self.wake.set()
        try:
            self.sio.disconnect()
        except Exception:
            log.debug("disconnect on stop", exc_info=True)
