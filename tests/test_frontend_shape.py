"""The front end keeps its shape: small scripts, one layout, one way to reach the server.

Every first-party script (each surface's static/ and the shared static/js/, not
static/vendor/) stays within MAX_LINES; every page template extends the shared
base.html, directly or through its surface's layout; only static/js/api.js calls
fetch, only static/js/store.js touches the browser's storage and only
static/js/dom.js creates elements.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SURFACES = ("kiosk", "phone", "display", "counter", "pad", "dashboard")
MAX_LINES = 400
BASE = "base.html"
SHARED = ROOT / "static" / "js"
EXTENDS = re.compile(r"""\{%-?\s*extends\s+["']([^"']+)["']""")


def scripts() -> list[Path]:
    found = [p for s in SURFACES for p in (ROOT / s / "static").rglob("*.js")]
    return sorted(found + list(SHARED.glob("*.js")))


def templates() -> dict[str, Path]:
    """Every template by the name `render_template` knows it by."""
    folders = [ROOT / "server" / "templates"] + [ROOT / s / "templates" for s in SURFACES]
    return {p.relative_to(folder).as_posix(): p
            for folder in folders for p in folder.rglob("*.html")}


def page_templates() -> list[str]:
    return sorted(name for name, path in templates().items()
                  if path.relative_to(ROOT).parts[0] in SURFACES)


def parent(name: str) -> str | None:
    found = EXTENDS.search(templates()[name].read_text(encoding="utf-8"))
    return found.group(1) if found else None


def test_the_surfaces_and_the_shared_scripts_are_found() -> None:
    names = {p.name for p in scripts()}
    assert {"api.js", "dom.js", "store.js", "i18n.js", "live.js", "kiosk.js", "counter.js",
            "pad.js", "phone.js", "hall.js", "dash-core.js"} <= names
    assert not [p for p in scripts() if "vendor" in p.parts]
    assert {"kiosk/page.html", "counter/counter.html", "pad/pad.html", "phone/ticket.html",
            "display/hall.html", "dashboard/live.html"} <= set(page_templates())


@pytest.mark.parametrize("script", scripts(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_script_is_over_the_limit(script: Path) -> None:
    lines = script.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{script.relative_to(ROOT)} has {lines} lines: split it by concern"


@pytest.mark.parametrize("name", page_templates())
def test_every_page_extends_the_base_layout(name: str) -> None:
    chain = [name]
    while chain[-1] != BASE:
        above = parent(chain[-1])
        assert above is not None, f"{' -> '.join(chain)} does not extend {BASE}"
        assert above not in chain, f"{' -> '.join(chain)} -> {above} is a loop"
        chain.append(above)
    assert "<!doctype" not in templates()[name].read_text(encoding="utf-8").lower(), (
        f"{name} writes its own document head; the base layout does that")


@pytest.mark.parametrize(("needle", "owner"), [
    ("fetch(", "api.js"),
    ("sessionStorage", "store.js"),
    ("localStorage.", "store.js"),
    ("document.createElement", "dom.js"),
])
def test_one_shared_helper_does_each_job(needle: str, owner: str) -> None:
    others = [p.relative_to(ROOT).as_posix() for p in scripts()
              if p.name != owner and p.name != "sw.js"
              and needle in _code(p.read_text(encoding="utf-8"))]
    assert not others, f"{needle} outside static/js/{owner}: {others}"


def _code(text: str) -> str:
    """The script without its comments (a comment may name what it does not call)."""
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)
