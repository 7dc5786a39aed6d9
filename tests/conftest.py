"""Shared fixtures: a fresh database per test, an app, a live server, a real browser."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from server.db import Database
from tests.hall import Hall

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("QMS_CHROMIUM", "/usr/bin/chromium")
DEMO_PASSWORD = "demo-pass"
# CI sets this: a test that would skip (no PostgreSQL, Redis, Chromium, CJK font) fails instead,
# so a green run means every test ran.
REQUIRE_SERVICES = os.environ.get("QMS_REQUIRE_SERVICES", "").strip().lower() in {
    "1", "true", "yes", "on"}


def _skip_is_failure(report: pytest.CollectReport | pytest.TestReport) -> None:
    if REQUIRE_SERVICES and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"Skipped, but QMS_REQUIRE_SERVICES=1 requires it to run: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    _skip_is_failure(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield
    _skip_is_failure(report)
    return report


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A fresh SQLite file with the full schema, for one test."""
    database = Database(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    database.create_all()
    yield database
    database.dispose()


@pytest.fixture
def hall(database: Database) -> Hall:
    return Hall(database)


def app_config(tmp_path: Path, **extra) -> dict:
    return {
        "QMS_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'hall.sqlite3'}",
        "SOCKETIO_ASYNC_MODE": "threading",
        "SECRET_KEY": "test",
        "RATELIMIT_ENABLED": False,
        "TESTING": True,
        **extra,
    }


@pytest.fixture
def app(tmp_path: Path):
    from server import create_app
    from server.extensions import db

    app = create_app(app_config(tmp_path))
    with app.app_context():
        db.database.create_all()
    yield app
    app.extensions["qms_db"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_hall(app) -> Hall:
    """Factories on the app's own database, for API tests."""
    return Hall(app.extensions["qms_db"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`qms run` in its own process, on its own instance folder, with the demo loaded (or,
    `demo=False`, an empty city)."""

    def __init__(self, instance: Path, env: dict[str, str] | None = None,
                 demo: bool = True) -> None:
        self.instance = instance
        self.demo = demo
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "QMS_INSTANCE_PATH": str(instance),
            "QMS_DEMO_PASSWORD": DEMO_PASSWORD,
            "RATELIMIT_ENABLED": "false",
            # The demo centers take tickets outside their hours: no close in the middle of a test.
            "QMS_DAY_CLOSE_SECONDS": "0",
            **(env or {}),
        }
        if "DATABASE_URL" not in (env or {}):
            self.env.pop("DATABASE_URL", None)
        self.process: subprocess.Popen | None = None

    def qms(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "server.cli", *args], env=self.env, check=True,
            capture_output=True, text=True, cwd=ROOT,
        ).stdout

    def start(self) -> LiveServer:
        self.instance.mkdir(parents=True, exist_ok=True)
        self.qms("db", "upgrade")
        if self.demo:
            self.qms("demo")
        self.log = open(self.instance / "server.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "run", "--port", str(self.port)],
            env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
        )
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError((self.instance / "server.log").read_text())
            try:
                if requests.get(self.url + "/api/v1/centers", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("the server did not start in time")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if getattr(self, "log", None):
            self.log.close()

    def restart(self) -> None:
        self.stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "run", "--port", str(self.port)],
            env=self.env, cwd=ROOT, stdout=open(self.instance / "server.log", "a"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        self.wait_ready()

    # Conveniences for tests that act as staff.

    def token(self, username: str, password: str = DEMO_PASSWORD) -> str:
        r = requests.post(self.url + "/api/v1/auth/token",
                          json={"username": username, "password": password}, timeout=10)
        r.raise_for_status()
        return r.json()["token"]

    def center_id(self, code: str) -> int:
        centers = requests.get(self.url + "/api/v1/centers", timeout=10).json()
        return next(c["id"] for c in centers if c["code"] == code)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """A real server process (gunicorn, gevent) with the demo city, per test module."""
    server = LiveServer(tmp_path_factory.mktemp("live")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright; skips when it is absent."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshot():
    """Save a page's screenshot under artifacts/screenshots/NAME.png."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        return path

    return save


PG_URL = os.environ.get("QMS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("QMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _pg_available() -> str | None:
    """None when PostgreSQL answers; else why not."""
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3):
            return None
    except Exception as exc:
        return f"PostgreSQL at {PG_URL} is not available: {exc.__class__.__name__}: {exc}"


def _redis_available() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return None
    except Exception as exc:
        return f"Redis at {REDIS_URL} is not available: {exc.__class__.__name__}: {exc}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose connections see a fresh, private schema (dropped afterwards)."""
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    import uuid

    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    raw = PG_URL.replace("+psycopg", "")
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def pg_database(pg_url: str) -> Iterator[Database]:
    database = Database(pg_url)
    database.create_all()
    yield database
    database.dispose()


@pytest.fixture
def redis_url() -> str:
    reason = _redis_available()
    if reason:
        pytest.skip(reason)
    return REDIS_URL
