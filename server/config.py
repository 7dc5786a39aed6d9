"""Every setting of the server: one environment variable each, with its default.

This is the only module that reads the environment. `create_app(config)` takes
these values and lets a caller (a test, a benchmark) override any of them.
"""

from __future__ import annotations

import os
import secrets
from importlib.resources import files
from pathlib import Path
from typing import Any


def _shipped(package: str) -> Path:
    """The folder of a package the install ships (see setup.py): inside the installed server
    package, or the repository's top-level folder in an editable install."""
    return Path(str(files(package)))


# The repository's static/ and config/ folders, wherever the install put them.
STATIC_DIR = _shipped("server.static")
CONFIG_DIR = _shipped("server.config_data")
GUNICORN_CONFIG = CONFIG_DIR / "gunicorn.py"


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


# name -> (default, parser). The Flask config key is the same name.
SETTINGS: dict[str, tuple[Any, Any]] = {
    # Where the data lives: SQLite in the instance folder unless set.
    "DATABASE_URL": ("", str),
    # The instance folder (SQLite, the generated secret key); ./instance of where qms runs.
    "QMS_INSTANCE_PATH": ("instance", str),
    # Socket.IO: gevent under gunicorn; a Redis URL scales out to several workers/hosts.
    "SOCKETIO_ASYNC_MODE": ("gevent", str),
    "SOCKETIO_MESSAGE_QUEUE": ("", str),
    "SOCKETIO_CHANNEL": ("qms-socketio", str),
    "SOCKETIO_CORS_ORIGINS": ("*", str),
    # Signing key for sessions; generated once into the instance folder when unset.
    "SECRET_KEY": ("", str),
    # Bearer tokens for staff and devices.
    "QMS_TOKEN_TTL_HOURS": (12, int),
    "QMS_DEVICE_TOKEN_TTL_DAYS": (365, int),
    # The address printed into QR codes; the request's own host when unset.
    "QMS_PUBLIC_URL": ("", str),
    # Flask-Limiter's own settings. The store is shared by every worker and host: the
    # Redis message queue when SOCKETIO_MESSAGE_QUEUE is set, else this process's memory.
    "RATELIMIT_ENABLED": (True, _bool),
    "RATELIMIT_STORAGE_URI": ("", str),
    # Public writes and guessable lookups, per client address (see README, Security).
    "RATELIMIT_ISSUE": ("20 per minute;200 per hour", str),
    "RATELIMIT_CODE_LOOKUP": ("30 per minute;300 per hour", str),
    "RATELIMIT_RATING": ("10 per minute", str),
    "RATELIMIT_GUIDE_PAPER": ("20 per minute;200 per hour", str),
    "RATELIMIT_LOGIN": ("30 per minute;300 per hour", str),
    # Sign-in back-off per account (apart from the per-address limit above): after this many
    # wrong passwords in 15 minutes, each further try waits 1, 2, 4 ... seconds, at most the max.
    "QMS_LOGIN_FREE_FAILURES": (5, int),
    "QMS_LOGIN_BACKOFF_MAX_SECONDS": (300, int),
    # Password hashing runs in this many threads beside the gevent loop.
    "QMS_PASSWORD_THREADS": (1, int),
    # The largest request body accepted (bytes); larger answers 413.
    "MAX_CONTENT_LENGTH": (1_000_000, int),
    # Reverse proxies in front of the server (nginx: 1): their X-Forwarded-For, -Proto and
    # -Host are trusted for this many hops; 0 trusts none (the client address is the peer's).
    "QMS_TRUSTED_PROXIES": (0, int),
    "RATELIMIT_BOOKING": ("10 per minute;60 per hour", str),
    # The same booking route, counted per phone number instead of per client.
    "RATELIMIT_BOOKING_PHONE": ("5 per hour;20 per day", str),
    # Taking a number from a phone (its one-time code, then the number), per client.
    "RATELIMIT_REMOTE": ("6 per minute;30 per hour", str),
    # How often the server looks for phone tickets to tell their call is near (0: never).
    "QMS_NEAR_CALL_SECONDS": (5.0, float),
    # Bookings: names and phones are erased this many days after the visit day;
    # every this many seconds the server lapses no-shows (0: only `qms booking sweep`).
    "QMS_BOOKING_RETENTION_DAYS": (7, int),
    "QMS_BOOKING_SWEEP_SECONDS": (60, int),
    # Every this many seconds the server closes the centers' days whose closing time passed
    # and refreshes the reports' stored figures (0: only `qms day close`).
    "QMS_DAY_CLOSE_SECONDS": (60, int),
    # Kiosks.
    "QMS_KIOSK_IDLE_SECONDS": (60, int),
    # The funnel guides (question trees as YAML); config/guides when unset.
    "QMS_GUIDES_DIR": (str(CONFIG_DIR / "guides"), str),
    # Printing: a python-escpos printer profile and an optional network printer per kiosk.
    "QMS_PRINTER_PROFILE": ("default", str),
    # How Chinese reaches the paper: "gb18030" (the printer's own Chinese font, the default)
    # or "raster" (the text drawn as an image, for printers without a Chinese font).
    "QMS_PRINTER_CHINESE": ("gb18030", str),
    # The CJK font file for raster text; a system CJK font (Noto, WenQuanYi) when unset.
    "QMS_PRINTER_FONT": ("", str),
    # The networks and ports the server may print to (a manager sets a kiosk's printer).
    "QMS_PRINTER_ALLOWED_NETWORKS": ("10.0.0.0/8,172.16.0.0/12,192.168.0.0/16", str),
    "QMS_PRINTER_ALLOWED_PORTS": ("9100-9109", str),
    # Network printers the server prints to: connect/answer timeout and retry interval.
    "QMS_PRINTER_TIMEOUT_SECONDS": (5.0, float),
    "QMS_PRINTER_RETRY_SECONDS": (15.0, float),
    # A paper not printed within this many minutes is dropped (a kiosk switched off overnight).
    "QMS_PRINT_JOB_MAX_AGE_MINUTES": (120, int),
    # Serving (read by config/gunicorn.py): gunicorn gevent workers and their connections.
    "QMS_WORKERS": (1, int),
    "QMS_WORKER_CONNECTIONS": (5000, int),
    "QMS_BIND": ("127.0.0.1:5000", str),
    # The password of the demo accounts `qms demo` creates; a random one each when unset.
    "QMS_DEMO_PASSWORD": ("", str),
    # SQLite: how long a writer waits for the lock before giving up (ms).
    "QMS_SQLITE_BUSY_MS": (30000, int),
    "QMS_SQLITE_SYNCHRONOUS": ("FULL", str),
    "QMS_DB_POOL_SIZE": (10, int),
    # While the database is unavailable (down, disk full, read-only) the API answers 503 with
    # this many seconds in Retry-After.
    "QMS_DB_RETRY_AFTER_SECONDS": (5, int),
    # Serve the benchmark's two ceilings (/bench/json, /bench/write); never in production.
    "QMS_BENCH_PROBES": (False, _bool),
    # The dashboard calls a hall board offline when it has not been seen for this long.
    "QMS_BOARD_OFFLINE_SECONDS": (120, int),
    # Webhooks for the city's platforms: the receiver's connect/answer timeout, the first retry
    # after trouble (doubling up to the longest), how often the deliverer looks for due
    # deliveries (0: never in this process), and whether receivers on private or loopback
    # addresses are allowed (never in production: a subscriber could reach the hall's network).
    "QMS_WEBHOOK_TIMEOUT_SECONDS": (5.0, float),
    "QMS_WEBHOOK_RETRY_SECONDS": (5.0, float),
    "QMS_WEBHOOK_RETRY_MAX_SECONDS": (600.0, float),
    "QMS_WEBHOOK_POLL_SECONDS": (2.0, float),
    "QMS_WEBHOOK_ALLOW_PRIVATE": (False, _bool),
    # The default language of the pages (zh or en).
    "BABEL_DEFAULT_LOCALE": ("zh", str),
}


