"""`qms guides check`: load the funnel guides against the catalogue and say what is wrong."""

from __future__ import annotations

from pathlib import Path

import click


def register(main: click.Group) -> None:
    main.add_command(guides)


@click.group()
def guides() -> None:
    """The funnel guides (config/guides)."""


@guides.command("check")
@click.option("--dir", "directory", type=click.Path(path_type=Path), default=None,
              help="The guides folder; QMS_GUIDES_DIR when not given")
def check(directory: Path | None) -> None:
    """Check every guide against the item catalogue in the database; exit 1 on a fault."""
    from server.config import command_settings
    from server.db import Database
    from server.guides.service import catalogue
    from server.guides.trees import load_directory

    folder = directory or Path(command_settings()["QMS_GUIDES_DIR"])
    with Database.from_settings(command_settings()).read() as session:
        codes = catalogue(session=session).keys()
    if not codes:
        raise click.ClickException("The catalogue is empty: load it first (qms demo).")
    loaded = load_directory(folder, known_items=codes)
    for guide in loaded.ordered():
        stats = guide.stats()
        click.echo(f"ok      {guide.id:16} {stats.formats:3} formats {stats.scenarios:3} "
                   f"scenarios {len(stats.items):2} items  ({guide.source})")
    for error in loaded.errors:
        click.echo(f"refused {error}", err=True)
    if loaded.errors:
        raise SystemExit(1)
    if not loaded.guides:
        raise click.ClickException(f"No guides in {folder}.")
