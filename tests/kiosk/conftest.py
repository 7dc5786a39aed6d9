"""Kiosk and guide fixtures: an app with the demo city loaded, shared by a test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from server.config import CONFIG_DIR
from tests.conftest import app_config


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory) -> Iterator:
    """The app on a database holding the demo city (centers 1 Jing'an, 2 Pengpu).

    Shared by the tests of a module (loading the city takes a while): tests add what
    they need and do not count on what the others left.
    """
    from server import create_app
    from server.demo import load_demo

    app = create_app(app_config(tmp_path_factory.mktemp("kiosk")))
    database = app.extensions["qms_db"]
    database.create_all()
    with database.transaction() as session:
        load_demo(session=session, config_dir=CONFIG_DIR / "demo", password="demo-pass")
    yield app
    database.dispose()


@pytest.fixture
def demo_client(demo_app):
    return demo_app.test_client()
