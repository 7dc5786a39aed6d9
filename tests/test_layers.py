"""The layers of the server, read from the imports: arrows run one way, and the domain
knows nothing of Flask.

A node is an area's domain (every module of `server/<area>/` but its `views.py` and
`cli.py`), an edge module (an area's `views.py` or `cli.py`, `server/api/`,
`server/realtime/`, ...), a top-level module of `server/`, or a client surface
(`kiosk/`, `display/`, ...). No two nodes may import each other, directly or round a
loop; a domain node may not import Flask, nor any edge module.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURFACES = ("kiosk", "display", "counter", "dashboard", "phone", "pad")
# server.security: the edge's defences (limits, headers, converters, sign-in throttle).
EDGE_PACKAGES = ("server.api", "server.realtime", "server.security")
EDGE_MODULES = ("server", "server.extensions", "server.cli", "server.wsgi", "server.bench_probes",
                "server.background", "server.routes", "server.i18n")
EDGE_FILES = ("views", "cli")
FLASK = ("flask", "apiflask", "werkzeug.local")


def _sources() -> list[Path]:
    found = sorted((ROOT / "server").rglob("*.py"))
    for surface in SURFACES:
        found += sorted((ROOT / surface).rglob("*.py"))
    return [p for p in found if "migrations" not in p.relative_to(ROOT).parts[:2]]


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def node(module: str) -> str:
    """The layer node a module belongs to."""
    parts = module.split(".")
    if parts[0] in SURFACES:
        return parts[0]
    if len(parts) <= 2:
        return module
    if parts[-1] in EDGE_FILES and len(parts) == 3:
        return module
    return ".".join(parts[:2])


def is_edge(name: str) -> bool:
    parts = name.split(".")
    return (
        parts[0] in SURFACES
        or name in EDGE_MODULES
        or name.startswith(tuple(p + "." for p in EDGE_PACKAGES)) or name in EDGE_PACKAGES
        or (parts[0] == "server" and len(parts) == 3 and parts[-1] in EDGE_FILES)
    )


def imports(path: Path) -> list[str]:
    """Every module a file imports, anywhere in it (a function's own imports included)."""
    found: list[str] = []
    for stmt in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(stmt, ast.Import):
            found += [alias.name for alias in stmt.names]
        elif isinstance(stmt, ast.ImportFrom) and stmt.module and stmt.level == 0:
            found.append(stmt.module)
            found += [f"{stmt.module}.{a.name}" for a in stmt.names
                      if _is_module(f"{stmt.module}.{a.name}")]
    return found


def _graph() -> dict[str, set[str]]:
    arrows: dict[str, set[str]] = defaultdict(set)
    for path in _sources():
        source = node(_module(path))
        for name in imports(path):
            if name.split(".")[0] not in ("server", *SURFACES) or name == "server":
                continue
            target = node(name)
            if target != source:
                arrows[source].add(target)
    return arrows


def cycles(arrows: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(arrows.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(arrows):
        if v not in index:
            visit(v)
    return found


def test_no_two_nodes_import_each_other():
    assert cycles(_graph()) == []


def test_the_cycle_finder_finds_a_loop():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_domain_modules_import_no_flask_and_no_edge():
    wrong = []
    for path in _sources():
        module = _module(path)
        if is_edge(module) or not module.startswith("server"):
            continue
        for name in imports(path):
            top = name.split(".")[0]
            if top in FLASK or top.startswith("flask_") or (
                name.startswith("server.") and is_edge(node(name))
            ):
                wrong.append(f"{module} imports {name}")
    assert wrong == []


def test_the_node_of_a_module():
    assert node("server.tickets.service") == "server.tickets"
    assert node("server.tickets.views") == "server.tickets.views"
    assert node("server.db") == "server.db"
    assert node("kiosk.catalog") == "kiosk"
    assert is_edge("server.booking.views") and not is_edge("server.booking.sweeper")