def load_settings(environ: dict[str, str] | None = None) -> dict[str, Any]:
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for name, (default, parse) in SETTINGS.items():
        raw = env.get(name)
        values[name] = default if raw is None or raw == "" else parse(raw)
    instance = Path(values["QMS_INSTANCE_PATH"]).absolute()
    values["QMS_INSTANCE_PATH"] = str(instance)
    if not values["DATABASE_URL"]:
        values["DATABASE_URL"] = f"sqlite:///{instance / 'qms.sqlite3'}"
    return values


def workers_refused(settings: dict[str, Any]) -> str | None:
    """Why these settings cannot serve with their number of workers, or None when they can.

    SQLite's busy wait runs in C and would freeze a whole gevent worker behind another
    worker's write lock.
    """
    workers = settings["QMS_WORKERS"]
    if workers > 1 and settings["DATABASE_URL"].startswith("sqlite"):
        return (f"SQLite serves one worker; set DATABASE_URL to PostgreSQL to run {workers} "
                "workers (or set QMS_WORKERS=1).")
    return None


def instance_secret(instance: Path) -> str:
    """A per-installation secret kept in the instance folder, never in the repo."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def command_settings() -> dict[str, Any]:
    """The settings of a command, with the instance folder (where SQLite lives) made if
    missing."""
    settings = load_settings()
    Path(settings["QMS_INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    return settings
