"""`qms config export` / `qms config import`: the whole city as a file, both ways."""

from __future__ import annotations

import copy

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import select

from server.admin.config_io import export_config, import_config
from server.centers.models import Center
from server.cli import main
from server.config import CONFIG_DIR
from server.db import Database
from server.demo import load_demo
from server.errors import DomainError
from tests.hall import at


@pytest.fixture
def demo_city(database: Database) -> dict:
    with database.transaction() as s:
        load_demo(session=s, config_dir=CONFIG_DIR / "demo", password="demo-pass",
                  now=at("08:00"))
    with database.read() as s:
        return export_config(session=s)


def test_export_then_import_into_an_empty_database_gives_the_same_city(demo_city, tmp_path):
    fresh = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    fresh.create_all()
    with fresh.transaction() as s:
        report = import_config(session=s, data=copy.deepcopy(demo_city), now=at("08:00"))
    assert "created center pengpu-community" in report.lines
    assert all(a.password for a in report.accounts)
    with fresh.read() as s:
        assert export_config(session=s) == demo_city
    assert len(demo_city["centers"][1]["windows"]) == 25
    fresh.dispose()


def test_importing_the_same_file_again_changes_nothing(database, demo_city):
    with database.transaction() as s:
        report = import_config(session=s, data=copy.deepcopy(demo_city), now=at("08:10"))
    assert report.lines == [] and report.unchanged > 40
    assert [a.password for a in report.accounts] == [None] * 5


def test_an_import_that_changes_a_center_changes_it_and_says_so(database, demo_city):
    data = copy.deepcopy(demo_city)
    pengpu = next(c for c in data["centers"] if c["code"] == "pengpu-community")
    pengpu["special_days"] = {"2026-10-01": None, "2026-09-27": ["08:30", "17:00"]}
    pengpu["max_wait_minutes"] = 45
    pengpu["windows"][23]["items"] = pengpu["windows"][0]["items"][:2]
    with database.transaction() as s:
        report = import_config(session=s, data=data, now=at("08:10"))
    assert "updated center pengpu-community: max_wait_minutes, special_days" in report.lines
    assert "updated center pengpu-community window 24: item_ids" in report.lines
    with database.read() as s:
        center = s.scalar(select(Center).where(Center.code == "pengpu-community"))
        assert center.max_wait_minutes == 45 and center.special_days["2026-10-01"] is None
        assert export_config(session=s) == data


def test_a_file_that_would_strand_waiting_tickets_or_has_an_unknown_key_changes_nothing(
        database, demo_city, hall):
    with database.read() as s:
        center = s.scalar(select(Center).where(Center.code == "pengpu-community"))
        from server.centers.models import Item

        item = s.scalar(select(Item).where(Item.code == "family_planning_pension"))
    hall.take(center, item, at("09:00"))
    data = copy.deepcopy(demo_city)
    pengpu = next(c for c in data["centers"] if c["code"] == "pengpu-community")
    pengpu["max_wait_minutes"] = 45
    for window in pengpu["windows"]:
        window["items"] = [c for c in window["items"] if c != "family_planning_pension"]
    with pytest.raises(DomainError, match="waiting ticket"), database.transaction() as s:
        import_config(session=s, data=data, now=at("09:05"))
    typo = copy.deepcopy(demo_city)
    typo["centers"][0]["max_wait"] = 10
    with pytest.raises(DomainError, match="unknown key"), database.transaction() as s:
        import_config(session=s, data=typo, now=at("09:05"))
    with database.read() as s:
        assert export_config(session=s) == demo_city


def test_the_command_line_exports_imports_and_loads_the_demo(tmp_path, monkeypatch):
    monkeypatch.setenv("QMS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("QMS_DEMO_PASSWORD", "")
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    demo = runner.invoke(main, ["demo"])
    assert demo.exit_code == 0, demo.output
    assert "admin      admin" in demo.output
    again = runner.invoke(main, ["demo"])
    assert "(exists; password unchanged)" in again.output
    out = tmp_path / "city.yaml"
    assert runner.invoke(main, ["config", "export", "-o", str(out)]).exit_code == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    data["centers"][0]["notice"] = "今日下午系统维护"
    out.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(main, ["config", "import", str(out)])
    assert result.exit_code == 0, result.output
    assert "updated center jingan-district: notice" in result.output
    data["centers"][0]["hours"]["mon"] = ["18:00", "09:00"]
    out.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    refused = runner.invoke(main, ["config", "import", str(out)])
    assert refused.exit_code == 1 and "Nothing was changed" in refused.output
