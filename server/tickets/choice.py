"""Choosing a center: for an item, where a resident taking a number now waits least.

For each center the item's would-be ticket is placed as a walk-in taking a number this
instant: the people waiting for the items of the windows that serve it, and the wait the
estimate (`server.tickets.estimates`) promises.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from server.centers.models import Center, Item
from server.centers.service import is_open, local_day
from server.errors import NotFound
from server.tickets.dispatch import waiting_for_items
from server.tickets.estimates import mean_service_minutes
from server.windows.service import serving_windows


@dataclass
class CenterWait:
    center: Center
    open_now: bool
    waiting: int
    windows_open: int
    estimated_wait_minutes: int | None

    @property
    def can_take(self) -> bool:
        """A number may be taken here now: open, and some window serving the item is open."""
        return self.open_now and self.windows_open > 0


def wait_at(*, session: Session, center: Center, item: Item, now: dt.datetime) -> CenterWait:
    windows = serving_windows(session=session, center_id=center.id, item_id=item.id)
    items = sorted({item.id}.union(*(w.item_ids for w in windows)))
    waiting = waiting_for_items(session=session, center_id=center.id,
                                day=local_day(center, now), item_ids=items)
    open_windows = sum(1 for w in windows if w.state == "open")
    open_now = is_open(center, now)
    minutes = None
    if open_now and open_windows:
        each = mean_service_minutes(session=session, center_id=center.id, item_ids=[item.id],
                                    now=now).get(item.id, float(item.expected_minutes))
        # A resident arriving now: the line shared among the open windows, none if one is idle.
        minutes = 0 if waiting < open_windows else math.ceil(waiting * each / open_windows)
    return CenterWait(center=center, open_now=open_now, waiting=waiting,
                      windows_open=open_windows, estimated_wait_minutes=minutes)


def choose_center(*, session: Session, item_id: int, centers: list[Center],
                  now: dt.datetime) -> list[CenterWait]:
    """The centers, nearest wait first: where a number can be taken now by the promised
    wait, then open ones with no window open for it, then closed ones."""
    item = session.get(Item, item_id)
    if item is None:
        raise NotFound("There is no item {item_id}.", item_id=item_id)
    waits = [wait_at(session=session, center=c, item=item, now=now) for c in centers]
    return sorted(waits, key=lambda w: (
        not w.can_take, not w.open_now,
        w.estimated_wait_minutes if w.estimated_wait_minutes is not None else 0,
        w.waiting, w.center.id))
