"""The reminder outbox: every booking, change, cancellation and reminder time, as texts.

No gateway here. An SMS or messaging adapter reads `due(...)`, sends each text to
its phone and calls `mark_sent(...)`. Texts carry the check-in code, the item and
the time, never the resident's name.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.booking.models import OutboxMessage, Reservation
from server.booking.policy import policy_for
from server.centers.models import Center, Item
from server.centers.service import local_time

WEEKDAYS_ZH = "一二三四五六日"


def _when_zh(center: Center, at: dt.datetime) -> str:
    local = local_time(center, at)
    return f"{local.month}月{local.day}日(周{WEEKDAYS_ZH[local.weekday()]}) {local:%H:%M}"


def _when_en(center: Center, at: dt.datetime) -> str:
    return f"{local_time(center, at):%a %d %b %H:%M}"


def _texts(kind: str, center: Center, item: Item, r: Reservation, **extra) -> tuple[str, str]:
    zh_center, en_center = center.name, center.name_en or center.name
    zh_item, en_item = item.name, item.name_en or item.name
    zh_when, en_when = _when_zh(center, r.slot_start), _when_en(center, r.slot_start)
    if kind == "booked":
        return (f"【{zh_center}】预约成功：{zh_item}，{zh_when}。签到码 {r.code}，"
                "请带齐材料，按时到大厅自助机签到。",
                f"{en_center}: booked {en_item}, {en_when}. Check-in code {r.code}. "
                "Bring your materials and check in at a hall kiosk on time.")
    if kind == "moved":
        return (f"【{zh_center}】预约已改到 {zh_when}：{zh_item}，签到码 {r.code} 不变。",
                f"{en_center}: your {en_item} booking moved to {en_when}; "
                f"check-in code {r.code} stays the same.")
    if kind == "cancelled":
        return (f"【{zh_center}】已取消预约：{zh_item}，{zh_when}。",
                f"{en_center}: your {en_item} booking of {en_when} is cancelled.")
    if kind == "reminder":
        return (f"【{zh_center}】提醒：您预约了 {zh_when} 办理{zh_item}，签到码 {r.code}。",
                f"{en_center} reminder: {en_item} at {en_when}, check-in code {r.code}.")
    blocked = extra.get("blocked_until")
    zh = f"【{zh_center}】您预约的 {zh_when} {zh_item} 未按时签到，已记为爽约。"
    en = f"{en_center}: your {en_item} booking of {en_when} was missed (not checked in)."
    if blocked is not None:
        day = local_time(center, blocked)
        zh += f"因多次爽约，{day.month}月{day.day}日前暂停在本中心预约。"
        en += f" After repeated no-shows, booking here is paused until {day:%d %b}."
    return zh, en


def _add(session: Session, center: Center, r: Reservation, kind: str, send_at: dt.datetime,
         now: dt.datetime, **extra) -> None:
    item = session.get(Item, r.item_id)
    text, text_en = _texts(kind, center, item, r, **extra)
    session.add(OutboxMessage(
        center_id=center.id, reservation_id=r.id, kind=kind, phone=r.phone, send_at=send_at,
        state="pending", text=text, text_en=text_en, created_at=now,
        data={"code": r.code, "item_id": r.item_id, "slot_start": r.slot_start.isoformat()},
    ))


def reminder_times(center: Center, slot_start: dt.datetime, now: dt.datetime,
                   *, evening: str, minutes_before: int) -> list[dt.datetime]:
    """The evening before (local time) and some minutes before, when these are still ahead."""
    times = []
    if evening:
        local = local_time(center, slot_start)
        eve = dt.datetime.combine(local.date() - dt.timedelta(days=1),
                                  dt.time.fromisoformat(evening), local.tzinfo)
        times.append(eve)
    if minutes_before > 0:
        times.append(slot_start - dt.timedelta(minutes=minutes_before))
    return sorted(t for t in times if t > now)


def _void_pending(session: Session, reservation_id: int) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.reservation_id == reservation_id, OutboxMessage.state == "pending",
               OutboxMessage.kind == "reminder")
        .values(state="void")
    )


def _remind(session: Session, center: Center, r: Reservation, now: dt.datetime) -> None:
    policy = policy_for(session, center.id)
    for at in reminder_times(center, r.slot_start, now, evening=policy.reminder_evening,
                             minutes_before=policy.reminder_minutes_before):
        _add(session, center, r, "reminder", at, now)


def booked(session: Session, center: Center, r: Reservation, now: dt.datetime) -> None:
    _add(session, center, r, "booked", now, now)
    _remind(session, center, r, now)


def moved(session: Session, center: Center, r: Reservation, now: dt.datetime) -> None:
    _void_pending(session, r.id)
    _add(session, center, r, "moved", now, now)
    _remind(session, center, r, now)


def cancelled(session: Session, center: Center, r: Reservation, now: dt.datetime) -> None:
    _void_pending(session, r.id)
    _add(session, center, r, "cancelled", now, now)


def checked_in(session: Session, r: Reservation) -> None:
    _void_pending(session, r.id)


def no_show(session: Session, center: Center, r: Reservation, now: dt.datetime,
            blocked_until: dt.datetime | None) -> None:
    _void_pending(session, r.id)
    _add(session, center, r, "no_show", now, now, blocked_until=blocked_until)


def due(*, session: Session, now: dt.datetime, limit: int = 100) -> list[OutboxMessage]:
    """The texts to send now, oldest first."""
    return list(session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.state == "pending", OutboxMessage.send_at <= now)
        .order_by(OutboxMessage.send_at, OutboxMessage.id)
        .limit(limit)
    ))


def mark_sent(*, session: Session, ids: list[int], now: dt.datetime) -> int:
    """Mark texts sent; answers how many were still pending."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.state == "pending")
        .values(state="sent", sent_at=now)
    )
    return result.rowcount or 0
