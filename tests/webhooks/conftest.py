"""A city platform's receiver (a real HTTP server on a free local port), a hall that may send
to it, and an admin who registers it."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from server.events.webhooks import forget_subscribers
from tests.conftest import app_config, free_port

SECRET = "a-city-platform-secret"


@dataclass
class Received:
    headers: dict[str, str]
    raw: bytes

    @property
    def body(self) -> dict:
        return json.loads(self.raw)

    def signed_with(self, secret: str) -> bool:
        expected = "sha256=" + hmac.new(secret.encode(), self.raw, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, self.headers.get("X-Hall-Signature", ""))


@dataclass
class Receiver:
    """The platform's endpoint: it keeps what it accepted; `answer` is its status code,
    `down()` stops it listening and `up()` starts it again on the same port."""

    port: int = field(default_factory=free_port)
    answer: int = 200
    seen: list[Received] = field(default_factory=list)
    accepted: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hall-events"

    def up(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                got = Received(dict(self.headers.items()), raw)
                receiver.seen.append(got)
                if 200 <= receiver.answer < 300:
                    receiver.accepted.append(got)
                self.send_response(receiver.answer)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def down(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def types(self) -> list[str]:
        return [r.body["type"] for r in self.accepted]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().up()
    yield r
    r.down()


@pytest.fixture
def app(tmp_path):
    """The hall's app, allowed to send to this machine's receivers (a test's only ones)."""
    from server import create_app
    from server.extensions import db

    forget_subscribers()
    app = create_app(app_config(tmp_path, QMS_WEBHOOK_ALLOW_PRIVATE=True,
                                QMS_WEBHOOK_TIMEOUT_SECONDS=2.0,
                                QMS_WEBHOOK_RETRY_SECONDS=1.0))
    with app.app_context():
        db.database.create_all()
    yield app
    app.extensions["qms_db"].dispose()


@pytest.fixture
def admin(client, app_hall):
    """The admin's API calls: admin("POST", "/webhooks", {...})."""
    from server.accounts.models import User

    actor = app_hall.staff("root", role="admin")
    with app_hall.db.read() as s:
        name = s.get(User, actor.user_id).username
    token = client.post("/api/v1/auth/token",
                        json={"username": name, "password": "secret1"}).json["token"]

    def call(method: str, path: str, json=None):
        return client.open(f"/api/v1{path}", method=method, json=json,
                           headers={"Authorization": f"Bearer {token}"})

    return call
