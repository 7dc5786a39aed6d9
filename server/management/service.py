"""The managers' view of a hall now, and the actions on it that the windows themselves lack.

`live_figures` is what the dashboard shows of one center: the waiting line per item and per
window group, today's figures (the same definitions as the reports), every window's state,
the bookings due soon, the devices, and the alerts a manager should act on. `requeue_no_show`
puts a resident who was marked a no-show back in the line at their original place.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.accounts.models import Device, User
from server.booking.models import Reservation
from server.centers.models import Center, Item
from server.centers.service import center_items, get_center, local_day, local_time
from server.clock import iso
from server.errors import Conflict, Forbidden, NotFound, Term
from server.events.models import Event
from server.events.service import Actor, Message, lock_center, record
from server.hall.snapshot import hall_snapshot
from server.reports import service as reports
from server.tickets.models import Ticket
from server.tickets.presenters import line_place, ticket_brief
from server.tickets.service import placement
from server.windows.models import Window

# A service is "far over" its item's expected time once it has run this many times as long.
OVERRUN_FACTOR = 2
DUE_MINUTES = 60
RECENT_ACTIONS = 8
MANAGER_EVENTS = ("window.changed", "center.notice", "ticket.requeued")
FINISHING_EVENTS = ("ticket.completed", "ticket.no_show", "ticket.transferred")
PRINTER_ALERTS = {"paper_out": "bad", "error": "bad", "offline": "bad", "paper_low": "warn"}


def _minutes(delta: dt.timedelta) -> float:
    return round(max(delta.total_seconds(), 0) / 60, 1)


def _waiting(session: Session, center: Center, now: dt.datetime) -> dict[int, dict[str, Any]]:
    """Per item: how many wait now (today's line) and since when the longest has waited."""
    rows = session.execute(
        select(Ticket.item_id, func.count(), func.min(Ticket.issued_at))
        .where(Ticket.center_id == center.id, Ticket.state == "waiting",
               Ticket.day == local_day(center, now))
        .group_by(Ticket.item_id)
    )
    return {
        item_id: {"waiting": count, "longest_wait_minutes": _minutes(now - first)}
        for item_id, count, first in rows
    }


def _idle_since(session: Session, center: Center, now: dt.datetime) -> dict[int, dt.datetime]:
    """When each window last finished with someone today."""
    start = dt.datetime.combine(local_day(center, now), dt.time(0), ZoneInfo(center.timezone))
    rows = session.execute(
        select(Event.window_id, func.max(Event.at))
        .where(Event.center_id == center.id, Event.type.in_(FINISHING_EVENTS),
               Event.at >= start, Event.window_id.is_not(None))
        .group_by(Event.window_id)
    )
    return {window_id: at for window_id, at in rows}


def _windows(session: Session, center: Center, snapshot: dict[str, Any], now: dt.datetime,
             items: dict[int, Item]) -> list[dict[str, Any]]:
    staff_ids = {w["staff_user_id"] for w in snapshot["windows"] if w["staff_user_id"]}
    names = {
        u.id: u.display_name or u.username
        for u in session.scalars(select(User).where(User.id.in_(staff_ids)))
    } if staff_ids else {}
    finished = _idle_since(session, center, now)
    rows = []
    for w in snapshot["windows"]:
        row = {**w, "staff_name": names.get(w["staff_user_id"])}
        since = dt.datetime.fromisoformat(w["state_since"]) if w["state_since"] else None
        row["state_minutes"] = _minutes(now - since) if since else None
        current = w["current_ticket"]
        row["serving"] = None
        row["idle_since"] = None
        if current is not None:
            began = current["started_at"] or current["called_at"]
            elapsed = _minutes(now - dt.datetime.fromisoformat(began)) if began else 0.0
            item = items.get(current["item_id"])
            expected = item.expected_minutes if item else None
            row["serving"] = {
                "number": current["number"], "item_id": current["item_id"],
                "item": current["item_name"], "item_en": current["item_name_en"],
                "state": current["state"], "since": began, "minutes": elapsed,
                "expected_minutes": expected,
                "overrun": bool(expected and elapsed > OVERRUN_FACTOR * expected),
            }
        elif w["state"] == "open":
            last = finished.get(w["id"])
            idle = max(filter(None, (last, since)), default=None)
            row["idle_since"] = iso(idle)
            row["idle_minutes"] = _minutes(now - idle) if idle else None
        rows.append(row)
    return rows


def _due_reservations(session: Session, center: Center, now: dt.datetime,
                      items: dict[int, Item]) -> list[dict[str, Any]]:
    """Booked slots that begin within the hour (or began within the grace period)."""
    rows = session.execute(
        select(Reservation.slot_start, Reservation.item_id, Reservation.state, func.count())
        .where(
            Reservation.center_id == center.id,
            Reservation.state.in_(("booked", "checked_in")),
            Reservation.slot_start >= now - dt.timedelta(minutes=center.grace_minutes),
            Reservation.slot_start < now + dt.timedelta(minutes=DUE_MINUTES),
        )
        .group_by(Reservation.slot_start, Reservation.item_id, Reservation.state)
    )
    slots: dict[tuple[dt.datetime, int], dict[str, Any]] = {}
    for start, item_id, state, count in rows:
        item = items.get(item_id)
        slot = slots.setdefault((start, item_id), {
            "slot_start": start.isoformat(), "local_time": f"{local_time(center, start):%H:%M}",
            "item_id": item_id, "item": item.name if item else None,
            "item_en": item.name_en if item else None, "booked": 0, "checked_in": 0,
        })
        slot["booked" if state == "booked" else "checked_in"] += count
    return [slots[k] for k in sorted(slots, key=lambda k: (k[0], k[1]))]


def device_state(device: Device, now: dt.datetime, *, board_offline_seconds: int) -> dict:
    """A device as the dashboard shows it, with what is wrong with it (if anything)."""
    status = dict(device.status or {})
    problems = []
    printer = status.get("printer")
    if printer in PRINTER_ALERTS:
        problems.append({"kind": f"printer_{printer}", "severity": PRINTER_ALERTS[printer]})
    said_offline = status.get("online") is False or status.get("connection") == "offline"
    stale = device.last_seen is not None and (
        now - device.last_seen).total_seconds() > board_offline_seconds
    if device.kind == "board" and (said_offline or stale):
        problems.append({"kind": "board_offline", "severity": "bad"})
    return {
        "id": device.id, "kind": device.kind, "name": device.name, "status": status,
        "last_seen": iso(device.last_seen),
        "last_seen_minutes": _minutes(now - device.last_seen) if device.last_seen else None,
        "problems": problems,
    }


def _no_shows_today(session: Session, center: Center, now: dt.datetime) -> list[dict[str, Any]]:
    tickets = session.scalars(
        select(Ticket)
        .where(Ticket.center_id == center.id, Ticket.state == "no_show",
               Ticket.day == local_day(center, now))
        .order_by(Ticket.finished_at.desc())
    )
    numbers = dict(session.execute(
        select(Window.id, Window.number).where(Window.center_id == center.id)
    ).all())
    return [
        {"id": t.id, "number": t.number, "item_id": t.item_id, "item": t.item.name,
         "item_en": t.item.name_en, "at": iso(t.finished_at),
         "window_number": numbers.get(t.window_id)}
        for t in tickets
    ]


def _recent_actions(session: Session, center_id: int) -> list[dict[str, Any]]:
    events = list(session.scalars(
        select(Event)
        .where(Event.center_id == center_id, Event.type.in_(MANAGER_EVENTS))
        .order_by(Event.seq.desc())
        .limit(RECENT_ACTIONS)
    ))
    ids = {e.user_id for e in events if e.user_id}
    names = {u.id: u.display_name or u.username
             for u in session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    out = []
    for e in events:
        window = e.data.get("window") or {}
        out.append({
            "seq": e.seq, "type": e.type, "change": e.data.get("change"), "at": e.at.isoformat(),
            "by": names.get(e.user_id),
            "window_number": window.get("number"), "state": window.get("state"),
            "reason": window.get("state_reason"), "notice": e.data.get("notice"),
            "number": (e.data.get("ticket") or {}).get("number"),
        })
    return out


def _alerts(center: Center, waiting: dict[int, dict[str, Any]], windows: list[dict[str, Any]],
            devices: list[dict[str, Any]], items: dict[int, Item]) -> list[dict[str, Any]]:
    alerts = []
    open_items = {i for w in windows if w["state"] == "open" for i in w["item_ids"]}
    for item_id, line in sorted(waiting.items(), key=lambda kv: -kv[1]["longest_wait_minutes"]):
        item = items.get(item_id)
        names = {"item_id": item_id, "item": item.name if item else None,
                 "item_en": item.name_en if item else None}
        if line["longest_wait_minutes"] > center.target_wait_minutes:
            alerts.append({"kind": "wait_over_target", "severity": "bad", **names,
                           "minutes": line["longest_wait_minutes"],
                           "target_minutes": center.target_wait_minutes,
                           "waiting": line["waiting"]})
        if item_id not in open_items:
            alerts.append({"kind": "no_open_window", "severity": "bad", **names,
                           "waiting": line["waiting"]})
    for w in windows:
        serving = w["serving"]
        if serving and serving["overrun"]:
            alerts.append({"kind": "service_overrun", "severity": "warn",
                           "window_number": w["number"], "number": serving["number"],
                           "item": serving["item"], "item_en": serving["item_en"],
                           "minutes": serving["minutes"],
                           "expected_minutes": serving["expected_minutes"]})
    for d in devices:
        for problem in d["problems"]:
            alerts.append({**problem, "device_id": d["id"], "device": d["name"],
                           "device_kind": d["kind"]})
    order = {"bad": 0, "warn": 1}
    return sorted(alerts, key=lambda a: order[a["severity"]])


def live_figures(*, session: Session, center_id: int, now: dt.datetime,
                 board_offline_seconds: int = 120) -> dict[str, Any]:
    """One center's hall now, with today's figures (the reports' definitions, for today)."""
    center = get_center(session=session, center_id=center_id)
    snapshot = hall_snapshot(session=session, center_id=center_id, now=now)
    items = {i.id: i for i in center_items(session=session, center_id=center_id)}
    waiting = _waiting(session, center, now)
    for item_id in set(waiting) - set(items):
        items[item_id] = session.get(Item, item_id)
    today = local_day(center, now)
    period = reports.make_period(session=session, center_id=center_id, first=today, last=today)
    figures = reports.report(session=session, name="summary", period=period, source="log")
    handled = reports.handling_distribution(session=session, period=period)
    windows = _windows(session, center, snapshot, now, items)
    devices = [
        device_state(d, now, board_offline_seconds=board_offline_seconds)
        for d in session.scalars(
            select(Device).where(Device.center_id == center_id, Device.revoked_at.is_(None))
            .order_by(Device.kind, Device.id))
    ]
    by_item = [
        {"item_id": item_id, "item": items[item_id].name, "item_en": items[item_id].name_en,
         **line}
        for item_id, line in sorted(waiting.items(), key=lambda kv: -kv[1]["waiting"])
    ]
    states = defaultdict(int)
    for w in windows:
        states[w["state"]] += 1
    return {
        "center": {**snapshot["center"], "code": center.code,
                   "target_wait_minutes": center.target_wait_minutes},
        "seq": snapshot["seq"],
        "at": now.isoformat(),
        "day": today.isoformat(),
        "waiting_total": sum(line["waiting"] for line in waiting.values()),
        "longest_wait_minutes": max(
            (line["longest_wait_minutes"] for line in waiting.values()), default=None),
        "waiting_by_item": by_item,
        "waiting_by_group": snapshot["waiting_by_group"],
        "today": {
            "issued": figures["issued"], "served": figures["served"],
            "no_show": figures["no_show"], "transferred": figures["transferred"],
            "mean_wait_minutes": figures["mean_wait_minutes"],
            "median_wait_minutes": figures["median_wait_minutes"],
            "served_within_target": figures["served_within_target"],
            "mean_handling_minutes": handled.mean(),
            "served_per_hour": reports.per_hour(session=session, period=period),
        },
        "windows_open": states["open"], "windows_paused": states["paused"],
        "windows_closed": states["closed"],
        "windows": windows,
        "reservations_due": _due_reservations(session, center, now, items),
        "devices": devices,
        "no_shows_today": _no_shows_today(session, center, now),
        "recent_actions": _recent_actions(session, center_id),
        "alerts": _alerts(center, waiting, windows, devices, items),
    }


def requeue_no_show(
    *, session: Session, ticket_id: int, actor: Actor, now: dt.datetime
) -> tuple[Ticket, list[Message]]:
    """Put a no-show back in the line at its original place (its `queued_at` is kept).

    Only on the day it was issued: a line does not carry over to the next day.
    """
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound("There is no ticket {ticket_id}.", ticket_id=ticket_id)
    if not actor.manages(ticket.center_id):
        raise Forbidden("Only a manager of this center may put a no-show back in the line.")
    center = lock_center(session, ticket.center_id)
    session.refresh(ticket)
    if ticket.state != "no_show":
        raise Conflict("Ticket {ticket} is {state}; only a no-show can be put back in the line.",
                       ticket=ticket.number, state=Term(ticket.state.replace("_", " ")))
    if ticket.day != local_day(center, now):
        raise Conflict("Ticket {ticket} was issued on {day}; a no-show goes back in the line "
                       "only on the day it was issued.", ticket=ticket.number,
                       day=ticket.day.isoformat())
    return ticket, [put_back_in_line(session, center=center, ticket=ticket, actor=actor,
                                     now=now)]


def put_back_in_line(session: Session, *, center: Center, ticket: Ticket, actor: Actor,
                     now: dt.datetime, reason: str = "") -> Message:
    """The ticket waits again at its original place (`queued_at` kept): a no-show requeued,
    or the resident at a window whose staff member was switched off."""
    missed_at = session.get(Window, ticket.window_id) if ticket.window_id else None
    before = {"state": ticket.state, "window_number": missed_at.number if missed_at else None}
    ticket.state = "waiting"
    ticket.called_at = ticket.started_at = ticket.finished_at = None
    ticket.window_id = ticket.staff_user_id = None
    ticket.recall_count = 0
    session.flush()
    place = placement(session=session, center=center, ticket=ticket, now=now)
    return record(
        session, center=center, type="ticket.requeued", at=now, actor=actor,
        ticket_id=ticket.id, item_id=ticket.item_id, kiosk_id=ticket.kiosk_id,
        data={"ticket": ticket_brief(ticket), "windows": place.windows, "ahead": place.ahead,
              "place": line_place(ticket),
              "missed_at_window_number": missed_at.number if missed_at else None},
        private={"before": before, **({"reason": reason} if reason else {})},
    )
