"""The README's first walk works end to end at one center: its addresses are Pengpu's, its
window board and pad belong to the window clerk1 opens, and `qms demo` says so."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from server.accounts.models import User
from server.centers.models import Center
from server.config import CONFIG_DIR
from server.demo import load_demo
from server.windows.models import Window

ROOT = Path(__file__).resolve().parents[1]


def story() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text[text.index("## Two commands"):text.index("## The command line")]


def test_the_readme_walk_is_one_center_and_its_window_is_clerk1s(app_hall, client):
    with app_hall.db.transaction() as s:
        load_demo(session=s, config_dir=CONFIG_DIR / "demo", password="demo-pass")
    walk = story()
    center = int(re.search(r"/kiosk/(\d+)", walk).group(1))
    assert re.findall(r"/display/(\d+)\b", walk) == [str(center)]
    window_ids = {int(w) for w in re.findall(r"/(?:display/windows|pad)/(\d+)", walk)}
    assert len(window_ids) == 1
    with app_hall.db.read() as s:
        window = s.get(Window, window_ids.pop())
        clerk1 = s.scalar(select(User).where(User.username == "clerk1"))
        assert window.center_id == center and window.number == 1
        assert clerk1.center_ids == [center]
        assert "Pengpu" in s.get(Center, center).name_en
    for path in re.findall(r"http://127\.0\.0\.1:5000(/[^\s`)]*)", walk):
        if "{" not in path:
            assert client.get(path).status_code == 200, path


def test_qms_demo_lists_every_account_where_it_works_and_how_to_reset_it(tmp_path):
    from click.testing import CliRunner

    from server.cli import main

    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'q.sqlite3'}", "QMS_DEMO_PASSWORD": ""}
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    first = runner.invoke(main, ["demo"], env=env)
    again = runner.invoke(main, ["demo"], env=env)
    assert first.exit_code == again.exit_code == 0, again.output
    for line in ("clerk1     staff    (exists; password unchanged) center 2 Pengpu",
                 "clerk3     staff    (exists; password unchanged) center 1 Jing'an",
                 "admin      admin    (exists; password unchanged) every center"):

        assert line in again.output
    assert "qms user password NAME" in again.output
    reset = runner.invoke(main, ["user", "password", "clerk1", "--password", "new-secret"],
                          env=env)
    assert reset.exit_code == 0 and "new-secret" in reset.output
