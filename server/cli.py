"""The `qms` command line."""

from __future__ import annotations

import json
import os
import sys

import click
from sqlalchemy import select

from server.admin import cli as admin_cli
from server.booking import cli as booking_cli
from server.config import (
    CONFIG_DIR,
    GUNICORN_CONFIG,
    command_settings,
    load_settings,
    workers_refused,
)
from server.day import cli as day_cli
from server.db import Database
from server.guides import cli as guides_cli
from server.printing import cli as printing_cli
from server.simulation import cli as simulation_cli


def _database() -> Database:
    return Database.from_settings(command_settings())


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
    refused = workers_refused(load_settings())
    if refused:
        raise click.ClickException(refused)
    args = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG),
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

    settings = command_settings()
    upgrade(settings["DATABASE_URL"], revision)
    click.echo(f"Schema at {revision} on {settings['DATABASE_URL'].split('@')[-1]}")


@db.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Write a new migration from the models (autogenerate)."""
    from server.migrations import revision

    revision(command_settings()["DATABASE_URL"], message)


@main.command()
@click.option("--password", default=None, help="Password for new demo accounts")
def demo(password: str | None) -> None:
    """Load the demo centers, windows, items and accounts (an import of config/demo)."""
    from server.accounts.models import User
    from server.demo import load_demo

    password = password or load_settings()["QMS_DEMO_PASSWORD"] or None
    database = _database()
    with database.transaction() as session:
        accounts = load_demo(session=session, config_dir=CONFIG_DIR / "demo", password=password)
        works_at = {a.username: _works_at(session.scalar(
            select(User).where(User.username == a.username))) for a in accounts}
    click.echo("Demo centers loaded. Accounts (user, role, password, where they work):")
    for account in accounts:
        shown = account.password or "(exists; password unchanged)"
        click.echo(f"  {account.username:10} {account.role:8} {shown:28} "
                   f"{works_at[account.username]}")
    click.echo("A password is printed once, when its account is made; to set a new one: "
               "qms user password NAME")



def _works_at(user) -> str:
    """Where a demo account works, with the center ids the pages' addresses use."""
    if user.role == "admin":
        return "every center (admin)"
    return ", ".join(f"center {c.id} {c.name_en or c.name}"
                     for c in sorted(user.centers, key=lambda c: c.id)) or "no center"


@main.group()
def user() -> None:
    """Staff accounts."""


@user.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(["staff", "manager", "admin"]), default="staff")
@click.option("--password", required=True)
@click.option("--center", "centers", type=int, multiple=True,
              help="Center id (repeatable); required for staff and managers")
def user_create(name: str, role: str, password: str, centers: tuple[int, ...]) -> None:
    """Create a staff member, manager (both at --center) or admin (city-wide)."""
    if role != "admin" and not centers:
        raise click.UsageError(f"A {role} works at a center: give --center ID.")
    from server.accounts.service import create_user
    from server.errors import DomainError

    try:
        with _database().transaction() as session:
            created = create_user(session=session, username=name, password=password, role=role,
                                  center_ids=list(centers))
            click.echo(f"Created {role} {name} (id {created.id})")
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc


@user.command("password")
@click.argument("name")
@click.option("--password", default=None, help="The new password (else a random one)")
def user_password(name: str, password: str | None) -> None:
    """Set a new password for an account and print it; its signed-in sessions end."""
    import secrets

    from server.accounts.models import User
    from server.admin.config_io import COMMAND_LINE
    from server.admin.people import update_account
    from server.clock import utcnow
    from server.errors import DomainError

    chosen = password or secrets.token_urlsafe(9)
    try:
        with _database().transaction() as session:
            user = session.scalar(select(User).where(User.username == name))
            if user is None:
                raise click.ClickException(f"There is no account {name!r}.")
            update_account(session=session, actor=COMMAND_LINE, now=utcnow(), user_id=user.id,
                           password=chosen)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"New password of {name}: {chosen}")


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


@device.command("token")
@click.argument("device_id", type=int)
@click.option("--json", "as_json", is_flag=True)
def device_token(device_id: int, as_json: bool) -> None:
    """A new bearer token for a registered device (its old tokens keep working until they
    expire). Open a kiosk's or pad's page once with ?device=TOKEN to set it up."""
    import datetime as dt

    from server.accounts.models import Device
    from server.accounts.service import issue_token
    from server.clock import utcnow

    days = load_settings()["QMS_DEVICE_TOKEN_TTL_DAYS"]
    with _database().transaction() as session:
        if session.get(Device, device_id) is None:
            raise click.ClickException(f"There is no device {device_id}.")
        token = issue_token(session=session, now=utcnow(), ttl=dt.timedelta(days=days),
                            device_id=device_id)
    click.echo(json.dumps({"id": device_id, "token": token}) if as_json else token)


for area in (printing_cli, booking_cli, guides_cli, admin_cli, day_cli, simulation_cli):
    area.register(main)

if __name__ == "__main__":
    main()
