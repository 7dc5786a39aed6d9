"""`qms config export` and `qms config import FILE...`: a city's configuration as YAML."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import yaml


def register(main: click.Group) -> None:
    main.add_command(config)


@click.group()
def config() -> None:
    """The whole configuration: catalogue, centers, windows, accounts, devices."""


@config.command("export")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write to this file instead of standard output")
def export(output: Path | None) -> None:
    """Write the configuration as YAML (no passwords, no device tokens)."""
    from server.admin.config_io import export_config
    from server.config import command_settings
    from server.db import Database

    with Database.from_settings(command_settings()).read() as session:
        text = yaml.safe_dump(export_config(session=session), allow_unicode=True,
                              default_flow_style=None, sort_keys=False, width=100)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}")


def read_files(paths: tuple[Path, ...]) -> dict:
    """The files' mappings merged in order; lists of the same key add up."""
    merged: dict = {}
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise click.ClickException(f"{path} does not hold a mapping.")
        for key, value in data.items():
            merged[key] = merged.get(key, []) + list(value or [])
    return merged


@config.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--password", default=None, help="Password of new accounts without one")
def import_(files: tuple[Path, ...], password: str | None) -> None:
    """Create and update from YAML; report every change. All or nothing."""
    from server.admin.config_io import import_config
    from server.clock import utcnow
    from server.config import command_settings
    from server.db import Database
    from server.errors import DomainError

    try:
        with Database.from_settings(command_settings()).transaction() as session:
            report = import_config(session=session, data=read_files(files), now=utcnow(),
                                   password=password)
    except DomainError as exc:
        raise click.ClickException(f"Nothing was changed: {exc.message}") from exc
    for line in report.lines:
        click.echo(line)
    click.echo(f"{len(report.lines)} change(s), {report.unchanged} unchanged.")
    for account in report.accounts:
        if account.password:
            click.echo(f"  new account {account.username:10} {account.role:8} "
                       f"{account.password}")
