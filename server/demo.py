"""The demo city (config/demo): an import of its catalogue and centers files.

Loading it again changes only what differs from the files; accounts that exist keep
their passwords.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.admin.config_io import Account, import_config
from server.centers.models import Item
from server.clock import utcnow

DemoAccount = Account
FILES = ("catalogue.yaml", "centers.yaml")


def read_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def load_catalogue(*, session: Session, data: dict[str, Any],
                   now: dt.datetime | None = None) -> dict[str, Item]:
    """Departments and items only; the catalogue by code."""
    import_config(session=session, now=now or utcnow(),
                  data={k: data.get(k) or [] for k in ("departments", "items")})
    return {i.code: i for i in session.scalars(select(Item))}


def load_demo(
    *, session: Session, config_dir: Path, password: str | None = None,
    now: dt.datetime | None = None,
) -> list[Account]:
    """Load the demo city. New accounts get `password`, or a fresh random one each."""
    data: dict[str, list] = {}
    for name in FILES:
        for key, rows in read_yaml(config_dir / name).items():
            data[key] = data.get(key, []) + list(rows or [])
    report = import_config(session=session, data=data, now=now or utcnow(), password=password)
    return report.accounts
