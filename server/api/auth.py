"""Bearer auth at the edge: who presented a token, remembered for a few seconds."""

from __future__ import annotations

import time

from apiflask import HTTPTokenAuth

from server.accounts.service import Principal, principal_for
from server.clock import utcnow
from server.errors import Forbidden
from server.extensions import db

auth = HTTPTokenAuth(scheme="Bearer", description="A token from POST /api/v1/auth/token")


class PrincipalCache:
    """Who a bearer token belongs to, remembered for a few seconds.

    Every window action presents a token; looking it up is a transaction of its own.
    A token signed out here is forgotten at once; another worker may honour it for
    up to `ttl` seconds more.
    """

    def __init__(self, ttl: float = 10.0, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._known: dict[str, tuple[float, Principal]] = {}

    def get(self, token: str) -> Principal | None:
        known = self._known.get(token)
        return known[1] if known is not None and known[0] > time.monotonic() else None

    def put(self, token: str, who: Principal) -> None:
        if len(self._known) >= self.size:
            self._known.clear()
        self._known[token] = (time.monotonic() + self.ttl, who)

    def forget(self, token: str) -> None:
        self._known.pop(token, None)

    def forget_holder(self, *, user_id: int | None = None, device_id: int | None = None) -> None:
        """Forget every token of a person or device (deactivated, revoked, role changed)."""
        for token, (_, who) in list(self._known.items()):
            if (user_id is not None and who.actor.user_id == user_id) or (
                    device_id is not None and who.actor.device_id == device_id):
                self._known.pop(token, None)


principals = PrincipalCache()


@auth.verify_token
def _verify(token: str) -> Principal | None:
    if not token:
        return None
    who = principals.get(token)
    if who is None:
        with db.read() as session:
            who = principal_for(session=session, token=token, now=utcnow())
        if who is not None:
            principals.put(token, who)
    return who


@auth.get_user_roles
def _roles(principal: Principal) -> list[str]:
    return [principal.actor.role or ""]


def principal() -> Principal | None:
    return auth.current_user


def require_principal() -> Principal:
    who = auth.current_user
    if who is None:
        raise Forbidden("Sign in first.")
    return who


def require_manager(center_id: int) -> Principal:
    who = require_principal()
    if not who.may_manage(center_id):
        raise Forbidden("Only a manager of this center may do this.")
    return who
