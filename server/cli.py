"""The `qms` command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from server.config import CONFIG_DIR, load_settings


def _settings() -> dict:
    """The settings, with the instance folder (where SQLite lives) made if missing."""
    settings = load_settings()
    Path(settings["QMS_INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    return settings


def _database():
    from server.db import Database

    settings = _settings()
    return Database(settings["DATABASE_URL"], busy_ms=settings["QMS_SQLITE_BUSY_MS"])


@click.group()
def main() -> None:
    """Hall queue and window dispatch server."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=None, type=int, help="gunicorn gevent workers")
@click.option("--dev", is_flag=True, help="Flask's development server instead of gunicorn")
def run(host: str, port: int, workers: int | None, dev: bool) -> None:
    """Serve the hall: gunicorn with config/gunicorn.py and gevent Socket.IO."""
    if dev:
        os.environ["SOCKETIO_ASYNC_MODE"] = "threading"
        from server import create_app
        from server.extensions import socketio

        app = create_app()
        socketio.run(app, host=host, port=port, debug=True, allow_unsafe_werkzeug=True)
        return
    os.environ["QMS_BIND"] = f"{host}:{port}"
    os.environ["SOCKETIO_ASYNC_MODE"] = "gevent"
    if workers is not None:
        os.environ["QMS_WORKERS"] = str(workers)
    args = [sys.executable, "-m", "gunicorn", "-c", str(CONFIG_DIR / "gunicorn.py"),
            "server.wsgi:app"]
    os.execv(sys.executable, args)


@main.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
@click.argument("revision", default="heads")
def db_upgrade(revision: str) -> None:
    """Migrate the schema to the newest revision."""
    from server.migrations import upgrade

    settings = _settings()
    upgrade(settings["DATABASE_URL"], revision)
    click.echo(f"Schema at {revision} on {settings['DATABASE_URL'].split('@')[-1]}")


@db.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Write a new migration from the models (autogenerate)."""
    from server.migrations import revision

    revision(_settings()["DATABASE_URL"], message)


@main.command()
@click.option("--password", default=None, help="Password for new demo accounts")
def demo(password: str | None) -> None:
    """Load the demo centers, windows, items and accounts (idempotent)."""
    from server.demo import load_demo

    password = password or load_settings()["QMS_DEMO_PASSWORD"] or None
    database = _database()
    with database.transaction() as session:
        accounts = load_demo(session=session, config_dir=CONFIG_DIR / "demo", password=password)
    click.echo("Demo centers loaded. Accounts:")
    for account in accounts:
        shown = account.password if account.password else "(exists; password unchanged)"
        click.echo(f"  {account.username:10} {account.role:8} {shown}")


@main.group()
def user() -> None:
    """Staff accounts."""


@user.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(["staff", "manager", "admin"]), default="staff")
@click.option("--password", required=True)
@click.option("--center", "centers", type=int, multiple=True, help="Center id (repeatable)")
def user_create(name: str, role: str, password: str, centers: tuple[int, ...]) -> None:
    """Create a staff member, manager or admin."""
    from server.accounts.service import create_user
    from server.errors import DomainError

    try:
        with _database().transaction() as session:
            created = create_user(session=session, username=name, password=password, role=role,
                                  center_ids=list(centers))
            click.echo(f"Created {role} {name} (id {created.id})")
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc


@main.group()
def device() -> None:
    """Kiosks, boards and pads."""


@device.command("create")
@click.option("--center", "center_id", type=int, required=True)
@click.option("--kind", type=click.Choice(["kiosk", "board", "pad", "counter"]), required=True)
@click.option("--name", required=True)
@click.option("--json", "as_json", is_flag=True)
def device_create(center_id: int, kind: str, name: str, as_json: bool) -> None:
    """Register a device and print its id and bearer token (shown once)."""
    import datetime as dt

    from server.accounts.service import create_device, issue_token
    from server.clock import utcnow
    from server.errors import DomainError

    days = load_settings()["QMS_DEVICE_TOKEN_TTL_DAYS"]
    try:
        with _database().transaction() as session:
            created = create_device(session=session, center_id=center_id, kind=kind, name=name)
            token = issue_token(session=session, now=utcnow(), ttl=dt.timedelta(days=days),
                                device_id=created.id)
            device_id = created.id
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    if as_json:
        click.echo(json.dumps({"id": device_id, "token": token}))
    else:
        click.echo(f"Device {device_id} ({kind} {name}); token: {token}")


def _optional_commands() -> None:
    """Commands that other areas bring (the kiosk print agent)."""
    from server.optional import import_optional

    for name in ("server.printing.cli", "server.booking.cli", "server.guides.cli"):
        module = import_optional(name)
        if module is not None:
            module.register(main)


_optional_commands()

from server.simulation.cli import register as _register_simulation  # noqa: E402

_register_simulation(main)


if __name__ == "__main__":
    main()
