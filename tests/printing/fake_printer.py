"""A thermal printer on loopback port 9100-style: answers the paper status, keeps what it prints.

    printer = FakePrinter(paper="ok")      # "ok", "low", "out"
    printer = FakePrinter(hang=True)       # accepts, then never reads nor answers
"""

from __future__ import annotations

import contextlib
import socket
import threading

STATUS_REQUEST = b"\x10\x04\x04"
PAPER = {"ok": 0x12, "low": 0x1E, "out": 0x72}  # DLE EOT 4 answers: fixed bits, near end, end


class FakePrinter:
    def __init__(self, port: int = 0, *, paper: str = "ok", hang: bool = False) -> None:
        self.paper = paper
        self.hang = hang
        self.received = bytearray()
        self.status_requests = 0
        self.changed = threading.Condition()
        self.server = socket.create_server(("127.0.0.1", port))
        self.port = self.server.getsockname()[1]
        self.address = f"network:127.0.0.1:{self.port}"
        self.connections: list[socket.socket] = []
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections.append(conn)
            if not self.hang:
                threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            buffer = b""
            while len(buffer) < len(STATUS_REQUEST):
                chunk = conn.recv(4096)
                if not chunk:
                    return
                buffer += chunk
            if buffer.startswith(STATUS_REQUEST):
                self.status_requests += 1
                conn.sendall(bytes([PAPER[self.paper]]))
                buffer = buffer[len(STATUS_REQUEST):]
            while True:
                with self.changed:
                    self.received += buffer
                    self.changed.notify_all()
                buffer = conn.recv(65536)
                if not buffer:
                    return

    def close(self) -> None:
        self.running = False
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept() on Linux
        self.server.close()
        for conn in self.connections:
            with contextlib.suppress(OSError):
                conn.close()
