"""The whole configuration of a city as one YAML document, written out and read back.

`export_config` writes departments, items, centers (settings, items served, windows),
accounts (never their passwords) and devices (never their tokens). `import_config`
creates what is new and updates what differs through the same domain functions as the
API (so the same checks, audit rows and refusals), and reports every change. A key it does
not know is an error, not a silent no-op; a change that would leave a waiting ticket
without a window refuses the whole file (one transaction).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts.models import Device, User
from server.admin import catalogue, halls, people
from server.audit import service as audit
from server.centers.models import Center, Department, Item
from server.errors import InvalidRequest
from server.events.service import Actor, Message
from server.windows.models import Window

COMMAND_LINE = Actor(role="admin")
ITEM_KEYS = ("code", "name", "name_en", "department", "field", "routing", "expected_minutes",
             "prefix", "on_the_spot", "materials", "related", "keywords")
WINDOW_KEYS = ("number", "kind", "group", "group_en", "fields", "department", "items")
USER_KEYS = ("username", "role", "display_name", "centers", "active", "password")
DEVICE_KEYS = ("center", "kind", "name", "printer")
CENTER_KEYS = ("code", *halls.CENTER_FIELDS, "items", "windows")


@dataclass
class Account:
    username: str
    role: str
    password: str | None  # None: the account existed; its password is unchanged


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    unchanged: int = 0

    def did(self, line: str) -> None:
        self.lines.append(line)


def export_config(*, session: Session) -> dict[str, Any]:
    departments = {d.id: d for d in session.scalars(select(Department).order_by(Department.code))}
    items = list(session.scalars(select(Item).order_by(Item.code)))
    codes = {i.id: i.code for i in items}
    centers = list(session.scalars(select(Center).order_by(Center.code)))
    center_codes = {c.id: c.code for c in centers}
    return {
        "departments": [{"code": d.code, "name": d.name, "name_en": d.name_en}
                        for d in departments.values()],
        "items": [{
            "code": i.code, "name": i.name, "name_en": i.name_en,
            "department": departments[i.department_id].code, "field": i.field,
            "routing": i.routing, "expected_minutes": i.expected_minutes, "prefix": i.prefix,
            "on_the_spot": i.on_the_spot, "materials": i.materials,
            "related": list(i.related_codes), "keywords": i.keywords,
        } for i in items],
        "centers": [{
            "code": c.code,
            **{k: getattr(c, k) for k in halls.CENTER_FIELDS},
            "items": sorted(codes[i] for i in halls.served_item_ids(session, c.id)),
            "windows": [{
                "number": w.number, "kind": w.kind, "group": w.group, "group_en": w.group_en,
                "fields": list(w.fields),
                "department": departments[w.department_id].code if w.department_id else None,
                "items": sorted(codes[i] for i in w.item_ids),
            } for w in halls._windows(session, c.id)],
        } for c in centers],
        "users": [{
            "username": u.username, "role": u.role, "display_name": u.display_name,
            "centers": sorted(center_codes[i] for i in u.center_ids), "active": u.active,
        } for u in session.scalars(select(User).order_by(User.username))],
        "devices": [{
            "center": center_codes[d.center_id], "kind": d.kind, "name": d.name,
            "printer": d.printer,
        } for d in session.scalars(select(Device).where(Device.revoked_at.is_(None))
                                   .order_by(Device.center_id, Device.id))],
    }


def _keys(row: Any, allowed: tuple[str, ...], where: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise InvalidRequest("{where}: expected a mapping, got {row!r}.", where=where, row=row)
    unknown = sorted(set(row) - set(allowed))
    if unknown:
        raise InvalidRequest("{where}: unknown key(s) {unknown}; known: {choices}.",
                             where=where, unknown=unknown, choices=list(allowed))
    return row


def _changed(obj: Any, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if getattr(obj, k) != v}


def import_config(
    *, session: Session, data: dict[str, Any], now: dt.datetime, actor: Actor = COMMAND_LINE,
    password: str | None = None,
) -> Report:
    """Apply a configuration; new accounts get their file's password, `password`, or a fresh
    random one each (reported)."""
    _keys(data, ("departments", "items", "centers", "users", "devices"), "the file")
    report = Report()
    _departments(session, data.get("departments") or [], actor, now, report)
    _items(session, data.get("items") or [], actor, now, report)
    for row in data.get("centers") or []:
        _center(session, _keys(row, CENTER_KEYS, f"center {row.get('code')!r}"), actor, now,
                report)
    _users(session, data.get("users") or [], actor, now, report, password)
    _devices(session, data.get("devices") or [], actor, now, report)
    return report


def _departments(session: Session, rows: list, actor: Actor, now: dt.datetime,
                 report: Report) -> None:
    for row in rows:
        row = _keys(row, ("code", "name", "name_en"), f"department {row.get('code')!r}")
        dep = session.scalar(select(Department).where(Department.code == row["code"]))
        if dep is None:
            catalogue.create_department(session=session, actor=actor, now=now, **row)
            report.did(f"created department {row['code']}")
            continue
        changes = _changed(dep, {k: v for k, v in row.items() if k != "code"})
        if not changes:
            report.unchanged += 1
            continue
        before = {k: getattr(dep, k) for k in changes}
        for key, value in changes.items():
            setattr(dep, key, value)
        audit.write(session, actor=actor, at=now, action="department.updated",
                    target="department", target_id=dep.id, summary=f"department {dep.code}",
                    before=before, after=changes)
        report.did(f"updated department {dep.code}: {', '.join(changes)}")


def _item_values(session: Session, row: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in row.items() if k not in ("department", "related")}
    if "department" in row:
        dep = session.scalar(select(Department).where(Department.code == row["department"]))
        if dep is None:
            raise InvalidRequest("item {code!r}: no department {department!r}.",
                                 code=row['code'], department=row['department'])
        values["department_id"] = dep.id
    return values


def _items(session: Session, rows: list, actor: Actor, now: dt.datetime,
           report: Report) -> None:
    rows = [_keys(r, ITEM_KEYS, f"item {r.get('code')!r}") for r in rows]
    for row in rows:
        values = _item_values(session, row)
        item = session.scalar(select(Item).where(Item.code == row["code"]))
        if item is None:
            catalogue.create_item(session=session, actor=actor, now=now, **values)
            report.did(f"created item {row['code']}")
            continue
        changes = _changed(item, values)
        if changes:
            _, messages = catalogue.update_item(session=session, actor=actor, now=now,
                                                item_id=item.id, **changes)
            report.messages += messages
            report.did(f"updated item {item.code}: {', '.join(changes)}")
        else:
            report.unchanged += 1
    ids = {code: id for id, code in session.execute(select(Item.id, Item.code))}
    for row in rows:
        if "related" not in row:
            continue
        item = session.get(Item, ids[row["code"]])
        missing = [c for c in row["related"] if c not in ids]
        if missing:
            raise InvalidRequest("item {code!r}: related items {missing} do not exist.",
                                 code=row['code'], missing=missing)
        if list(item.related_codes) != list(row["related"]):
            catalogue.update_item(session=session, actor=actor, now=now, item_id=item.id,
                                  related_item_ids=[ids[c] for c in row["related"]])
            report.did(f"updated item {item.code}: related")


def _chosen_items(rule: Any, session: Session, where: str) -> list[int]:
    """A list of item codes, or a rule: all, field:F, all_but_field:F."""
    items = {i.code: i for i in session.scalars(select(Item))}
    if isinstance(rule, list):
        missing = [c for c in rule if c not in items]
        if missing:
            raise InvalidRequest("{where}: no items {missing} in the catalogue.",
                                 where=where, missing=missing)
        return sorted(items[c].id for c in rule)
    kind, _, value = str(rule).partition(":")
    if rule == "all":
        return sorted(i.id for i in items.values())
    if kind == "field":
        return sorted(i.id for i in items.values() if i.field == value)
    if kind == "all_but_field":
        return sorted(i.id for i in items.values() if i.field != value)
    raise InvalidRequest("{where}: items are a list of codes, all, field:F or all_but_field:F; "
                         "not {rule!r}.", where=where, rule=rule)



def _center(session: Session, row: dict[str, Any], actor: Actor, now: dt.datetime,
            report: Report) -> None:
    settings = {k: v for k, v in row.items() if k in halls.CENTER_FIELDS}
    center = session.scalar(select(Center).where(Center.code == row["code"]))
    if center is None:
        center = halls.create_center(session=session, actor=actor, now=now, code=row["code"],
                                     **settings)
        report.did(f"created center {center.code}")
    else:
        was = halls.center_settings(center)
        center, messages = halls.update_center(session=session, actor=actor, now=now,
                                               center_id=center.id, **settings)
        _, after = audit.changes(was, halls.center_settings(center))
        report.messages += messages
        if after:
            report.did(f"updated center {center.code}: {', '.join(sorted(after))}")
        else:
            report.unchanged += 1
    if "items" in row:
        wanted = _chosen_items(row["items"], session, f"center {center.code}")
        if wanted != halls.served_item_ids(session, center.id):
            report.messages += halls.set_center_items(
                session=session, actor=actor, now=now, center_id=center.id, item_ids=wanted)
            report.did(f"set the items of center {center.code} ({len(wanted)})")
    codes = {i.code: i.id for i in session.scalars(select(Item))}
    deps = {d.code: d.id for d in session.scalars(select(Department))}
    for w in row.get("windows") or []:
        where = f"center {center.code} window {w.get('number')}"
        w = _keys(w, WINDOW_KEYS, where)
        values = {k: w[k] for k in ("number", "kind", "group", "group_en", "fields") if k in w}
        if "department" in w:
            if w["department"] is not None and w["department"] not in deps:
                raise InvalidRequest("{where}: no department {department!r}.",
                                     where=where, department=w['department'])
            values["department_id"] = deps.get(w["department"])
        item_ids = None
        if "items" in w:
            missing = [c for c in w["items"] if c not in codes]
            if missing:
                raise InvalidRequest("{where}: no items {missing} in the catalogue.",
                                     where=where, missing=missing)
            item_ids = sorted(codes[c] for c in w["items"])
        window = session.scalar(select(Window).where(
            Window.center_id == center.id, Window.number == w["number"],
            Window.retired_at.is_(None)))
        if window is None:
            _, messages = halls.create_window(session=session, actor=actor, now=now,
                                              center_id=center.id, item_ids=item_ids, **values)
            report.messages += messages
            report.did(f"created {where}")
            continue
        changes = _changed(window, values)
        if item_ids is not None and item_ids != window.item_ids:
            changes["item_ids"] = item_ids
        if not changes:
            report.unchanged += 1
            continue
        _, messages = halls.update_window(session=session, actor=actor, now=now,
                                          window_id=window.id, **changes)
        report.messages += messages
        report.did(f"updated {where}: {', '.join(changes)}")
    kept = sorted(set(w.number for w in halls._windows(session, center.id)) - {
        w["number"] for w in row.get("windows") or []})
    if "windows" in row and kept:
        report.did(f"kept windows {kept} of center {center.code}: not in the file "
                   "(retire them with DELETE /windows/ID)")


def _users(session: Session, rows: list, actor: Actor, now: dt.datetime, report: Report,
           password: str | None) -> None:
    centers = {c.code: c.id for c in session.scalars(select(Center))}
    for row in rows:
        row = _keys(row, USER_KEYS, f"user {row.get('username')!r}")
        missing = [c for c in row.get("centers", []) if c not in centers]
        if missing:
            raise InvalidRequest("user {username!r}: no centers {missing}.",
                                 username=row['username'], missing=missing)
        center_ids = sorted(centers[c] for c in row.get("centers", []))
        user = session.scalar(select(User).where(User.username == row["username"]))
        if user is None:
            chosen = row.get("password") or password or secrets.token_urlsafe(9)
            created = people.create_account(
                session=session, actor=actor, now=now, username=row["username"],
                password=chosen, role=row.get("role", "staff"), center_ids=center_ids,
                display_name=row.get("display_name", ""))
            if row.get("active") is False:
                people.update_account(session=session, actor=actor, now=now,
                                      user_id=created.id, active=False)
            report.accounts.append(Account(row["username"], created.role, chosen))
            report.did(f"created {created.role} {row['username']}")
            continue
        report.accounts.append(Account(user.username, row.get("role", user.role), None))
        values = {k: row[k] for k in ("role", "display_name", "active", "password") if k in row}
        if "centers" in row:
            values["center_ids"] = center_ids
        changes = {k: v for k, v in values.items()
                   if k == "password" or (user.center_ids if k == "center_ids"
                                          else getattr(user, k)) != v}
        if not changes:
            report.unchanged += 1
            continue
        _, messages = people.update_account(session=session, actor=actor, now=now,
                                            user_id=user.id, **changes)
        report.messages += messages
        report.did(f"updated user {user.username}: {', '.join(changes)}")


def _devices(session: Session, rows: list, actor: Actor, now: dt.datetime,
             report: Report) -> None:
    centers = {c.code: c.id for c in session.scalars(select(Center))}
    for row in rows:
        row = _keys(row, DEVICE_KEYS, f"device {row.get('name')!r}")
        if row["center"] not in centers:
            raise InvalidRequest("device {name!r}: no center {center!r}.",
                                 name=row['name'], center=row['center'])
        center_id = centers[row["center"]]
        device = session.scalar(select(Device).where(
            Device.center_id == center_id, Device.name == row["name"],
            Device.revoked_at.is_(None)))
        if device is None:
            device, _ = people.register_device(session=session, actor=actor, now=now,
                                               center_id=center_id, kind=row["kind"],
                                               name=row["name"], ttl=None)
            report.did(f"created {row['kind']} {row['name']} at {row['center']}")
        elif device.kind != row["kind"]:
            raise InvalidRequest("device {name!r} at {center} is a {kind}, not a {wanted}; "
                                 "revoke it and add a new one.", name=row["name"],
                                 center=row["center"], kind=device.kind, wanted=row["kind"])

        else:
            report.unchanged += 1
        if (row.get("printer") or "") != device.printer:
            from server.devices.service import set_printer

            was = device.printer
            set_printer(session=session, device_id=device.id, printer=row.get("printer") or "")
            audit.write(session, actor=actor, at=now, action="device.printer",
                        target="device", target_id=device.id, center_id=center_id,
                        summary=f"printer of {device.name}", before={"printer": was},
                        after={"printer": device.printer})
            report.did(f"set the printer of {device.name}")
