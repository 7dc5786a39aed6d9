"""Staff accounts and devices: create, change, switch off, revoke.

Switching a person off deletes every token they hold (the edge forgets its cached copy
at once), closes the windows they hold and puts the resident at each of them back in the
line at their place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from server.accounts.models import DEVICE_KINDS, ROLES, AuthToken, Device, User
from server.accounts.service import create_user, issue_token
from server.audit import service as audit
from server.centers.models import Center
from server.errors import Conflict, Forbidden, InvalidRequest, NotFound
from server.events.service import Actor, Message, lock_center
from server.management.service import put_back_in_line
from server.tickets.models import Ticket
from server.windows import service as windows
from server.windows.models import Window

MIN_PASSWORD = 6


def user_view(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "display_name": user.display_name,
            "role": user.role, "active": user.active, "center_ids": user.center_ids}


def _home(center_ids: list[int]) -> int | None:
    """Where a person's audit rows belong: their one center, else the city (admins only)."""
    return center_ids[0] if len(center_ids) == 1 else None


def _centers(session: Session, center_ids: list[int]) -> list[Center]:
    centers = list(session.scalars(select(Center).where(Center.id.in_(center_ids))))
    missing = sorted(set(center_ids) - {c.id for c in centers})
    if missing:
        raise InvalidRequest("Centers {missing} do not exist.", missing=missing)
    return centers


def _may_manage_account(actor: Actor, role: str, center_ids: list[int]) -> None:
    """Admins manage every account; a manager only staff of their own centers."""
    if actor.role == "admin":
        return
    if actor.role != "manager":
        raise Forbidden("Only admins and managers manage accounts.")
    if role != "staff":
        raise Forbidden("A manager creates and changes staff accounts only; ask an admin for "
                        "a manager or admin account.")
    if not center_ids or not set(center_ids) <= set(actor.center_ids):
        raise Forbidden("A manager's staff work only at the manager's own centers.")


def create_account(
    *, session: Session, actor: Actor, now: dt.datetime, username: str, password: str,
    role: str = "staff", center_ids: list[int] | None = None, display_name: str = "",
) -> User:
    center_ids = sorted(set(center_ids or []))
    _may_manage_account(actor, role, center_ids)
    _centers(session, center_ids)
    user = create_user(session=session, username=username.strip(), password=password, role=role,
                       center_ids=center_ids, display_name=display_name.strip())
    audit.write(session, actor=actor, at=now, action="user.created", target="user",
                target_id=user.id, center_id=_home(center_ids),
                summary=f"{role} {user.username}", after=user_view(user))
    return user


def list_accounts(*, session: Session, actor: Actor) -> list[User]:
    """The accounts an admin or manager may change: every one for an admin; for a manager,
    the staff working at one of their centers."""
    if actor.role not in ("admin", "manager"):
        raise Forbidden("Only admins and managers manage accounts.")
    users = list(session.scalars(select(User).order_by(User.username)))
    if actor.role == "admin":
        return users
    mine = set(actor.center_ids)
    return [u for u in users if u.role == "staff" and mine & set(u.center_ids)]


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.active.is_(True))) or 0


