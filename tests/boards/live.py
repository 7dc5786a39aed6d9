"""Acting in the live demo hall over HTTP, as residents and window staff do.

    hall = LiveHall(live_server, "pengpu-community")
    li = hall.new_clerk()                     # a fresh staff account of this center
    w = hall.window(3)
    hall.open(li, w); hall.take(); hall.act(li, w, "call-next")
"""

from __future__ import annotations

import itertools
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

import requests

PASSWORD = "clerk-pass"
_names = itertools.count(1)


@dataclass
class Clerk:
    username: str
    password: str
    headers: dict[str, str]


class LiveHall:
    def __init__(self, server, center_code: str) -> None:
        self.server = server
        self.url = server.url
        self.center_id = server.center_id(center_code)
        self._items: list[dict[str, Any]] | None = None

    def api(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(method, f"{self.url}/api/v1{path}", timeout=15, **kw)

    def new_clerk(self, prefix: str = "clerk") -> Clerk:
        name = f"{prefix}{next(_names)}x{int(time.time() * 1000) % 100000}"
        self.server.qms("user", "create", name, "--password", PASSWORD,
                        "--center", str(self.center_id))
        token = self.server.token(name, PASSWORD)
        return Clerk(name, PASSWORD, {"Authorization": f"Bearer {token}"})

    def pad_token(self) -> str:
        """A satisfaction pad of this center, registered as a hall does (`qms device create`)."""
        import json

        made = self.server.qms("device", "create", "--center", str(self.center_id), "--kind",
                               "pad", "--name", f"pad{next(_names)}", "--json")
        return json.loads(made)["token"]

    def windows(self) -> list[dict[str, Any]]:
        return self.api("GET", f"/centers/{self.center_id}/windows").json()

    def window(self, number: int) -> dict[str, Any]:
        return next(w for w in self.windows() if w["number"] == number)

    def items(self) -> list[dict[str, Any]]:
        if self._items is None:
            self._items = self.api("GET", f"/centers/{self.center_id}/items").json()
        return self._items

    def item_for(self, window: dict[str, Any]) -> dict[str, Any]:
        return next(i for i in self.items() if i["id"] in window["item_ids"])

    def take(self, item: dict[str, Any], **body) -> dict[str, Any]:
        r = self.api("POST", f"/centers/{self.center_id}/tickets",
                     json={"item_id": item["id"], **body})
        assert r.status_code == 201, r.text
        return r.json()

    def open(self, clerk: Clerk, window: dict[str, Any]) -> dict[str, Any]:
        r = self.api("POST", f"/windows/{window['id']}/open", headers=clerk.headers)
        assert r.status_code == 200, r.text
        return r.json()

    def act(self, clerk: Clerk, window: dict[str, Any], action: str,
            body: dict | None = None) -> requests.Response:
        return self.api("POST", f"/windows/{window['id']}/{action}", headers=clerk.headers,
                        json=body or {})

    def hall(self) -> dict[str, Any]:
        return self.api("GET", f"/centers/{self.center_id}/hall").json()

    def rows(self, sql: str, *args: Any) -> list[tuple]:
        """Read the live server's SQLite file directly: what is really stored."""
        with sqlite3.connect(self.server.instance / "qms.sqlite3") as conn:
            return conn.execute(sql, args).fetchall()
