"""Sign-in: a guesser slows down the account they guess at, and nobody else."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from server.accounts.service import create_user
from tests.conftest import ROOT, app_config


@pytest.fixture
def office(tmp_path, app_hall, client):
    center = app_hall.center()
    with app_hall.db.transaction() as s:
        create_user(session=s, username="admin", password="right-pass", role="admin")
        create_user(session=s, username="li", password="li-pass", role="staff",
                    center_ids=[center.id])
    return client


def sign_in(client, username: str, password: str, address: str = "10.0.0.9"):
    return client.post("/api/v1/auth/token", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_after_a_few_wrong_passwords_even_the_right_one_waits(office):
    for _ in range(5):
        assert sign_in(office, "admin", "wrong-pass").status_code == 401
    assert sign_in(office, "admin", "wrong-pass").status_code == 401  # the 6th starts the wait
    refused = sign_in(office, "admin", "right-pass")
    assert refused.status_code == 429
    assert refused.json["error"] == "rate_limited" and refused.json["detail"]["retry_after"] >= 1


def test_a_guesser_in_the_office_locks_out_neither_colleagues_nor_the_account_elsewhere(office):
    for _ in range(20):
        sign_in(office, "admin", "wrong-pass", address="10.0.0.9")
    assert sign_in(office, "admin", "right-pass", address="10.0.0.9").status_code == 429
    assert sign_in(office, "li", "li-pass", address="10.0.0.9").status_code == 200
    assert sign_in(office, "admin", "right-pass", address="10.0.0.7").status_code == 200


def test_the_per_address_limit_counts_apart_from_the_accounts(tmp_path):
    from server import create_app
    from server.extensions import db

    app = create_app(app_config(tmp_path, RATELIMIT_ENABLED=True,
                                RATELIMIT_LOGIN="3 per minute"))
    with app.app_context():
        db.database.create_all()
    client = app.test_client()
    answers = [sign_in(client, f"user{i}", "whatever", address="10.0.0.5").status_code
               for i in range(4)]
    assert answers == [401, 401, 401, 429]
    assert sign_in(client, "user9", "whatever", address="10.0.0.6").status_code == 401
    app.extensions["qms_db"].dispose()


def test_an_unknown_user_name_costs_a_password_check_too(office, monkeypatch):
    from server.security import passwords

    checked = []
    real = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash",
                        lambda h, p: checked.append(h) or real(h, p))
    assert sign_in(office, "nobody-here", "whatever").status_code == 401
    assert sign_in(office, "admin", "wrong-pass").status_code == 401
    assert len(checked) == 2 and checked[0].startswith(checked[1].split("$")[0])


def test_under_gevent_the_loop_keeps_running_while_passwords_are_checked():
    """Four slow checks; a greenlet that ticks every millisecond keeps ticking meanwhile."""
    script = textwrap.dedent("""
        from gevent import monkey; monkey.patch_all()
        import time, gevent
        from werkzeug.security import generate_password_hash
        from server.security.passwords import verify

        stored = generate_password_hash("secret", method="pbkdf2:sha256:600000")
        ticks = []
        def ticker():
            while True:
                ticks.append(time.monotonic()); gevent.sleep(0.001)
        t = gevent.spawn(ticker)
        gevent.sleep(0.01)
        start = time.monotonic()
        checks = [gevent.spawn(verify, stored, "wrong") for _ in range(4)]
        gevent.joinall(checks)
        took = time.monotonic() - start
        during = [x for x in ticks if x >= start]
        gaps = [b - a for a, b in zip(during, during[1:])]
        print(len(during), max(gaps) if gaps else took, took)
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    ticks, longest_gap, took = int(out[0]), float(out[1]), float(out[2])
    # On the loop itself the four checks would run back to back with no tick between them.
    assert ticks >= 10
    assert longest_gap < took / 2
