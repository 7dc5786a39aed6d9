"""Password checks off the gevent loop, in the same time whether or not the user exists.

A password hash (scrypt) takes tens of milliseconds of CPU; on the single gevent
loop of a worker that time is taken from every screen of the hall. Under gevent the
check runs in a small thread pool of its own (hashlib releases the GIL while it
hashes); elsewhere (threads, tests) it runs in the calling thread.
"""

from __future__ import annotations

import contextlib
import os
import threading
from functools import cache
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

_pool_lock = threading.Lock()
_pools: dict[int, Any] = {}
_thread = threading.local()


@cache
def _unknown_user_hash() -> str:
    """A hash of nothing anyone knows, checked when the user does not exist (same cost)."""
    import secrets

    return generate_password_hash(secrets.token_urlsafe(16))


def _under_gevent() -> bool:
    try:
        from gevent import monkey
    except ImportError:
        return False
    return monkey.is_module_patched("socket")


def _pool(size: int) -> Any:
    with _pool_lock:
        if size not in _pools:
            from gevent.threadpool import ThreadPool

            _pools[size] = ThreadPool(maxsize=size)
        return _pools[size]


def _check_niced(password_hash: str, password: str) -> bool:
    """In a hashing thread: lowered to the lowest CPU priority first, so that on a busy
    machine the event loop's thread (every screen's requests) runs before the hashing."""
    if not getattr(_thread, "niced", False):
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        _thread.niced = True
    return check_password_hash(password_hash, password)


def verify(password_hash: str | None, password: str, *, threads: int = 1) -> bool:
    """Whether `password` matches; None (no such user) costs the same and answers False."""
    known = password_hash is not None
    target = password_hash if known else _unknown_user_hash()
    if _under_gevent():
        matched = _pool(max(1, threads)).apply(_check_niced, (target, password))
    else:
        matched = check_password_hash(target, password)
    return known and matched
