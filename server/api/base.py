"""The REST surface's shared pieces: the blueprint and the edge's small helpers.

A view parses, calls the domain inside `db.transaction()`, and answers; the messages
the change recorded are published by the transaction itself once it has committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from apiflask import APIBlueprint
from flask import current_app, request

from server.clock import utcnow

T = TypeVar("T")

api = APIBlueprint("api", __name__, url_prefix="/api/v1")


def now() -> dt.datetime:
    return utcnow()


def ttl(hours: int | None = None, days: int | None = None) -> dt.timedelta:
    if days is not None:
        return dt.timedelta(days=days)
    return dt.timedelta(hours=hours if hours is not None else current_app.config[
        "QMS_TOKEN_TTL_HOURS"])


def public_url(path: str) -> str:
    """An address residents can open: QMS_PUBLIC_URL, else the address this request came to."""
    base = current_app.config["QMS_PUBLIC_URL"] or request.host_url
    return base.rstrip("/") + path


def error_body(status: int, code: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {"status": status, "error": code, "message": message, "detail": detail or {}}


def off_the_loop(work: Callable[[], T]) -> T:
    """Run blocking database work in a native thread when serving under gevent."""
    try:
        from gevent import get_hub
        from gevent.monkey import is_module_patched
    except ImportError:  # pragma: no cover - gevent is a dependency
        return work()
    if not is_module_patched("threading"):
        return work()
    return get_hub().threadpool.apply(work)
