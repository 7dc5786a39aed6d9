"""Staff and managers work at the centers they are assigned to; with none, nowhere."""

from __future__ import annotations

import pytest

from server.accounts.models import user_centers
from server.errors import Forbidden, InvalidRequest
from server.windows import service as windows
from tests.engine.test_cli_and_schema import qms
from tests.hall import at


def test_staff_whose_centers_were_taken_away_open_no_window(hall):
    center = hall.center()
    w1 = hall.window(center, 1, fields=["community"])
    li = hall.staff("li", center)
    with hall.db.transaction() as s:
        s.execute(user_centers.delete().where(user_centers.c.user_id == li.user_id))
    from server.events.service import Actor

    nowhere = Actor(user_id=li.user_id, role="staff", center_ids=())
    with pytest.raises(Forbidden), hall.db.transaction() as s:
        windows.open_window(session=s, window_id=w1.id, actor=nowhere, now=at("09:00"))


@pytest.mark.parametrize("role", ["staff", "manager"])
def test_a_staff_member_or_manager_is_made_for_a_center(hall, role):
    from server.accounts.service import create_user

    with pytest.raises(InvalidRequest, match="center"), hall.db.transaction() as s:
        create_user(session=s, username=f"nobody-{role}", password="secret1", role=role)


def test_an_admin_is_city_wide(hall):
    from server.accounts.service import create_user

    with hall.db.transaction() as s:
        assert create_user(session=s, username="root", password="secret1", role="admin").id


def test_qms_user_create_asks_for_the_center_of_staff(tmp_path):
    qms(tmp_path, "db", "upgrade")
    refused = qms(tmp_path, "user", "create", "zhou", "--password", "secret9", check=False)
    assert refused.returncode != 0 and "--center" in refused.stderr
    made = qms(tmp_path, "user", "create", "root", "--role", "admin", "--password", "secret9")
    assert "Created admin root" in made.stdout
