"""`qms booking ...`: lapse no-shows and erase old personal data now; read the reminder outbox."""

from __future__ import annotations

import json

import click

from server.config import command_settings, load_settings


def register(main: click.Group) -> None:
    main.add_command(booking)


@click.group()
def booking() -> None:
    """Bookings: the no-show sweep and the reminder outbox."""


@booking.command("sweep")
def sweep_command() -> None:
    """Lapse bookings not checked in by the end of their grace period; erase names and phones
    whose visit day and retention are over. The server does this by itself every minute."""
    from server.booking.sweeper import sweep
    from server.clock import utcnow
    from server.db import Database

    swept = sweep(Database.from_settings(command_settings()), now=utcnow(),
                  retention_days=load_settings()["QMS_BOOKING_RETENTION_DAYS"])
    click.echo(f"{swept.no_shows} booking(s) lapsed as no-shows; "
               f"{swept.erased} booking(s) had their name and phone erased.")


@booking.command("outbox")
@click.option("--limit", default=100, show_default=True, help="At most this many texts")
@click.option("--mark-sent", is_flag=True, help="Mark the texts shown as sent")
def outbox_command(limit: int, mark_sent: bool) -> None:
    """Print the texts due now, one JSON object a line (for an SMS adapter or a person)."""
    from server.booking import outbox
    from server.clock import utcnow
    from server.db import Database

    now = utcnow()
    with Database.from_settings(command_settings()).transaction() as session:
        due = outbox.due(session=session, now=now, limit=limit)
        for message in due:
            click.echo(json.dumps({
                "id": message.id, "kind": message.kind, "phone": message.phone,
                "send_at": message.send_at.isoformat(), "text": message.text,
                "text_en": message.text_en, **message.data,
            }, ensure_ascii=False))
        if mark_sent:
            outbox.mark_sent(session=session, ids=[m.id for m in due], now=now)