def update_account(
    *, session: Session, actor: Actor, now: dt.datetime, user_id: int, **values: Any
) -> tuple[User, list[Message]]:
    """Change `active`, `password`, `role`, `center_ids` or `display_name` of an account."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("There is no user {user_id}.", user_id=user_id)
    _may_manage_account(actor, user.role, user.center_ids)
    role = values.get("role", user.role)
    center_ids = sorted(set(values.get("center_ids", user.center_ids)))
    if role not in ROLES:
        raise InvalidRequest("A role is one of {choices}, not {role!r}.",
                             choices=list(ROLES), role=role)
    _may_manage_account(actor, role, center_ids)
    was = user_view(user)
    if "display_name" in values:
        user.display_name = values["display_name"].strip() or user.username
    user.role = role
    if "center_ids" in values:
        user.centers = _centers(session, center_ids)
    if "active" in values:
        user.active = bool(values["active"])
    if user.id == actor.user_id and not (user.active and user.role == was["role"]):
        raise Conflict("You cannot switch off or demote your own account; ask another admin.")
    session.flush()
    if was["role"] == "admin" and _active_admins(session) == 0:
        raise Conflict("This would leave the city without an active admin.")
    messages: list[Message] = []
    reset = "password" in values
    if reset:
        if len(values["password"]) < MIN_PASSWORD:
            raise InvalidRequest("A password has at least {MIN_PASSWORD} characters.",
                                 MIN_PASSWORD=MIN_PASSWORD)
        user.password_hash = generate_password_hash(values["password"])
    if not user.active or reset:
        session.execute(delete(AuthToken).where(AuthToken.user_id == user.id))
    if not user.active:
        messages = _release_windows(session, user, actor=actor, now=now)
    elif "center_ids" in values:
        held = session.scalar(select(Window).where(Window.staff_user_id == user.id))
        if held is not None and held.center_id not in center_ids:
            raise Conflict("{user} holds window {window} of center {center}; close it before "
                           "moving them.", user=user.username, window=held.number,
                           center=held.center_id)

    before, after = audit.changes(was, user_view(user))
    action = ("user.deactivated" if "active" in after and not user.active else
              "user.reactivated" if "active" in after else "user.updated")
    if after or reset:
        audit.write(session, actor=actor, at=now, action=action, target="user",
                    target_id=user.id, center_id=_home(user.center_ids),
                    summary=f"{user.username}: " + ", ".join(
                        [*after, *(["password reset"] if reset else [])]),
                    before=before, after=after)
    return user, messages


def _release_windows(session: Session, user: User, *, actor: Actor,
                     now: dt.datetime) -> list[Message]:
    """Close every window the person holds; the resident at it waits again at their place."""
    messages: list[Message] = []
    for window in list(session.scalars(select(Window).where(Window.staff_user_id == user.id))):
        center = lock_center(session, window.center_id)
        ticket = session.get(Ticket, window.current_ticket_id) if window.current_ticket_id \
            else None
        window.current_ticket_id = None
        if ticket is not None and ticket.state in ("called", "serving"):
            messages.append(put_back_in_line(
                session, center=center, ticket=ticket, actor=actor, now=now,
                reason=f"{user.username} was switched off"))
        manager = Actor(user_id=actor.user_id, device_id=actor.device_id, role="admin")
        messages += windows.set_state(session=session, window_id=window.id, state="closed",
                                      reason="", actor=manager, now=now)[1]
    return messages


def device_view(device: Device) -> dict[str, Any]:
    return {"id": device.id, "center_id": device.center_id, "kind": device.kind,
            "name": device.name, "printer": device.printer,
            "revoked_at": device.revoked_at.isoformat() if device.revoked_at else None}


def register_device(
    *, session: Session, actor: Actor, now: dt.datetime, center_id: int, kind: str, name: str,
    ttl: dt.timedelta | None,
) -> tuple[Device, str | None]:
    """A kiosk, board, pad or counter of a center, and its token (shown this once; none
    without `ttl`, as when a configuration file is imported)."""
    if not actor.manages(center_id):
        raise Forbidden("Only an admin or a manager of center {center} registers its devices.",
                        center=center_id)
    if kind not in DEVICE_KINDS:
        raise InvalidRequest("A device is one of {choices}, not {kind!r}.",
                             choices=list(DEVICE_KINDS), kind=kind)
    _centers(session, [center_id])
    name = name.strip()
    if not name:
        raise InvalidRequest("A device needs a name people recognise it by.")
    if session.scalar(select(Device.id).where(Device.center_id == center_id,
                                              Device.name == name,
                                              Device.revoked_at.is_(None))) is not None:
        raise Conflict("Center {center_id} has a device named {name!r} already.",
                       center_id=center_id, name=name)
    device = Device(center_id=center_id, kind=kind, name=name, status={})
    session.add(device)
    session.flush()
    token = issue_token(session=session, now=now, ttl=ttl, device_id=device.id) if ttl else None
    audit.write(session, actor=actor, at=now, action="device.registered", target="device",
                target_id=device.id, center_id=center_id, summary=f"{kind} {name}",
                after=device_view(device))
    return device, token


def revoke_device(*, session: Session, actor: Actor, now: dt.datetime, device_id: int) -> Device:
    device = session.get(Device, device_id)
    if device is None or device.revoked_at is not None:
        raise NotFound("There is no device {device_id}.", device_id=device_id)
    if not actor.manages(device.center_id):
        raise Forbidden("Only an admin or a manager of center {center} revokes its devices.",
                        center=device.center_id)
    session.execute(delete(AuthToken).where(AuthToken.device_id == device.id))
    device.revoked_at = now
    audit.write(session, actor=actor, at=now, action="device.revoked", target="device",
                target_id=device.id, center_id=device.center_id,
                summary=f"{device.kind} {device.name}", before={"revoked_at": None},
                after={"revoked_at": now.isoformat()})
    return device
