"""A small hall for the counter's API tests: one center, two windows, two clerks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from server.accounts.models import User
from server.centers.models import Center, Item
from server.clock import utcnow
from server.events.service import Actor
from server.windows.models import Window
from tests.hall import Hall


@dataclass
class Desk:
    hall: Hall
    client: object
    center: Center
    pension: Item
    insurance: Item
    passport: Item
    w1: Window
    w2: Window
    clerk: Actor
    other: Actor
    headers: dict[str, str]
    other_headers: dict[str, str]

    def take(self, item: Item, **kw) -> str:
        """A resident takes a number now; its ticket number."""
        return self.hall.take(self.center, item, utcnow(), **kw).ticket.number

    def post(self, path: str, json: dict | None = None, headers: dict | None = None):
        return self.client.post(f"/api/v1{path}", json=json or {},
                                headers=self.headers if headers is None else headers)

    def get(self, path: str, headers: dict | None = None):
        return self.client.get(f"/api/v1{path}",
                               headers=self.headers if headers is None else headers)

    def rate(self, window: Window, score, reason: str = "", ticket_id: int | None = None):
        """The window's pad rates the service it shows (the window's last one unless told)."""
        if ticket_id is None:
            from server.centers.service import local_day
            from server.ratings.service import last_completed

            with self.hall.db.read() as s:
                last = last_completed(session=s, window_id=window.id,
                                      day=local_day(self.center, utcnow()))
                ticket_id = last.id if last is not None else 1
        return self.client.post(
            f"/api/v1/windows/{window.id}/ratings", headers=pad_headers(self.hall, self.center),
            json={"score": score, "reason": reason, "ticket_id": ticket_id})


def pad_headers(hall: Hall, center: Center) -> dict[str, str]:
    """A pad of the center, registered as `qms device create --kind pad` does."""
    import datetime as dt

    from server.accounts.service import create_device, issue_token

    with hall.db.transaction() as s:
        pad = create_device(session=s, center_id=center.id, kind="pad", name="pad")
        token = issue_token(session=s, now=utcnow(), ttl=dt.timedelta(days=1), device_id=pad.id)
    return {"Authorization": f"Bearer {token}"}


def sign_in(client, hall: Hall, actor: Actor) -> dict[str, str]:
    with hall.db.read() as s:
        username = s.scalar(select(User.username).where(User.id == actor.user_id))
    r = client.post("/api/v1/auth/token", json={"username": username, "password": "secret1"})
    assert r.status_code == 200, r.json
    return {"Authorization": f"Bearer {r.json['token']}"}


@pytest.fixture
def desk(client, app_hall: Hall) -> Desk:
    hall = app_hall
    center = hall.center()
    pension = hall.item("family_planning_pension", center=center, field="community")
    insurance = hall.item("children_health_insurance", center=center, field="community")
    passport = hall.item("passport", center=center, field="police", prefix="P")
    w1 = hall.window(center, 1, items=[pension, insurance])
    w2 = hall.window(center, 2, items=[passport])
    clerk = hall.staff("li", center)
    other = hall.staff("chen", center)
    hall.open(w1, clerk)
    hall.open(w2, other)
    return Desk(hall, client, center, pension, insurance, passport, w1, w2, clerk, other,
                sign_in(client, hall, clerk), sign_in(client, hall, other))
