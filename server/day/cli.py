"""`qms day close` closes the days that are due (or one given day); `qms reports rebuild`
writes the stored figures of a range of days again from the event log."""

from __future__ import annotations

import datetime as dt

import click


def register(main: click.Group) -> None:
    main.add_command(day)
    main.add_command(reports)


def _database():
    """The settings' database; what it commits reaches the screens through the message queue,
    when the servers share one."""
    from server.config import command_settings
    from server.db import Database
    from server.events.service import MESSAGES

    settings = command_settings()
    database = Database.from_settings(settings)
    if settings["SOCKETIO_MESSAGE_QUEUE"]:
        from server.extensions import socketio
        from server.realtime import emit_messages

        socketio.init_app(None, message_queue=settings["SOCKETIO_MESSAGE_QUEUE"],
                          channel=settings["SOCKETIO_CHANNEL"])
        database.on_commit[MESSAGES] = emit_messages
    return database


@click.group()
def day() -> None:
    """A center's day: its close."""


@day.command("close")
@click.option("--center", "center_id", type=int, default=None, help="Only this center")
@click.option("--day", "day_", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Close this day now, even before its closing time (YYYY-MM-DD)")
def close_command(center_id: int | None, day_: dt.datetime | None) -> None:
    """Cancel what is left of the days whose closing time passed, lapse their bookings, tell
    the screens and store the day's figures. The server does this by itself every minute."""
    from sqlalchemy import select

    from server.centers.models import Center
    from server.clock import utcnow
    from server.day.close import close_day
    from server.day.task import close_due

    database, now = _database(), utcnow()
    if day_ is None:
        closed = close_due(database, now=now,
                           center_ids=[center_id] if center_id else None)
    else:
        with database.read() as session:
            ids = [center_id] if center_id else list(session.scalars(select(Center.id)))
        closed = []
        for cid in ids:
            with database.transaction() as session:
                closed.append(close_day(session=session, center_id=cid, day=day_.date(),
                                        now=now))
    for c in closed:
        state = "closed" if c.closed else "already closed"
        click.echo(f"center {c.center_id} {c.day.isoformat()}: {state}; {c.cancelled} "
                   f"ticket(s) cancelled, {c.lapsed} booking(s) lapsed")
    if not closed:
        click.echo("No day is due to close.")


@click.group()
def reports() -> None:
    """The reports' stored daily figures."""


@reports.command("rebuild")
@click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--center", "center_id", type=int, default=None, help="Only this center")
def rebuild_command(first: dt.datetime, last: dt.datetime, center_id: int | None) -> None:
    """Write the figures of these days again from the event log (after a backfill, or for
    history from before the figures were kept). Today and later days stay live."""
    from sqlalchemy import select

    from server.centers.models import Center
    from server.centers.service import local_day
    from server.clock import utcnow
    from server.events.service import lock_center
    from server.reports.daily import store_days

    database, now = _database(), utcnow()
    with database.read() as session:
        centers = [(c.id, local_day(c, now)) for c in session.scalars(select(Center))
                   if center_id is None or c.id == center_id]
    for cid, today in centers:
        days = 0
        day = first.date()
        while day <= last.date() and day < today:
            with database.transaction() as session:
                store_days(session, lock_center(session, cid), [day], now=now)
            day += dt.timedelta(days=1)
            days += 1
        click.echo(f"center {cid}: {days} day(s) rebuilt")
