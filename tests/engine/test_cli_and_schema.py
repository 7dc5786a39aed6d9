"""The `qms` command line, and migrations that build exactly the models' schema."""

from __future__ import annotations

import json
import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from server.db import Base
from server.migrations import upgrade
from tests.conftest import ROOT


def qms(tmp_path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "QMS_INSTANCE_PATH": str(tmp_path), "HOME": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "server.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=check)


def test_migrations_build_the_schema_of_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], diff


def test_db_upgrade_demo_user_and_device(tmp_path):
    assert "Schema at heads" in qms(tmp_path, "db", "upgrade").stdout
    first = qms(tmp_path, "demo").stdout
    assert "manager" in first and "clerk1" in first
    again = qms(tmp_path, "demo").stdout
    assert again.count("password unchanged") == first.count("\n  ")
    made = qms(tmp_path, "user", "create", "zhou", "--role", "staff", "--password", "secret9",
               "--center", "2").stdout
    assert "Created staff zhou" in made
    twice = qms(tmp_path, "user", "create", "zhou", "--role", "staff", "--password", "secret9",
                "--center", "2", check=False)
    assert twice.returncode != 0 and "exists already" in twice.stderr
    device = json.loads(qms(tmp_path, "device", "create", "--center", "1", "--kind", "kiosk",
                            "--name", "east door", "--json").stdout)
    assert isinstance(device["id"], int) and len(device["token"]) > 30
    wrong = qms(tmp_path, "device", "create", "--center", "99", "--kind", "kiosk", "--name", "x",
                check=False)
    assert wrong.returncode != 0 and "no center 99" in wrong.stderr
