"""Staff accounts, devices and bearer tokens (stored hashed, never in clear)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from server.accounts.models import DEVICE_KINDS, ROLES, AuthToken, Device, User
from server.centers.models import Center
from server.errors import Conflict, Forbidden, InvalidRequest, NotFound, Unauthorized
from server.events.service import Actor


@dataclass(frozen=True)
class Principal:
    """Who presented a token."""

    actor: Actor
    user: User | None = None
    device: Device | None = None
    center_ids: tuple[int, ...] = ()

    def may_manage(self, center_id: int) -> bool:
        return self.actor.manages(center_id)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(
    *, session: Session, username: str, password: str, role: str = "staff",
    center_ids: list[int] | None = None, display_name: str = "",
) -> User:
    if role not in ROLES:
        raise InvalidRequest("A role is one of {choices}, not {role!r}.",
                             choices=list(ROLES), role=role)
    if role != "admin" and not center_ids:
        raise InvalidRequest("A {role} works at one center or more: say which.", role=role)
    if len(password) < 6:
        raise InvalidRequest("A password has at least 6 characters.")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise Conflict("The user {username!r} exists already.", username=username)
    centers = [session.get(Center, c) for c in center_ids or []]
    if any(c is None for c in centers):
        raise NotFound("Unknown center among {center_ids}.", center_ids=center_ids)
    user = User(
        username=username, display_name=display_name or username,
        password_hash=generate_password_hash(password), role=role, centers=centers,
    )
    session.add(user)
    session.flush()
    return user


def create_device(*, session: Session, center_id: int, kind: str, name: str) -> Device:
    if kind not in DEVICE_KINDS:
        raise InvalidRequest("A device is one of {choices}, not {kind!r}.",
                             choices=list(DEVICE_KINDS), kind=kind)
    if session.get(Center, center_id) is None:
        raise NotFound("There is no center {center_id}.", center_id=center_id)
    device = Device(center_id=center_id, kind=kind, name=name, status={})
    session.add(device)
    session.flush()
    return device


def issue_token(
    *, session: Session, now: dt.datetime, ttl: dt.timedelta, user_id: int | None = None,
    device_id: int | None = None,
) -> str:
    token = secrets.token_urlsafe(32)
    session.add(AuthToken(token_hash=_hash(token), user_id=user_id, device_id=device_id,
                          created_at=now, expires_at=now + ttl))
    return token


def password_hash_of(*, session: Session, username: str) -> str | None:
    """The stored hash of an active user's password; None when there is no such user.

    The caller checks the password outside any transaction (it is slow on purpose).
    """
    user = session.scalar(select(User).where(User.username == username))
    return user.password_hash if user is not None and user.active else None


def sign_in(
    *, session: Session, username: str, now: dt.datetime, ttl: dt.timedelta
) -> tuple[User, str]:
    """A bearer token for a user whose password was just checked."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        raise Unauthorized("Wrong user name or password.")
    return user, issue_token(session=session, now=now, ttl=ttl, user_id=user.id)


def revoke(*, session: Session, token: str) -> None:
    row = session.scalar(select(AuthToken).where(AuthToken.token_hash == _hash(token)))
    if row is not None:
        session.delete(row)


def principal_for(*, session: Session, token: str, now: dt.datetime) -> Principal | None:
    row = session.scalar(select(AuthToken).where(AuthToken.token_hash == _hash(token)))
    if row is None or row.expires_at <= now:
        return None
    if row.user_id is not None:
        user = session.get(User, row.user_id)
        if user is None or not user.active:
            return None
        return Principal(
            actor=Actor(user_id=user.id, role=user.role, center_ids=tuple(user.center_ids)),
            user=user,
            center_ids=tuple(user.center_ids),
        )
    device = session.get(Device, row.device_id)
    if device is None or device.revoked_at is not None:
        return None
    return Principal(actor=Actor(device_id=device.id, role="device"), device=device,
                     center_ids=(device.center_id,))


def kiosk_at(*, session: Session, center_id: int, kiosk_id: int) -> Device:
    """The kiosk, if it is one of this center's."""
    kiosk = session.get(Device, kiosk_id)
    if kiosk is None or kiosk.kind != "kiosk" or kiosk.center_id != center_id:
        raise InvalidRequest("There is no kiosk {kiosk_id} at center {center_id}.",
                             kiosk_id=kiosk_id, center_id=center_id)
    return kiosk


def kiosk_asking(*, session: Session, center_id: int, kiosk_id: int, actor: Actor) -> Device:
    """The kiosk, when it is the one asking (its device token): a paper goes to a kiosk's
    printer only when that kiosk asks."""
    if actor.device_id != kiosk_id:
        raise Forbidden("Only kiosk {kiosk} itself (its device token) prints on its printer.",
                        kiosk=kiosk_id)
    return kiosk_at(session=session, center_id=center_id, kiosk_id=kiosk_id)


def get_device(*, session: Session, device_id: int) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise NotFound("There is no device {device_id}.", device_id=device_id)
    return device
