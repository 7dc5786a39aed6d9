"""A plain install of the wheel, run from another folder, serves every surface with its assets.

The wheel is built from a clean copy of the tree (no stale build/ folder can hide a missing
file), installed without `-e` into a fresh virtualenv that borrows this environment's
dependencies, and driven only through its own `qms` command, with the repository out of reach.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from tests.conftest import DEMO_PASSWORD, ROOT, free_port
from tests.waiting import eventually

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__",
                                    "instance", "artifacts", "node_modules", ".*_cache")
# Every client surface must be among the pages checked.
SURFACES = ("/kiosk/", "/display/", "/counter/", "/dashboard/", "/book/")


class Assets(HTMLParser):
    """The scripts, stylesheets and links a page loads or offers."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.loads.append(found["src"])
        elif tag == "link" and found.get("href") and not found["href"].startswith("data:"):
            self.loads.append(found["href"])
        elif tag == "a" and found.get("href"):
            self.links.append(found["href"])


def read_page(url: str) -> Assets:
    page = requests.get(url, timeout=10)
    assert page.status_code == 200, url
    assets = Assets()
    assets.feed(page.text)
    return assets


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=150)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def install_wheel(tmp: Path) -> Path:
    """Build the wheel and install it into a new virtualenv; answer that venv's bin folder."""
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp / "dist", source,
        cwd=tmp)
    venv = tmp / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp)
    site = Path(run(venv / "bin" / "python", "-c",
                    "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp).strip())
    # The dependencies come from this environment; its .pth files (the editable install) do not.
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    (wheel,) = (tmp / "dist").glob("hallqueue-*.whl")
    run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q",
        "--no-deps", "--no-index", wheel, cwd=tmp)
    return venv / "bin"


def test_a_plain_install_migrates_loads_the_demo_and_serves_every_surface(tmp_path):
    bin_dir = install_wheel(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path),
           "QMS_INSTANCE_PATH": str(tmp_path / "instance"), "QMS_DEMO_PASSWORD": DEMO_PASSWORD}
    served_from = run(bin_dir / "python", "-c", "import server; print(server.__file__)",
                      cwd=elsewhere, env=env)
    assert Path(served_from.strip()).is_relative_to(bin_dir.parent)

    assert "Schema at heads" in run(bin_dir / "qms", "db", "upgrade", cwd=elsewhere, env=env)
    assert "clerk1" in run(bin_dir / "qms", "demo", cwd=elsewhere, env=env)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(tmp_path / "server.log", "w") as log:
        server = subprocess.Popen([bin_dir / "qms", "run", "--port", str(port)], cwd=elsewhere,
                                  env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            eventually(lambda: served(url, server), timeout=60, what="the installed server")
            check_every_surface(url)
        finally:
            server.terminate()
            server.wait(15)


def served(url: str, server: subprocess.Popen) -> bool:
    assert server.poll() is None, "the installed server stopped"
    try:
        return requests.get(url + "/api/v1/centers", timeout=2).ok
    except requests.RequestException:
        return False


def check_every_surface(url: str) -> None:
    """The landing page's screens, and each window's board and pad, with all they load."""
    landing = read_page(url + "/")
    pages = {"/", *(link for link in landing.links if not link.startswith("/api/"))}
    center = requests.get(url + "/api/v1/centers", timeout=10).json()[0]["id"]
    window = requests.get(f"{url}/api/v1/centers/{center}/windows", timeout=10).json()[0]["id"]
    pages |= {f"/display/windows/{window}", f"/pad/{window}", "/dashboard/city",
              "/dashboard/reports"}
    paths = {urlsplit(page).path for page in pages}
    assert all(any(path.startswith(s) for path in paths) for s in SURFACES), paths

    loaded: set[str] = set()
    for page in sorted(pages):
        page_url = urljoin(url, page)
        for asset in read_page(page_url).loads:
            loaded.add(urljoin(page_url, asset))
    missing = [a for a in sorted(loaded) if requests.get(a, timeout=10).status_code != 200]
    assert not missing, missing
    assert any("/static/vendor/" in a for a in loaded), loaded
