"""A resident takes today's number from the phone, without a kiosk.

The phone is confirmed by a one-time code that goes out through the reminder outbox (the
SMS adapter reads it with the booking texts). A code lives `CODE_MINUTES`, takes
`CODE_ATTEMPTS` guesses, is used once; a phone gets a new code at most every
`CODE_GAP_SECONDS` and `CODES_PER_DAY` a day. A phone takes at most the center's
`daily_cap` numbers a day there; the center's own limits (open, a window serving the
item) are the ticket's, as at a kiosk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.admin.common import require_manages
from server.audit import service as audit
from server.booking.models import OutboxMessage
from server.booking.policy import normalize_phone
from server.centers.models import Center
from server.centers.service import local_day
from server.errors import Conflict, RateLimited
from server.events.service import PUBLIC, Actor, lock_center
from server.remote.models import PhoneCode, RemotePolicy, RemoteTicket
from server.tickets import service as tickets

CODE_MINUTES = 10
CODE_ATTEMPTS = 5
CODE_GAP_SECONDS = 60
CODES_PER_DAY = 5


def policy_for(session: Session, center_id: int) -> RemotePolicy:
    """The center's rules for joining from a phone; the defaults where it set none."""
    row = session.scalar(select(RemotePolicy).where(RemotePolicy.center_id == center_id))
    return row or RemotePolicy(center_id=center_id, daily_cap=2, notify_places=3)


def _require_allowed(session: Session, center: Center) -> RemotePolicy:
    policy = policy_for(session, center.id)
    if policy.daily_cap <= 0:
        raise Conflict("This center does not give numbers to phones; please take one at "
                       "the hall's kiosk.", detail={"reason": "remote_off"})
    return policy


def _digest(phone: str, code: str) -> str:
    return hashlib.sha256(f"{phone}:{code}".encode()).hexdigest()


def _texts(center: Center, code: str) -> tuple[str, str]:
    return (f"【{center.name}】验证码 {code}，{CODE_MINUTES} 分钟内有效，仅用于手机取号，"
            "请勿告诉他人。",
            f"{center.name_en or center.name}: your code is {code}, valid {CODE_MINUTES} "
            "minutes, only to take a number on your phone. Never share it.")


def request_code(*, session: Session, center_id: int, phone: str, now: dt.datetime) -> PhoneCode:
    """Send a one-time code to the phone, through the outbox."""
    phone = normalize_phone(phone)
    center = lock_center(session, center_id)
    _require_allowed(session, center)
    sent = list(session.scalars(select(PhoneCode.created_at).where(
        PhoneCode.phone == phone, PhoneCode.created_at > now - dt.timedelta(days=1))))
    if any(at > now - dt.timedelta(seconds=CODE_GAP_SECONDS) for at in sent):
        raise RateLimited("A code was just sent to this phone; please wait a minute before "
                          "asking for another.", detail={"retry_after": CODE_GAP_SECONDS})
    if len(sent) >= CODES_PER_DAY:
        raise RateLimited("Too many codes were sent to this phone today; please take a "
                          "number at the hall's kiosk.")
    code = f"{secrets.randbelow(10**6):06d}"
    row = PhoneCode(center_id=center.id, phone=phone, code_hash=_digest(phone, code),
                    created_at=now, expires_at=now + dt.timedelta(minutes=CODE_MINUTES))
    session.add(row)
    text, text_en = _texts(center, code)
    session.add(OutboxMessage(center_id=center.id, reservation_id=None, kind="code",
                              phone=phone, send_at=now, state="pending", text=text,
                              text_en=text_en, created_at=now, data={"purpose": "join"}))
    session.flush()
    return row


def _code_holds(session: Session, *, center_id: int, phone: str, code: str,
                now: dt.datetime) -> bool:
    """Whether `code` is the phone's live code here; a wrong guess uses up one attempt."""
    row = session.scalar(
        select(PhoneCode).where(PhoneCode.center_id == center_id, PhoneCode.phone == phone,
                                PhoneCode.used_at.is_(None), PhoneCode.expires_at > now)
        .order_by(PhoneCode.id.desc()).limit(1))
    if row is None or row.attempts >= CODE_ATTEMPTS:
        return False
    row.attempts += 1
    if not hmac.compare_digest(row.code_hash, _digest(phone, code.strip())):
        return False
    row.used_at = now
    return True


@dataclass
class Joined:
    """The ticket taken, or None when the code did not hold (the attempt is counted: commit
    the transaction, then refuse)."""

    issued: tickets.Issued | None


def join(*, session: Session, center_id: int, item_id: int, phone: str, code: str,
         now: dt.datetime) -> Joined:
    """Take today's number for the item from a phone confirmed by its one-time code."""
    phone = normalize_phone(phone)
    center = lock_center(session, center_id)
    policy = _require_allowed(session, center)
    if not _code_holds(session, center_id=center.id, phone=phone, code=code, now=now):
        return Joined(issued=None)
    day = local_day(center, now)
    taken = session.scalar(select(func.count()).select_from(RemoteTicket).where(
        RemoteTicket.center_id == center.id, RemoteTicket.phone == phone,
        RemoteTicket.day == day))
    if taken >= policy.daily_cap:
        raise Conflict("This phone has taken {taken} numbers here today, the most a phone "
                       "may; please take one at the hall's kiosk.", taken=taken,
                       detail={"cap": policy.daily_cap, "reason": "phone_cap"})
    issued = tickets.issue_ticket(session=session, center_id=center.id, item_id=item_id,
                                  now=now, actor=PUBLIC)
    session.add(RemoteTicket(ticket_id=issued.ticket.id, center_id=center.id, phone=phone,
                             day=day, joined_at=now))
    return Joined(issued=issued)


def policy_view(policy: RemotePolicy) -> dict[str, int]:
    return {"center_id": policy.center_id, "daily_cap": policy.daily_cap,
            "notify_places": policy.notify_places}


def set_policy(*, session: Session, actor: Actor, center_id: int, now: dt.datetime,
               **changes: int) -> RemotePolicy:
    """A center's managers set how phones take numbers there (0 daily_cap: not at all)."""
    require_manages(actor, center_id)
    lock_center(session, center_id)
    policy = policy_for(session, center_id)
    before = policy_view(policy)
    for name in ("daily_cap", "notify_places"):
        if name in changes:
            setattr(policy, name, changes[name])
    session.add(policy)
    old, new = audit.changes(before, policy_view(policy))
    audit.write(session, actor=actor, at=now, action="center.phone_policy", center_id=center_id,
                target="center", target_id=center_id, summary="numbers from phones",
                before=old, after=new)
    return policy
