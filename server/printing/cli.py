"""`qms kiosk-agent` (the print agent) and `qms device printer` (a kiosk's network printer)."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

import click

from server.config import command_settings


def _spec(ctx: click.Context, param: click.Parameter, value: str):
    from server.printing.printers import parse_printer

    try:
        return parse_printer(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@click.command("kiosk-agent")
@click.option("--server", required=True, help="The hall server, e.g. http://10.0.8.2:5000")
@click.option("--kiosk", "kiosk_id", type=int, required=True, help="The kiosk's device id")
@click.option("--token", default=None, help="The kiosk's device token")
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="A file holding the token (kept out of the process list)")
@click.option("--printer", required=True, callback=_spec,
              help="usb:VID:PID | serial:DEVICE[@BAUD] | file:PATH | network:HOST[:PORT]")
@click.option("--profile", default="default", show_default=True,
              help="python-escpos printer profile (for the status query)")
@click.option("--poll", "poll_seconds", type=float, default=30.0, show_default=True,
              help="Seconds between looks for missed jobs while all is well")
@click.option("--retry", "retry_seconds", type=float, default=5.0, show_default=True,
              help="Seconds between tries while the printer or the server has trouble")
def kiosk_agent(server: str, kiosk_id: int, token: str | None, token_file: Path | None,
                printer, profile: str, poll_seconds: float, retry_seconds: float) -> None:
    """Print this kiosk's tickets and guide papers on its local printer."""
    from server.printing.agent import AgentStop, KioskAgent

    if bool(token) == bool(token_file):
        raise click.UsageError("Give the kiosk's token with --token or --token-file.")
    token = token or token_file.read_text().strip()
    logging.basicConfig(level=logging.WARNING, force=True,
                        format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("qms.kiosk_agent").setLevel(logging.INFO)
    agent = KioskAgent(server=server, kiosk_id=kiosk_id, token=token, printer=printer,
                       profile=profile, poll_seconds=poll_seconds, retry_seconds=retry_seconds)
    signal.signal(signal.SIGTERM, lambda *_: agent.stop())
    signal.signal(signal.SIGINT, lambda *_: agent.stop())
    try:
        agent.run()
    except AgentStop as exc:
        click.echo(f"qms kiosk-agent: {exc}", err=True)
        sys.exit(2)
    finally:
        agent.stop()


@click.command("printer")
@click.argument("device_id", type=int)
@click.argument("printer")
def device_printer(device_id: int, printer: str) -> None:
    """Print a kiosk's papers from the server to PRINTER (network:HOST[:PORT]), or "none"
    to leave them to the kiosk's print agent."""
    from server.db import Database
    from server.devices.service import set_printer
    from server.errors import DomainError

    chosen = "" if printer.lower() in ("none", "agent", "") else printer
    try:
        with Database.from_settings(command_settings()).transaction() as session:
            device = set_printer(session=session, device_id=device_id, printer=chosen)
            shown = device.printer or "its print agent"
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Kiosk {device_id} prints via {shown}.")


def register(main: click.Group) -> None:
    main.add_command(kiosk_agent)
    device = main.commands.get("device")
    if isinstance(device, click.Group):
        device.add_command(device_printer)
