"""Sign-in back-off per account, kept apart from the per-address limit.

Wrong passwords are counted per account and per (account, address). After
QMS_LOGIN_FREE_FAILURES of them within WINDOW, each further try from that address
waits 1, 2, 4 ... seconds (at most QMS_LOGIN_BACKOFF_MAX_SECONDS), and a try in the
wait is refused (429) without checking the password. Across all addresses the
account allows ACCOUNT_FACTOR times as many before the same back-off, so a guesser
with many addresses slows down too. Nothing here locks an address: an attacker in
an office slows only the account they guess at, and a right password clears that
address's count.

The counters live in the rate limits' store (memory, or Redis when scaled out).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from limits.storage import Storage

from server.errors import RateLimited

WINDOW_SECONDS = 15 * 60
ACCOUNT_FACTOR = 10


@dataclass(frozen=True)
class Rules:
    free_failures: int
    max_wait_seconds: int


def _account(username: str) -> str:
    return hashlib.sha256(username.strip().lower().encode("utf-8", "replace")).hexdigest()[:32]


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    """(key, how many failures are free) for the account from this address and overall."""
    account = _account(username)
    return [(f"signin/{account}/{address}", 1), (f"signin/{account}", ACCOUNT_FACTOR)]


def check(storage: Storage, *, username: str, address: str) -> None:
    """Refuse (429) a try made while this account is in its back-off."""
    for key, _ in _keys(username, address):
        if storage.get(f"{key}/wait"):
            wait = max(1, math.ceil(storage.get_expiry(f"{key}/wait") - time.time()))
            raise RateLimited(
                "Too many wrong passwords for this account; try again in {wait} s.", wait=wait,
                detail={"retry_after": wait},
            )


def failed(storage: Storage, rules: Rules, *, username: str, address: str) -> None:
    for key, factor in _keys(username, address):
        count = storage.incr(f"{key}/failures", WINDOW_SECONDS)
        over = count - rules.free_failures * factor
        if over > 0:
            wait = min(rules.max_wait_seconds, 2 ** min(over - 1, 30))
            storage.incr(f"{key}/wait", wait)


def succeeded(storage: Storage, *, username: str, address: str) -> None:
    key, _ = _keys(username, address)[0]
    storage.clear(f"{key}/failures")
