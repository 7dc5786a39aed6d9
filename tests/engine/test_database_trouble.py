"""Database trouble, provoked for real: a 503 a person can act on, and recovery without restart.

A full disk (SQLite's own size limit), a file that turns read-only for a moment, PostgreSQL
out of reach; and SQLite refused for several workers before anything starts.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from sqlalchemy import event, make_url, text

from server.config import load_settings, workers_refused
from tests.conftest import ROOT, app_config, free_port
from tests.hall import ALL_DAY, Hall

NO_LIMIT = 1_073_741_823  # SQLite's largest max_page_count


@pytest.fixture
def desk(app_hall):
    """A center open all day with one item; residents take numbers at its kiosk (the API)."""
    center = app_hall.center(hours=ALL_DAY)
    pension = app_hall.item("pension", center=center)
    app_hall.window(center, 1, fields=["community"])
    return center.id, pension.id


def take(client, desk):
    center, item = desk
    return client.post(f"/api/v1/centers/{center}/tickets", json={"item_id": item})


def assert_unavailable(r, cause: str) -> None:
    assert r.status_code == 503, r.get_data(as_text=True)
    assert r.headers["Retry-After"] == "5"
    body = r.json
    assert set(body) == {"status", "error", "message", "detail"}
    assert body["status"] == 503 and body["error"] == "unavailable"
    assert body["detail"] == {"cause": cause, "retry_after": 5}
    assert "try again in 5 seconds" in body["message"]


def integrity(app) -> str:
    with app.extensions["qms_db"].engine.connect() as conn:
        return conn.exec_driver_sql("PRAGMA integrity_check").scalar()


class TinyDisk:
    """The app's SQLite file on a disk with no room to grow: SQLite's own page limit,
    set on every connection the app checks out, so the app meets SQLITE_FULL for real."""

    def __init__(self, app) -> None:
        self.engine = app.extensions["qms_db"].engine
        self.pages = NO_LIMIT
        event.listen(self.engine, "checkout", self._limit)

    def _limit(self, dbapi_conn, _record, _proxy) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {self.pages}")

    def fill(self) -> None:
        with self.engine.connect() as conn:
            self.pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    def free(self) -> None:
        self.pages = NO_LIMIT


def test_a_full_disk_is_a_503_to_retry_and_the_hall_goes_on_when_space_returns(
        app, client, desk):
    disk = TinyDisk(app)
    taken = [take(client, desk).json for _ in range(3)]
    disk.fill()
    answers = []
    for _ in range(300):
        r = take(client, desk)
        answers.append(r)
        if r.status_code != 201:
            break
    assert_unavailable(answers[-1], "disk_full")
    assert "disk is full" in answers[-1].json["message"]
    taken += [r.json for r in answers[:-1]]
    for ticket in taken:  # every acknowledged ticket is there, and can still be read
        assert client.get(f"/api/v1/tickets/{ticket['token']}").json["number"] == ticket["number"]

    disk.free()
    after = take(client, desk)
    assert after.status_code == 201
    numbers = [t["number"] for t in taken] + [after.json["number"]]
    assert numbers == [f"A{n:03d}" for n in range(1, len(numbers) + 1)]  # no gap, no repeat
    assert integrity(app) == "ok"


@contextmanager
def read_only(path: Path):
    """The file cannot be written for a moment (immutable for root, who ignores modes)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
    else:
        path.chmod(0o444)
    try:
        yield
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(0o644)


def test_a_read_only_moment_is_a_503_and_writes_resume_without_a_restart(
        app, client, desk, tmp_path):
    first = take(client, desk).json
    with read_only(tmp_path / "hall.sqlite3"):
        # The connections opened in this moment (as by a worker starting now) are read-only.
        app.extensions["qms_db"].engine.dispose()
        assert_unavailable(take(client, desk), "read_only")
        assert client.get(f"/api/v1/tickets/{first['token']}").status_code == 200
        assert_unavailable(take(client, desk), "read_only")
    second = take(client, desk)
    assert second.status_code == 201 and second.json["number"] == "A002"
    assert integrity(app) == "ok"


class Cable:
    """A TCP cable between the app and PostgreSQL that a test pulls out and plugs back in."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self._open: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self.plug()

    def plug(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.1)
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def pull(self) -> None:
        listener, self._listener = self._listener, None
        listener.close()
        for sock in self._open:
            sock.close()
        self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                near, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            far = socket.create_connection(self.target)
            self._open += [near, far]
            for a, b in ((near, far), (far, near)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def test_postgresql_out_of_reach_is_a_503_and_the_server_recovers_by_itself(tmp_path, pg_url):
    from server import create_app

    url = make_url(pg_url)
    cable = Cable(url.host, url.port or 5432)
    app = create_app(app_config(tmp_path, DATABASE_URL=url.set(
        host="127.0.0.1", port=cable.port).render_as_string(hide_password=False)))
    database = app.extensions["qms_db"]
    database.create_all()
    client = app.test_client()
    try:
        hall = Hall(database)
        center = hall.center(hours=ALL_DAY, name_en="Cable Hall")
        item = hall.item("pension", center=center)
        hall.window(center, 1, fields=["community"])
        desk = (center.id, item.id)
        assert take(client, desk).status_code == 201

        cable.pull()
        assert_unavailable(client.get("/api/v1/centers"), "unreachable")
        assert_unavailable(take(client, desk), "unreachable")

        cable.plug()
        assert [c["name_en"] for c in client.get("/api/v1/centers").json] == ["Cable Hall"]
        assert take(client, desk).json["number"] == "A002"
    finally:
        database.dispose()
        cable.pull()


def test_sqlite_with_several_workers_is_refused_with_a_clear_message(tmp_path):
    env = {"PATH": os.environ["PATH"], "QMS_INSTANCE_PATH": str(tmp_path), "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "server.cli", "run", "--workers", "3",
                          "--port", str(free_port())], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode != 0
    assert "SQLite serves one worker; set DATABASE_URL to PostgreSQL to run 3 workers" \
        in run.stderr
    gunicorn = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "config" / "gunicorn.py"),
         "server.wsgi:app"], env={**env, "QMS_WORKERS": "2"},
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert gunicorn.returncode != 0
    assert "SQLite serves one worker; set DATABASE_URL to PostgreSQL to run 2 workers" \
        in gunicorn.stderr


def test_postgresql_may_run_several_workers_and_sqlite_one():
    pg = "postgresql+psycopg://hall@db/qms"
    assert workers_refused(load_settings({"DATABASE_URL": pg, "QMS_WORKERS": "4"})) is None
    assert workers_refused(load_settings({"QMS_WORKERS": "1"})) is None
    assert workers_refused(load_settings({"QMS_WORKERS": "2"})) is not None


def test_a_database_bug_stays_a_500_and_is_not_dressed_up_as_an_outage(app, client, desk):
    with app.extensions["qms_db"].transaction() as s:
        s.execute(text("DROP TABLE tickets"))
    with pytest.raises(Exception, match="no such table"):
        take(client, desk)
