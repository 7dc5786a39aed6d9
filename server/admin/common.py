"""Who may change what, and small helpers shared by the administration modules."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.errors import Forbidden
from server.events.service import Actor

_SLUG = re.compile(r"[^a-z0-9]+")


def require_admin(actor: Actor, what: str) -> None:
    """City-wide changes (new centers, the catalogue, guides) are the admins'."""
    if actor.role != "admin":
        raise Forbidden("Only an admin may {what}: it concerns the whole city.", what=what)


def require_manages(actor: Actor, center_id: int) -> None:
    if not actor.manages(center_id):
        raise Forbidden("Only an admin or a manager of center {center_id} may change it.",
                        center_id=center_id)


def new_code(session: Session, model: type, *names: str, fallback: str) -> str:
    """A free code from the first name that gives a slug ("food_license"), else `fallback_N`."""
    for name in names:
        slug = _SLUG.sub("_", (name or "").lower()).strip("_")[:50]
        if slug and session.scalar(select(model.id).where(model.code == slug)) is None:
            return slug
    n = (session.scalar(select(func.max(model.id))) or 0) + 1
    while session.scalar(select(model.id).where(model.code == f"{fallback}_{n}")) is not None:
        n += 1
    return f"{fallback}_{n}"
