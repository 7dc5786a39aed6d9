"""A small city for the administration tests: two centers, an admin, a manager of each,
a clerk, and a way to act as each of them over the API."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import yaml

from server.admin.config_io import export_config
from server.centers.models import Center, Item
from server.windows.models import Window
from tests.hall import Hall

PASSWORD = "secret1"


class As:
    """One signed-in person (or device) talking to the API."""

    def __init__(self, client, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def __call__(self, method: str, path: str, json=None, **kw):
        headers = {**self.headers, **kw.pop("headers", {})}
        return self.client.open(f"/api/v1{path}", method=method, json=json, headers=headers,
                                **kw)


def sign_in(client, username: str, password: str = PASSWORD) -> As:
    r = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert r.status_code == 200, r.json
    return As(client, r.json["token"])


@dataclass
class City:
    hall: Hall
    client: object
    north: Center
    south: Center
    pension: Item
    w1: Window
    admin: As
    north_manager: As
    south_manager: As
    clerk: As
    clerk_id: int

    def configuration(self) -> str:
        """The whole configuration as `qms config export` writes it."""
        with self.hall.db.read() as s:
            return yaml.safe_dump(export_config(session=s), allow_unicode=True)


def _user(client, admin: As, username: str, role: str, center_ids: list[int]) -> int:
    r = admin("POST", "/users", {"username": username, "password": PASSWORD, "role": role,
                                 "center_ids": center_ids})
    assert r.status_code == 201, r.json
    return r.json["id"]


@pytest.fixture
def city(client, app_hall: Hall) -> City:
    hall = app_hall
    north = hall.center(name="北区中心", name_en="North Center", code="north")
    south = hall.center(name="南区中心", name_en="South Center", code="south")
    pension = hall.item("pension", center=north, field="community", prefix="A")
    w1 = hall.window(north, 1, items=[pension])
    hall.staff("root", role="admin")
    with hall.db.read() as s:
        from sqlalchemy import select

        from server.accounts.models import User

        root = s.scalar(select(User).where(User.role == "admin")).username
    admin = sign_in(client, root)
    _user(client, admin, "wang", "manager", [north.id])
    _user(client, admin, "zhao", "manager", [south.id])
    clerk_id = _user(client, admin, "li", "staff", [north.id])
    return City(hall, client, north, south, pension, w1, admin, sign_in(client, "wang"),
                sign_in(client, "zhao"), sign_in(client, "li"), clerk_id)
