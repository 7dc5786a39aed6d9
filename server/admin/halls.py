"""Centers and their windows: settings, the items served, windows added, changed and retired.

Every change is applied inside the caller's transaction and checked afterwards against
the line: a change that would leave a waiting ticket with no window to call it is
refused, and the transaction (so the whole change) rolls back.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.admin.catalogue import center_changed, check_prefix
from server.admin.common import new_code, require_admin, require_manages
from server.audit import service as audit
from server.centers.models import Center, CenterItem, Department, Item
from server.centers.service import WEEKDAYS, local_day
from server.errors import Conflict, InvalidRequest, NotFound
from server.events.service import Actor, Message, lock_center
from server.tickets.models import OPEN_STATES, Ticket
from server.windows import service as windows
from server.windows.models import KINDS, Window, WindowItem

# The settings a center has, besides its code, and the range of each number.
CENTER_FIELDS = (
    "name", "name_en", "address", "timezone", "hours", "special_days", "allow_outside_hours",
    "grace_minutes", "max_wait_minutes", "target_wait_minutes", "recall_limit",
    "priority_classes", "reservation_prefix", "slot_minutes", "slot_capacity", "notice",
)
RANGES = {"grace_minutes": (0, 240), "max_wait_minutes": (1, 1440),
          "target_wait_minutes": (1, 1440), "recall_limit": (0, 10), "slot_minutes": (5, 240),
          "slot_capacity": (1, 1000)}
WINDOW_FIELDS = ("number", "kind", "group", "group_en", "fields", "department_id")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
_CLASS = re.compile(r"^[a-z][a-z0-9_]{0,29}$")


def center_settings(center: Center) -> dict[str, Any]:
    return {"id": center.id, "code": center.code,
            **{f: getattr(center, f) for f in CENTER_FIELDS}}


def _span(raw: Any, what: str) -> list[str] | None:
    """["08:30", "17:00"] (or [["08:30", "17:00"]]); null or [] for a closed day."""
    if raw in (None, [], ""):
        return None
    if isinstance(raw, list) and len(raw) == 1 and isinstance(raw[0], list):
        raw = raw[0]
    elif isinstance(raw, list) and raw and all(isinstance(r, list) for r in raw):
        raise InvalidRequest("{what}: one opening span a day (like [\"08:30\", \"17:00\"]); a "
                             "lunch break is not supported yet.", what=what)
    if not (isinstance(raw, list) and len(raw) == 2 and all(
            isinstance(t, str) and _TIME.match(t) for t in raw)):
        raise InvalidRequest("{what}: give the opening and closing time as [\"HH:MM\", "
                             "\"HH:MM\"], not {raw!r}.", what=what, raw=raw)
    if raw[0] >= raw[1]:
        raise InvalidRequest("{what}: it opens at {opens}, so it closes later than that.",
                             what=what, opens=raw[0])
    return list(raw)


def _hours(raw: Any) -> dict[str, list[str]]:
    if not isinstance(raw, dict):
        raise InvalidRequest(
            'Opening hours map weekdays to a span: {{"mon": ["08:30", "17:00"]}}.')
    unknown = sorted(set(raw) - set(WEEKDAYS))
    if unknown:
        raise InvalidRequest("Opening hours: {unknown} are not weekdays; use {choices}.",
                             unknown=unknown, choices=list(WEEKDAYS))
    hours = {day: _span(raw[day], f"Opening hours on {day}") for day in WEEKDAYS if day in raw}
    return {day: span for day, span in hours.items() if span}


def _special_days(raw: Any) -> dict[str, list[str] | None]:
    """{"2026-10-01": null} closes a holiday; {"2026-10-10": ["09:00", "17:00"]} opens a
    make-up working day."""
    if not isinstance(raw, dict):
        raise InvalidRequest('Special days map dates to a span or null: {{"2026-10-01": null}}.')
    out = {}
    for day, span in raw.items():
        try:
            key = dt.date.fromisoformat(str(day)).isoformat()
        except ValueError:
            raise InvalidRequest("Special days: {day!r} is not a date (YYYY-MM-DD).",
                                 day=day) from None
        out[key] = _span(span, f"Special day {key}")
    return dict(sorted(out.items()))


def _center_values(session: Session, values: dict[str, Any], center: Center | None) -> dict:
    out = {k: v for k, v in values.items() if k in CENTER_FIELDS or k == "code"}
    for key in ("name", "name_en", "address", "notice"):
        if key in out:
            out[key] = (out[key] or "").strip()
    if "name" in out and not out["name"]:
        raise InvalidRequest("A center needs a name.")
    if "name" in out:
        same = session.scalar(select(Center.id).where(Center.name == out["name"]))
        if same is not None and (center is None or same != center.id):
            raise Conflict("There is a center named {name!r} already.", name=out['name'])
    if "code" in out and (center is None or out["code"] != center.code) and session.scalar(
            select(Center.id).where(Center.code == out["code"])) is not None:
        raise Conflict("The center code {code!r} is taken already.", code=out['code'])
    if "timezone" in out:
        try:
            ZoneInfo(out["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidRequest("{timezone!r} is not a time zone; use a name like "
                                 "Asia/Shanghai.", timezone=out["timezone"]) from None
    if "hours" in out:
        out["hours"] = _hours(out["hours"])
    if "special_days" in out:
        out["special_days"] = _special_days(out["special_days"])
    for key, (low, high) in RANGES.items():
        if key in out and not (isinstance(out[key], int) and low <= out[key] <= high):
            raise InvalidRequest("{key} is a whole number from {low} to {high}.",
                                 key=key, low=low, high=high)
    if "priority_classes" in out:
        bad = [c for c in out["priority_classes"] if not _CLASS.match(str(c))]
        if bad:
            raise InvalidRequest("Priority classes are lowercase words like elderly or "
                                 "disabled; not {bad}.", bad=bad)
        out["priority_classes"] = list(dict.fromkeys(out["priority_classes"]))
    if "reservation_prefix" in out:
        out["reservation_prefix"] = out["reservation_prefix"].strip().upper()
        check_prefix(session, out["reservation_prefix"],
                     except_center=center.id if center else None)
    return out


def get_center(session: Session, center_id: int) -> Center:
    center = session.get(Center, center_id)
    if center is None:
        raise NotFound("There is no center {center_id}.", center_id=center_id)
    return center


def create_center(*, session: Session, actor: Actor, now: dt.datetime, **values: Any) -> Center:
    require_admin(actor, "open a new center")
    values = _center_values(session, values, None)
    values.setdefault("reservation_prefix", "R")
    check_prefix(session, values["reservation_prefix"])
    if not values.get("code"):
        values["code"] = new_code(session, Center, values.get("name_en", ""), fallback="center")
    center = Center(**{"hours": {}, "special_days": {}, "priority_classes": [], **values})
    session.add(center)
    session.flush()
    audit.write(session, actor=actor, at=now, action="center.created", target="center",
                target_id=center.id, center_id=center.id, summary=f"center {center.code}",
                after=center_settings(center))
    return center


def update_center(
    *, session: Session, actor: Actor, now: dt.datetime, center_id: int, **values: Any
) -> tuple[Center, list[Message]]:
    """Change any setting; the notice goes out as `center.notice`, the rest as `center.changed`."""
    require_manages(actor, center_id)
    center = lock_center(session, center_id)
    values = _center_values(session, values, center)
    was = center_settings(center)
    for key, value in values.items():
        setattr(center, key, value)
    session.flush()
    before, after = audit.changes(was, center_settings(center))
    messages: list[Message] = []
    if "notice" in after:
        from server.events.service import record

        messages.append(record(session, center=center, type="center.notice", at=now,
                               actor=actor, data={"notice": center.notice}))
        before.pop("notice")
        after.pop("notice")
    if after:
        audit.write(session, actor=actor, at=now, action="center.updated", target="center",
                    target_id=center.id, center_id=center.id,
                    summary=f"center {center.code}: {', '.join(after)}", before=before,
                    after=after)
        messages.append(center_changed(session, center.id, actor=actor, now=now,
                                       what=sorted(after)))
    return center, messages


def served_item_ids(session: Session, center_id: int) -> list[int]:
    return sorted(session.scalars(
        select(CenterItem.item_id).where(CenterItem.center_id == center_id)))


def set_center_items(
    *, session: Session, actor: Actor, now: dt.datetime, center_id: int, item_ids: list[int]
) -> list[Message]:
    """Which catalogue items a center serves. An item dropped leaves its windows too."""
    require_manages(actor, center_id)
    lock_center(session, center_id)
    wanted = set(item_ids)
    known = set(session.scalars(select(Item.id).where(Item.id.in_(wanted))))
    if wanted - known:
        raise InvalidRequest("Items {items} are not in the catalogue.",
                             items=sorted(wanted - known))
    was = served_item_ids(session, center_id)
    for row in session.scalars(select(CenterItem).where(CenterItem.center_id == center_id)):
        if row.item_id not in wanted:
            session.delete(row)
    for item_id in sorted(wanted - set(was)):
        session.add(CenterItem(center_id=center_id, item_id=item_id))
    session.flush()
    messages = []
    dropped = set(was) - wanted
    for window in _windows(session, center_id):
        if dropped & set(window.item_ids):
            messages += windows.set_items(
                session=session, window_id=window.id, actor=actor, now=now,
                item_ids=[i for i in window.item_ids if i not in dropped])[1]
    check_open_tickets(session, center_id, now)
    if set(was) != wanted:
        audit.write(session, actor=actor, at=now, action="center.items", target="center",
                    target_id=center_id, center_id=center_id,
                    summary=f"center {center_id}: +{sorted(wanted - set(was))} "
                            f"-{sorted(dropped)}",
                    before={"item_ids": was}, after={"item_ids": sorted(wanted)})
        messages.append(center_changed(session, center_id, actor=actor, now=now,
                                       what=["items"]))
    return messages


def _windows(session: Session, center_id: int, *, retired: bool = False) -> list[Window]:
    query = select(Window).where(Window.center_id == center_id).order_by(Window.number)
    return list(session.scalars(query.where(
        Window.retired_at.is_not(None) if retired else Window.retired_at.is_(None))))


def check_open_tickets(session: Session, center_id: int, now: dt.datetime) -> None:
    """Refuse (roll back) a change after which a ticket of today's line has no window left."""
    center = session.get(Center, center_id)
    served = set(session.scalars(
        select(WindowItem.item_id).join(Window).join(
            CenterItem, (CenterItem.item_id == WindowItem.item_id)
            & (CenterItem.center_id == Window.center_id))
        .where(Window.center_id == center_id, Window.retired_at.is_(None))))
    live = set(session.scalars(select(Window.id).where(
        Window.center_id == center_id, Window.retired_at.is_(None))))
    stranded = [
        number for number, item_id, target in session.execute(
            select(Ticket.number, Ticket.item_id, Ticket.target_window_id)
            .where(Ticket.center_id == center_id, Ticket.state == "waiting",
                   Ticket.day == local_day(center, now))
            .order_by(Ticket.queued_at))
        if (target not in live if target is not None else item_id not in served)
    ]
    if stranded:
        shown = ", ".join(stranded[:5]) + (" ..." if len(stranded) > 5 else "")
        raise Conflict("This would leave {count} waiting ticket(s) ({shown}) with no window to "
                       "call them; serve them first or keep a window for their item.",
                       count=len(stranded), shown=shown, detail={"tickets": stranded})


