"""A center with a kiosk (and its device token) and a manager, for the printing tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import update

from server.accounts.service import create_device, create_user, issue_token
from server.centers.models import Center, Item
from server.clock import utcnow
from tests.conftest import app_config

PUBLIC_URL = "https://hall.example.cn"


@pytest.fixture
def app(tmp_path):
    """The app with quick printer timeouts and retries, and a public address for QR codes.

    The test printers listen on the loopback at any free port: it is the printer network here.
    """
    from server import create_app
    from server.extensions import db

    app = create_app(app_config(tmp_path, QMS_PRINTER_TIMEOUT_SECONDS=0.5,
                                QMS_PRINTER_RETRY_SECONDS=0.2, QMS_PUBLIC_URL=PUBLIC_URL,
                                QMS_PRINTER_ALLOWED_NETWORKS="10.0.0.0/8,127.0.0.0/8",
                                QMS_PRINTER_ALLOWED_PORTS="1-65535"))
    with app.app_context():
        db.database.create_all()
    yield app
    app.extensions["qms_db"].dispose()


@dataclass
class KioskHall:
    center_id: int
    item_id: int
    kiosk_id: int
    kiosk_headers: dict
    manager_headers: dict

    def bearer(self, token: str) -> dict:
        return {"Authorization": f"Bearer {token}"}


def _device(session, center_id: int, name: str) -> tuple[int, str]:
    device = create_device(session=session, center_id=center_id, kind="kiosk", name=name)
    token = issue_token(session=session, now=utcnow(), ttl=dt.timedelta(days=1),
                        device_id=device.id)
    return device.id, token


@pytest.fixture
def hall_with_kiosk(app_hall, client) -> KioskHall:
    """Pengpu's community center: one item, one window, kiosk 大厅一号取号机, manager Wang."""
    center = app_hall.center(name="彭浦新村街道社区事务受理服务中心",
                             name_en="Pengpu Xincun Community Affairs Center")
    item = app_hall.item("residence_permit", center=center, prefix="A")
    app_hall.window(center, 3, fields=["community"])
    with app_hall.db.transaction() as s:
        s.execute(update(Item).where(Item.id == item.id).values(
            name="居住证办理", name_en="Residence permit"))
        s.execute(update(Center).where(Center.id == center.id).values(allow_outside_hours=True))
        kiosk_id, token = _device(s, center.id, "大厅一号取号机")
        create_user(session=s, username="wang", password="secret1", role="manager",
                    center_ids=[center.id])
    manager = client.post("/api/v1/auth/token",
                          json={"username": "wang", "password": "secret1"}).json["token"]
    return KioskHall(center.id, item.id, kiosk_id, {"Authorization": f"Bearer {token}"},
                     {"Authorization": f"Bearer {manager}"})


@pytest.fixture
def another_kiosk(app_hall, hall_with_kiosk) -> tuple[int, dict]:
    with app_hall.db.transaction() as s:
        kiosk_id, token = _device(s, hall_with_kiosk.center_id, "二号取号机")
    return kiosk_id, {"Authorization": f"Bearer {token}"}
