"""Rate limits per route, from settings, keyed on the client's address.

The address is the peer's, or the one the trusted proxies forwarded
(QMS_TRUSTED_PROXIES). A kiosk or pad presenting its own device token is not
limited: a hall's kiosk issues hundreds of tickets an hour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_limiter.util import get_remote_address
from limits.storage import Storage

from server.api.auth import principal
from server.extensions import limiter
from server.security.signin import Rules

MESSAGE = "Too many requests from this device; please wait a minute and try again."


def _setting(name: str) -> Callable[[], str]:
    def limit() -> str:
        return current_app.config[name]

    limit.__name__ = f"limit_{name.lower()}"
    return limit


def a_device() -> bool:
    """A request made with a device's own token (a kiosk, a pad, a print agent)."""
    who = principal()
    return who is not None and who.device is not None


def per_address(setting: str, *, devices_exempt: bool = False) -> Any:
    """The limit named by `setting` on this route, per client address."""
    return limiter.limit(_setting(setting), error_message=MESSAGE,
                         exempt_when=a_device if devices_exempt else None)


def shared_per_address(setting: str, *, scope: str, devices_exempt: bool = False) -> Any:
    """One limit, per client address, over every route that names `scope` (e.g. all the
    routes that look a booking up by its code: a guesser counts every try once)."""
    return limiter.shared_limit(_setting(setting), scope=scope, error_message=MESSAGE,
                                exempt_when=a_device if devices_exempt else None)


@dataclass(frozen=True)
class SignInThrottle:
    storage: Storage
    rules: Rules
    address: str
    threads: int


def signin_throttle() -> SignInThrottle:
    config = current_app.config
    return SignInThrottle(
        storage=current_app.extensions["qms_signin"],
        rules=Rules(free_failures=config["QMS_LOGIN_FREE_FAILURES"],
                    max_wait_seconds=config["QMS_LOGIN_BACKOFF_MAX_SECONDS"]),
        address=get_remote_address() or "unknown",
        threads=config["QMS_PASSWORD_THREADS"],
    )
