"""Named domain errors. The domain raises these; the edge maps them to HTTP answers.

Each carries a message a person at a counter or kiosk can act on.
"""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, **detail: object) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class NotFound(DomainError):
    status = 404
    code = "not_found"


class InvalidRequest(DomainError):
    status = 400
    code = "invalid"


class Conflict(DomainError):
    """The request is well formed but the hall's state does not allow it now."""

    status = 409
    code = "conflict"


class WindowNotOpen(Conflict):
    code = "window_not_open"


class WindowHeld(Conflict):
    code = "window_held"


class SlotFull(Conflict):
    code = "slot_full"


class AlreadyCheckedIn(Conflict):
    code = "already_checked_in"


class CenterClosed(Conflict):
    code = "center_closed"


class NoWindowServes(Conflict):
    code = "no_window_serves"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
