"""Writing audit rows, and reading the trail: audit rows merged with the event log's own.

Ticket and window actions are already one event-log row each, written in the same
transaction with who made them (user or device) and when. The trail reads those rows
instead of writing them a second time: the hall's hot path (every call, every ticket)
keeps its one insert, and the two records can never disagree. Everything else a person
or device changes (configuration, accounts, devices, guides, sign-ins) is an
`AuditEntry` written here, in the transaction that makes the change.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.accounts.models import Device, User
from server.audit.models import AuditEntry
from server.events.models import Event
from server.events.service import Actor

COMMAND_LINE = "command line"
# Events that only tell screens about a change an audit row already records.
ECHOES = ("center.changed",)
MAX_ROWS = 100_000
CSV_COLUMNS = ("at", "center_id", "actor", "role", "action", "target", "target_id", "summary",
               "before", "after", "source")


def actor_name(session: Session, actor: Actor) -> tuple[str, str]:
    """The name and role of an actor as the trail shows them."""
    if actor.user_id is not None:
        user = session.get(User, actor.user_id)
        return (user.username if user else f"user {actor.user_id}"), actor.role or ""
    if actor.device_id is not None:
        device = session.get(Device, actor.device_id)
        return (device.name if device else f"device {actor.device_id}"), "device"
    return COMMAND_LINE, actor.role or ""


def write(
    session: Session, *, actor: Actor, at: dt.datetime, action: str, center_id: int | None = None,
    target: str = "", target_id: int | None = None, summary: str = "",
    before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
    name: str | None = None,
) -> AuditEntry:
    """One audit row in the caller's transaction; `name` overrides the actor's own name."""
    who, role = actor_name(session, actor)
    entry = AuditEntry(
        at=at, user_id=actor.user_id, device_id=actor.device_id, actor=(name or who)[:120],
        role=role, center_id=center_id, action=action, target=target, target_id=target_id,
        summary=summary[:300], before=before, after=after,
    )
    session.add(entry)
    return entry


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the fields that differ, before and after."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


@dataclass
class TrailRow:
    at: str
    center_id: int | None
    actor: str
    role: str
    action: str
    target: str
    target_id: int | None
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    source: str  # "audit" or "events"


def _from_entry(e: AuditEntry) -> TrailRow:
    return TrailRow(e.at.isoformat(), e.center_id, e.actor, e.role, e.action, e.target,
                    e.target_id, e.summary, e.before, e.after, "audit")


def _event_summary(e: Event) -> tuple[str, int | None, str, dict[str, Any] | None]:
    """The target, its id, a line for a person, and the values after, of an event-log row."""
    data = e.data or {}
    if e.type == "window.changed":
        w = data.get("window") or {}
        after = {k: w.get(k) for k in ("state", "state_reason", "staff_user_id", "item_ids")}
        change = data.get("change") or w.get("state")
        return "window", e.window_id, f"window {w.get('number')}: {change}", after
    if e.type.startswith("ticket."):
        t = data.get("ticket") or {}
        parts = [f"ticket {t.get('number')}"]
        if data.get("window_number") is not None:
            parts.append(f"at window {data['window_number']}")
        if data.get("new_ticket"):
            parts.append(f"now {data['new_ticket'].get('number')}")
        if data.get("reason"):
            parts.append(f"reason: {data['reason']}")
        return "ticket", e.ticket_id, " ".join(parts), {"state": t.get("state")}
    if e.type == "center.notice":
        return "center", e.center_id, "notice", {"notice": data.get("notice")}
    return e.type.partition(".")[0], None, e.type, {
        k: v for k, v in data.items() if k != "before"}


def trail(
    *, session: Session, visible_centers: Collection[int] | None, center_id: int | None = None,
    actor: str | None = None, since: dt.datetime | None = None, until: dt.datetime | None = None,
    limit: int = 500,
) -> list[TrailRow]:
    """The newest `limit` rows, newest first. `visible_centers` None: the whole city (admins);
    otherwise only rows of those centers (managers)."""
    entries = select(AuditEntry)
    events = select(Event).where(or_(Event.user_id.is_not(None), Event.device_id.is_not(None)),
                                 Event.type.not_in(ECHOES))
    if visible_centers is not None:
        entries = entries.where(AuditEntry.center_id.in_(visible_centers))
        events = events.where(Event.center_id.in_(visible_centers))
    if center_id is not None:
        entries = entries.where(AuditEntry.center_id == center_id)
        events = events.where(Event.center_id == center_id)
    if since is not None:
        entries = entries.where(AuditEntry.at >= since)
        events = events.where(Event.at >= since)
    if until is not None:
        entries = entries.where(AuditEntry.at < until)
        events = events.where(Event.at < until)
    if actor:
        user_ids = list(session.scalars(select(User.id).where(User.username == actor)))
        device_ids = list(session.scalars(select(Device.id).where(Device.name == actor)))
        entries = entries.where(AuditEntry.actor == actor)
        events = events.where(or_(Event.user_id.in_(user_ids), Event.device_id.in_(device_ids)))
    limit = max(1, min(limit, MAX_ROWS))
    rows = [_from_entry(e) for e in session.scalars(
        entries.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))]
    logged = list(session.scalars(events.order_by(Event.at.desc(), Event.id.desc()).limit(limit)))
    names = _names(session, logged)
    for e in logged:
        target, target_id, summary, after = _event_summary(e)
        who, role = names[(e.user_id, e.device_id)]
        rows.append(TrailRow(e.at.isoformat(), e.center_id, who, role, e.type, target,
                             target_id, summary, (e.data or {}).get("before"), after, "events"))
    rows.sort(key=lambda r: r.at, reverse=True)
    return rows[:limit]


def _names(session: Session, events: Iterable[Event]) -> dict[tuple, tuple[str, str]]:
    events = list(events)
    user_ids = {e.user_id for e in events if e.user_id}
    device_ids = {e.device_id for e in events if e.device_id}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(user_ids)))} \
        if user_ids else {}
    devices = {d.id: d for d in session.scalars(select(Device).where(Device.id.in_(device_ids)))} \
        if device_ids else {}
    out = {}
    for e in events:
        if e.user_id:
            u = users.get(e.user_id)
            out[(e.user_id, e.device_id)] = (u.username, u.role) if u else (str(e.user_id), "")
        else:
            d = devices.get(e.device_id)
            out[(e.user_id, e.device_id)] = (d.name if d else str(e.device_id), "device")
    return out


def as_dict(row: TrailRow) -> dict[str, Any]:
    return asdict(row)


def as_csv(rows: Iterable[TrailRow]) -> str:
    """UTF-8 with a byte-order mark, so that Excel on Chinese Windows reads it right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = asdict(row)
        writer.writerow([
            json.dumps(values[c], ensure_ascii=False, sort_keys=True)
            if c in ("before", "after") and values[c] is not None else
            ("" if values[c] is None else values[c])
            for c in CSV_COLUMNS
        ])
    return out.getvalue()


def signed_in(session: Session, user: User, at: dt.datetime) -> None:
    write(session, actor=Actor(user_id=user.id, role=user.role), at=at, action="auth.signed_in",
          center_id=user.center_ids[0] if len(user.center_ids) == 1 else None, target="user",
          target_id=user.id, summary=f"{user.username} signed in")


def sign_in_failed(session: Session, username: str, at: dt.datetime, address: str | None) -> None:
    """A failed sign-in, under the name that was typed (it may name nobody)."""
    user = session.scalar(select(User).where(User.username == username))
    write(session, actor=Actor(), at=at, action="auth.sign_in_failed", name=username,
          center_id=user.center_ids[0] if user is not None and len(user.center_ids) == 1
          else None, target="user", target_id=user.id if user else None,
          summary=f"failed sign-in as {username!r} from {address or 'unknown'}")
