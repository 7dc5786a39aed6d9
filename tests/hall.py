"""Factories that build a hall for a test: a center, its items, windows and staff.

    hall = Hall(database)
    center = hall.center()
    pension = hall.item("family_planning_pension", field="community")
    w1 = hall.window(center, 1, kind="comprehensive", fields=["community"])
    clerk = hall.staff("li", center)
    hall.open(w1, clerk)
"""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from sqlalchemy import select

from server.accounts.service import create_user
from server.centers.models import Center, CenterItem, Department, Item
from server.db import Database
from server.events.service import Actor
from server.tickets import service as tickets
from server.windows import service as windows
from server.windows.models import Window, WindowItem

SHANGHAI = ZoneInfo("Asia/Shanghai")
ALL_DAY = {d: ["00:00", "24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
_codes = itertools.count(1)


def at(hhmm: str, day: dt.date = dt.date(2026, 11, 27)) -> dt.datetime:
    """A moment of the test day, in the hall's own time (Shanghai)."""
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI)


class Hall:
    def __init__(self, database: Database) -> None:
        self.db = database

    def center(self, **fields) -> Center:
        values = dict(
            code=f"c{next(_codes)}", name="测试中心", name_en="Test Center",
            timezone="Asia/Shanghai", hours=ALL_DAY, grace_minutes=15, max_wait_minutes=90,
            priority_classes=["elderly", "disabled"], slot_minutes=30, slot_capacity=2,
        )
        values.update(fields)
        with self.db.transaction() as s:
            center = Center(**values)
            s.add(center)
        return center

    def department(self, code: str) -> Department:
        with self.db.transaction() as s:
            dep = s.scalar(select(Department).where(Department.code == code))
            if dep is None:
                dep = Department(code=code, name=code, name_en=code)
                s.add(dep)
        return dep

    def item(
        self, code: str, *, center: Center | None = None, field: str = "community",
        department: str = "civil", routing: str = "comprehensive", minutes: int = 10,
        prefix: str = "A", on_the_spot: bool = False,
    ) -> Item:
        dep = self.department(department)
        with self.db.transaction() as s:
            item = Item(code=f"{code}-{next(_codes)}", name=code, name_en=code,
                        department_id=dep.id, field=field, routing=routing,
                        expected_minutes=minutes, prefix=prefix, on_the_spot=on_the_spot)
            s.add(item)
            s.flush()
            if center is not None:
                s.add(CenterItem(center_id=center.id, item_id=item.id))
        return item

    def window(
        self, center: Center, number: int, *, kind: str = "comprehensive",
        fields: list[str] | None = None, department: str | None = None,
        items: list[Item] | None = None, group: str = "",
    ) -> Window:
        dep = self.department(department) if department else None
        with self.db.transaction() as s:
            window = Window(center_id=center.id, number=number, kind=kind,
                            fields=fields or [], department_id=dep.id if dep else None,
                            group=group or kind, state="closed")
            s.add(window)
            s.flush()
            ids = [i.id for i in items] if items is not None else windows.routed_item_ids(
                session=s, window=window)
            window.items = [WindowItem(item_id=i) for i in ids]
        return window

    def staff(self, name: str, center: Center | None = None, role: str = "staff") -> Actor:
        with self.db.transaction() as s:
            user = create_user(session=s, username=f"{name}{next(_codes)}", password="secret1",
                               role=role, center_ids=[center.id] if center else [])
            return Actor(user_id=user.id, role=role, center_ids=tuple(user.center_ids))

    # What people do in the hall.

    def open(self, window: Window, clerk: Actor, now: dt.datetime | None = None) -> None:
        with self.db.transaction() as s:
            windows.open_window(session=s, window_id=window.id, actor=clerk,
                                now=now or at("09:00"))

    def take(self, center: Center, item: Item, now: dt.datetime, **kw) -> tickets.Issued:
        with self.db.transaction() as s:
            return tickets.issue_ticket(session=s, center_id=center.id, item_id=item.id,
                                        now=now, **kw)

    def call(self, window: Window, clerk: Actor, now: dt.datetime) -> str | None:
        """Call next at a window; the number called, or None when nobody waits."""
        with self.db.transaction() as s:
            acted = tickets.call_next(session=s, window_id=window.id, actor=clerk, now=now)
            return acted.ticket.number if acted.ticket else None

    def finish(self, window: Window, clerk: Actor, now: dt.datetime) -> None:
        with self.db.transaction() as s:
            tickets.complete(session=s, window_id=window.id, actor=clerk, now=now)

    def serve(self, window: Window, clerk: Actor, now: dt.datetime) -> str | None:
        """Call the next resident and finish with them at once."""
        number = self.call(window, clerk, now)
        if number is not None:
            self.finish(window, clerk, now)
        return number