def _window_values(session: Session, center_id: int, values: dict[str, Any],
                   window: Window | None) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if k in WINDOW_FIELDS}
    if "number" in out:
        if not 1 <= out["number"] <= 999:
            raise InvalidRequest("A window number is from 1 to 999.")
        same = session.scalar(select(Window).where(
            Window.center_id == center_id, Window.number == out["number"],
            Window.retired_at.is_(None)))
        if same is not None and (window is None or same.id != window.id):
            raise Conflict("Center {center_id} has a window {number} already.",
                           center_id=center_id, number=out['number'])
    if "kind" in out and out["kind"] not in KINDS:
        raise InvalidRequest("A window is {choices}; not {kind!r}.",
                             choices=list(KINDS), kind=out['kind'])
    if out.get("department_id") is not None and session.get(
            Department, out["department_id"]) is None:
        raise InvalidRequest("There is no department {department_id}.",
                             department_id=out['department_id'])
    return out


def create_window(
    *, session: Session, actor: Actor, now: dt.datetime, center_id: int,
    item_ids: list[int] | None = None, **values: Any,
) -> tuple[Window, list[Message]]:
    """A new window (closed); a retired window of that number comes back instead, its history
    kept. Without `item_ids` it serves what the routing rule gives its kind."""
    require_manages(actor, center_id)
    get_center(session, center_id)
    lock_center(session, center_id)
    values = _window_values(session, center_id, values, None)
    window = session.scalar(select(Window).where(
        Window.center_id == center_id, Window.number == values["number"]))
    if window is None:
        window = Window(center_id=center_id, state="closed", **{"fields": [], **values})
        session.add(window)
    else:
        window.retired_at = None
        window.state, window.state_reason, window.staff_user_id = "closed", "", None
        for key, value in values.items():
            setattr(window, key, value)
    session.flush()
    if item_ids is None:
        item_ids = windows.routed_item_ids(session=session, window=window)
    return window, windows.set_items(session=session, window_id=window.id, item_ids=item_ids,
                                     actor=actor, now=now, change="created")[1]


