"""Loading the demo city (catalogue, centers, windows, accounts) from config/demo.

Idempotent: what exists (by code, number or name) is left as it is.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts.models import Device, User
from server.accounts.service import create_device, create_user
from server.centers.models import Center, CenterItem, Department, Item
from server.windows.models import Window, WindowItem
from server.windows.service import routed_item_ids

CENTER_FIELDS = (
    "name", "name_en", "timezone", "hours", "allow_outside_hours", "grace_minutes",
    "max_wait_minutes", "target_wait_minutes", "recall_limit", "priority_classes",
    "reservation_prefix", "slot_minutes", "slot_capacity",
)


@dataclass
class DemoAccount:
    username: str
    role: str
    password: str | None  # None: it existed already, its password unchanged


def read_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def load_catalogue(*, session: Session, data: dict[str, Any]) -> dict[str, Item]:
    departments = {d.code: d for d in session.scalars(select(Department))}
    for row in data.get("departments", []):
        if row["code"] not in departments:
            dep = Department(code=row["code"], name=row["name"], name_en=row.get("name_en", ""))
            session.add(dep)
            departments[row["code"]] = dep
    session.flush()
    items = {i.code: i for i in session.scalars(select(Item))}
    for row in data.get("items", []):
        if row["code"] in items:
            continue
        item = Item(
            code=row["code"], name=row["name"], name_en=row.get("name_en", ""),
            department_id=departments[row["department"]].id, field=row["field"],
            routing=row.get("routing", "comprehensive"),
            expected_minutes=row.get("expected_minutes", 10), prefix=row.get("prefix", ""),
            on_the_spot=row.get("on_the_spot", False), materials=row.get("materials", []),
            related_codes=row.get("related", []), keywords=row.get("keywords", ""),
        )
        session.add(item)
        items[row["code"]] = item
    session.flush()
    return items


def _chosen_items(rule: str | list[str], items: dict[str, Item]) -> list[Item]:
    if isinstance(rule, list):
        return [items[c] for c in rule]
    if rule == "all":
        return list(items.values())
    kind, _, value = rule.partition(":")
    if kind == "field":
        return [i for i in items.values() if i.field == value]
    if kind == "all_but_field":
        return [i for i in items.values() if i.field != value]
    raise ValueError(f"unknown item rule {rule!r}")


def load_center(*, session: Session, data: dict[str, Any], items: dict[str, Item]) -> Center:
    center = session.scalar(select(Center).where(Center.code == data["code"]))
    if center is not None:
        return center
    center = Center(code=data["code"], **{k: data[k] for k in CENTER_FIELDS if k in data})
    session.add(center)
    session.flush()
    for item in _chosen_items(data.get("items", "all"), items):
        session.add(CenterItem(center_id=center.id, item_id=item.id))
    session.flush()
    departments = {d.code: d.id for d in session.scalars(select(Department))}
    for row in data.get("windows", []):
        window = Window(
            center_id=center.id, number=row["number"], kind=row["kind"],
            group=row.get("group", ""), group_en=row.get("group_en", ""),
            fields=row.get("fields", []),
            department_id=departments[row["department"]] if row.get("department") else None,
            state="closed",
        )
        session.add(window)
        session.flush()
        ids = (
            [items[c].id for c in row["items"]]
            if "items" in row
            else routed_item_ids(session=session, window=window)
        )
        window.items = [WindowItem(item_id=i) for i in ids]
    session.flush()
    return center


def load_demo(
    *, session: Session, config_dir: Path, password: str | None = None
) -> list[DemoAccount]:
    """Load the demo city. New accounts get `password`, or a fresh random one each."""
    items = load_catalogue(session=session, data=read_yaml(config_dir / "catalogue.yaml"))
    city = read_yaml(config_dir / "centers.yaml")
    centers = {
        row["code"]: load_center(session=session, data=row, items=items)
        for row in city.get("centers", [])
    }
    accounts = []
    for row in city.get("users", []):
        if session.scalar(select(User).where(User.username == row["username"])) is not None:
            accounts.append(DemoAccount(row["username"], row["role"], None))
            continue
        chosen = password or secrets.token_urlsafe(9)
        create_user(
            session=session, username=row["username"], password=chosen, role=row["role"],
            center_ids=[centers[c].id for c in row.get("centers", [])],
            display_name=row.get("display_name", ""),
        )
        accounts.append(DemoAccount(row["username"], row["role"], chosen))
    for row in city.get("devices", []):
        center = centers[row["center"]]
        exists = session.scalar(
            select(Device).where(Device.center_id == center.id, Device.name == row["name"])
        )
        if exists is None:
            create_device(session=session, center_id=center.id, kind=row["kind"],
                          name=row["name"])
    return accounts
