"""The lines of a hall as the screens show them: waiting per item, per window, per group.

The snapshot draws them, and every transaction that moves a line sends them with its last
message (`attach_line_figures`, run by the transaction before it commits, under the
center's lock), so boards, counters and dashboards follow the lines from the events alone.
Two statements on indexed columns, whatever the number of screens or the history.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.centers.models import Center
from server.centers.service import local_day
from server.clock import iso
from server.events.service import MESSAGES, Message
from server.tickets.models import Ticket
from server.windows.models import Window, WindowItem

# The changes that can move a line, or the windows that serve it.
_MOVES = ("ticket.", "window.", "day.closed", "center.changed")


def line_figures(
    *, session: Session, center_id: int, day: dt.date, windows: list[Window] | None = None,
) -> dict[str, Any]:
    """Today's waiting tickets counted per item, per window (what it may call), per group of
    windows (`group` or kind, with how many are open and staffed) and in all."""
    waiting_by_item: dict[int, int] = {}
    targeted: Counter[int] = Counter()
    every: dict[int, dict[str, Any]] = {}
    for item_id, target, count, first in session.execute(
        select(Ticket.item_id, Ticket.target_window_id, func.count(), func.min(Ticket.issued_at))
        .where(Ticket.center_id == center_id, Ticket.day == day, Ticket.state == "waiting")
        .group_by(Ticket.item_id, Ticket.target_window_id)
    ):
        row = every.setdefault(item_id, {"item_id": item_id, "waiting": 0, "first": first})
        row["waiting"] += count
        row["first"] = min(row["first"], first)
        if target is None:
            waiting_by_item[item_id] = count
        else:
            targeted[target] += count
    if windows is None:
        windows = list(session.scalars(
            select(Window).where(Window.center_id == center_id, Window.retired_at.is_(None))
            .order_by(Window.number)))
    items_of: dict[int, set[int]] = {}
    for window_id, item_id in session.execute(
        select(WindowItem.window_id, WindowItem.item_id).join(Window).where(
            Window.center_id == center_id)
    ):
        items_of.setdefault(window_id, set()).add(item_id)
    by_window = {
        w.id: sum(waiting_by_item.get(i, 0) for i in items_of.get(w.id, set()))
        + targeted.get(w.id, 0)
        for w in windows
    }
    return {
        "waiting_total": sum(waiting_by_item.values()) + sum(targeted.values()),
        "waiting_by_window": [{"window_id": k, "waiting": v} for k, v in by_window.items()],
        "waiting_by_item": [
            {"item_id": k, "waiting": v} for k, v in sorted(waiting_by_item.items())
        ],
        # Every waiting ticket of an item, sent to a window or not, and the earliest issued
        # (a dashboard counts the longest wait from it, by its own clock).
        "all_by_item": [
            {"item_id": r["item_id"], "waiting": r["waiting"], "first_issued_at": iso(r["first"])}
            for _, r in sorted(every.items())
        ],
        "waiting_by_group": _waiting_by_group(windows, items_of, waiting_by_item, targeted),
    }


def _is_open(w: Window) -> bool:
    return w.state == "open" and w.staff_user_id is not None


def _waiting_by_group(windows: list[Window], items_of: dict[int, set[int]],
                      waiting_by_item: dict[int, int], targeted: Counter) -> list[dict[str, Any]]:
    """Waiting people per window group, each person counted once, so the groups add up to
    the hall's total. An item's people count in the group of the first open window serving
    it; with none open, the first non-reserved one (a reserved window is closed by default and
    holds no line of its own); a ticket sent to a window counts in that window's group."""
    groups: dict[str, dict[str, Any]] = {}
    group_of: dict[int, str] = {}
    for w in windows:
        name = w.group or w.kind
        group = groups.setdefault(name, {"group": name, "group_en": w.group_en, "windows": [],
                                         "open_windows": 0, "waiting": 0})
        group["windows"].append(w.number)
        group["open_windows"] += _is_open(w)
        group_of[w.id] = name
    home: dict[int, str] = {}
    for rank in (_is_open, lambda w: w.kind != "reserved", lambda w: True):
        for w in windows:
            if rank(w):
                for item_id in items_of.get(w.id, set()):
                    home.setdefault(item_id, group_of[w.id])
    for item_id, n in waiting_by_item.items():
        if item_id in home:
            groups[home[item_id]]["waiting"] += n
    for window_id, n in targeted.items():
        if window_id in group_of:
            groups[group_of[window_id]]["waiting"] += n
    return list(groups.values())


def attach_line_figures(session: Session, collected: dict[str, list[Any]]) -> None:
    """Give the last line-moving message of each center in this transaction the lines as
    they will be once it commits (`line`), computed once per transaction, not per screen."""
    last: dict[int, Message] = {}
    for message in collected.get(MESSAGES, ()):
        if message.type.startswith(_MOVES):
            last[message.center_id] = message
    for center_id, message in last.items():
        center = session.get(Center, center_id)
        message.payload["line"] = line_figures(
            session=session, center_id=center_id, day=local_day(center, dt.datetime.fromisoformat(
                message.payload["at"])))
