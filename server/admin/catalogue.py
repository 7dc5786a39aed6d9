"""The city-wide catalogue: departments and items, with number prefixes that never collide."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.admin.common import new_code, require_admin
from server.audit import service as audit
from server.centers.models import ROUTINGS, Center, CenterItem, Department, Item
from server.errors import Conflict, InvalidRequest, NotFound
from server.events.service import Actor, Message, lock_center, record
from server.tickets.numbering import DEFAULT_PREFIX

PREFIX = re.compile(r"^[A-Z][A-Z0-9]{0,3}$")
ITEM_FIELDS = ("code", "name", "name_en", "department_id", "field", "routing",
               "expected_minutes", "prefix", "on_the_spot", "materials", "related_codes",
               "keywords")


def department_view(dep: Department) -> dict[str, Any]:
    return {"id": dep.id, "code": dep.code, "name": dep.name, "name_en": dep.name_en}


def item_view(item: Item) -> dict[str, Any]:
    return {"id": item.id, **{f: getattr(item, f) for f in ITEM_FIELDS}}


def list_catalogue(session: Session) -> tuple[list[Department], list[Item]]:
    """The city's departments and items, for the console (every manager reads them)."""
    deps = list(session.scalars(select(Department).order_by(Department.id)))
    items = list(session.scalars(select(Item).order_by(Item.id)))
    return deps, items


def create_department(
    *, session: Session, actor: Actor, now: dt.datetime, name: str, name_en: str = "",
    code: str | None = None,
) -> Department:
    require_admin(actor, "add a department")
    name = name.strip()
    if not name:
        raise InvalidRequest("A department needs a name.")
    if session.scalar(select(Department).where(Department.name == name)) is not None:
        raise Conflict("The department {name!r} exists already.", name=name)
    if code and session.scalar(select(Department).where(Department.code == code)) is not None:
        raise Conflict("The department code {code!r} is taken already.", code=code)
    dep = Department(code=code or new_code(session, Department, name_en, fallback="department"),
                     name=name, name_en=name_en.strip())
    session.add(dep)
    session.flush()
    audit.write(session, actor=actor, at=now, action="department.created", target="department",
                target_id=dep.id, summary=f"department {dep.code}", after=department_view(dep))
    return dep


def _prefixes_in_use(session: Session, *, except_item: int | None = None,
                     except_center: int | None = None) -> dict[str, str]:
    """Every number prefix of the city, with what uses it."""
    used: dict[str, str] = {}
    for item_id, code, prefix in session.execute(select(Item.id, Item.code, Item.prefix)):
        if item_id != except_item:
            used.setdefault(prefix or DEFAULT_PREFIX, f"item {code}")
    for center_id, code, prefix in session.execute(
            select(Center.id, Center.code, Center.reservation_prefix)):
        if center_id != except_center:
            used.setdefault(prefix, f"the reservations of center {code}")
    return used


def check_prefix(session: Session, prefix: str, *, except_item: int | None = None,
                 except_center: int | None = None) -> None:
    """Refuse a prefix that starts another one (or that another starts): with `A` and `A1`
    both in use, `A1001` could be either's number."""
    if not PREFIX.match(prefix):
        raise InvalidRequest("A number prefix is 1 to 4 capital letters or digits, starting "
                             "with a letter (like A or HB); not {prefix!r}.", prefix=prefix)
    for other, user in _prefixes_in_use(session, except_item=except_item,
                                        except_center=except_center).items():
        if other != prefix and (other.startswith(prefix) or prefix.startswith(other)):
            raise Conflict(
                "The number prefix {prefix!r} collides with {other!r} of {user}: {longer}001 "
                "could be a number of either. Choose a prefix that neither starts nor is "
                "started by another.", prefix=prefix, other=other, user=user,
                longer=max(other, prefix, key=len))



def _item_values(session: Session, values: dict[str, Any], item: Item | None) -> dict[str, Any]:
    out = dict(values)
    if "name" in out:
        out["name"] = out["name"].strip()
        if not out["name"]:
            raise InvalidRequest("An item needs a name.")
    if "department_id" in out and session.get(Department, out["department_id"]) is None:
        raise InvalidRequest("There is no department {department}; add it first "
                             "(POST /departments).", department=out["department_id"])
    if "routing" in out and out["routing"] not in ROUTINGS:
        raise InvalidRequest("An item's routing is {choices}, not {routing!r}.",
                             choices=list(ROUTINGS), routing=out["routing"])

    if "expected_minutes" in out and not 1 <= out["expected_minutes"] <= 480:
        raise InvalidRequest("Expected minutes are between 1 and 480.")
    if "related_item_ids" in out:
        ids = out.pop("related_item_ids")
        found = {i.id: i.code for i in session.scalars(select(Item).where(Item.id.in_(ids)))}
        missing = sorted(set(ids) - set(found))
        if missing:
            raise InvalidRequest("Related items {missing} do not exist.", missing=missing)
        out["related_codes"] = [found[i] for i in ids]
    if "prefix" in out:
        out["prefix"] = (out["prefix"] or "").strip().upper()
        check_prefix(session, out["prefix"] or DEFAULT_PREFIX,
                     except_item=item.id if item else None)
    if "code" in out and out["code"] != (item.code if item else None) and session.scalar(
            select(Item.id).where(Item.code == out["code"])) is not None:
        raise Conflict("The item code {code!r} is taken already.", code=out['code'])
    return out


def create_item(*, session: Session, actor: Actor, now: dt.datetime, **values: Any) -> Item:
    require_admin(actor, "add an item to the catalogue")
    values = _item_values(session, {"prefix": "", **values}, None)
    if session.scalar(select(Item).where(Item.name == values["name"],
                                         Item.department_id == values["department_id"])):
        raise Conflict("The department has an item {name!r} already.", name=values['name'])
    if not values.get("code"):
        values["code"] = new_code(session, Item, values.get("name_en", ""), fallback="item")
    values.setdefault("field", "general")
    item = Item(**values)
    session.add(item)
    session.flush()
    audit.write(session, actor=actor, at=now, action="item.created", target="item",
                target_id=item.id, summary=f"item {item.code}", after=item_view(item))
    return item


def get_item(session: Session, item_id: int) -> Item:
    item = session.get(Item, item_id)
    if item is None:
        raise NotFound("There is no item {item_id}.", item_id=item_id)
    return item


def update_item(
    *, session: Session, actor: Actor, now: dt.datetime, item_id: int, **values: Any
) -> tuple[Item, list[Message]]:
    """Change an item; the centers serving it hear `center.changed` (kiosks show its names)."""
    require_admin(actor, "change the catalogue")
    item = get_item(session, item_id)
    values = _item_values(session, values, item)
    was = item_view(item)
    for key, value in values.items():
        setattr(item, key, value)
    session.flush()
    before, after = audit.changes(was, item_view(item))
    if not after:
        return item, []
    audit.write(session, actor=actor, at=now, action="item.updated", target="item",
                target_id=item.id, summary=f"item {item.code}: {', '.join(after)}",
                before=before, after=after)
    centers = session.scalars(select(CenterItem.center_id).where(CenterItem.item_id == item.id))
    return item, [center_changed(session, center_id, actor=actor, now=now, what=["items"])
                  for center_id in sorted(set(centers))]


def center_changed(session: Session, center_id: int, *, actor: Actor, now: dt.datetime,
                   what: list[str]) -> Message:
    """Tell a center's screens that its settings or items changed (they refetch them)."""
    center = lock_center(session, center_id)
    return record(session, center=center, type="center.changed", at=now, actor=actor,
                  data={"changed": what})