def _window(session: Session, window_id: int) -> Window:
    window = session.get(Window, window_id)
    if window is None or window.retired_at is not None:
        raise NotFound("There is no window {window_id}.", window_id=window_id)
    return window


def update_window(
    *, session: Session, actor: Actor, now: dt.datetime, window_id: int,
    item_ids: list[int] | None = None, **values: Any,
) -> tuple[Window, list[Message]]:
    window = _window(session, window_id)
    require_manages(actor, window.center_id)
    lock_center(session, window.center_id)
    values = _window_values(session, window.center_id, values, window)
    was = {k: getattr(window, k) for k in values}
    for key, value in values.items():
        setattr(window, key, value)
    session.flush()
    changed = [k for k in values if was[k] != values[k]]
    window, messages = windows.set_items(
        session=session, window_id=window.id, actor=actor, now=now,
        item_ids=window.item_ids if item_ids is None else item_ids,
        change="updated" if changed else "items",
        before={k: was[k] for k in changed})
    check_open_tickets(session, window.center_id, now)
    return window, messages


def retire_window(
    *, session: Session, actor: Actor, now: dt.datetime, window_id: int
) -> list[Message]:
    """Take a window out of the hall; only one that nobody holds and that holds no ticket."""
    window = _window(session, window_id)
    require_manages(actor, window.center_id)
    window, _ = windows.lock_window(session=session, window_id=window_id)
    if window.current_ticket_id is not None:
        current = session.get(Ticket, window.current_ticket_id)
        if current is not None and current.state in OPEN_STATES:
            raise Conflict("Window {window} is on ticket {ticket}; finish it before retiring "
                           "the window.", window=window.number, ticket=current.number)

    if window.staff_user_id is not None:
        raise Conflict("Window {number} is held by a staff member; close it first.",
                       number=window.number)
    window.state, window.state_reason, window.state_since = "closed", "", now
    window.retired_at = now
    _, messages = windows.set_items(session=session, window_id=window.id, item_ids=[],
                                    actor=actor, now=now, change="retired")
    check_open_tickets(session, window.center_id, now)
    return messages
