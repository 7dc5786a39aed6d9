"""Named domain errors. The domain raises these; the edge maps them to HTTP answers.

Each carries a message a person at a counter or kiosk can act on, in zh and en: the domain
writes the English text as a template (`str.format` fields) with its values as keyword
arguments; `server/error_texts.py` holds the Chinese of every template, and the edge renders
the message in the request's language (`render`). A value that differs by language is a
`Named` (a center's or item's two names) or a `Term` (a word of the catalogue, like a state).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.error_texts import ZH


@dataclass(frozen=True)
class Named:
    """A name in both languages (a center, an item): shown in the message's language."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.en


def named(thing: Any) -> Named:
    """The two names of a center, item or department (`name`, `name_en`)."""
    return Named(zh=thing.name, en=thing.name_en or thing.name)


class Term(str):
    """A word translated by the catalogue (a ticket's or window's state, an outcome)."""


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, template: str, /, *, detail: dict[str, Any] | None = None,
                 **params: Any) -> None:
        self.template = template
        self.params = params
        self.detail = detail or {}
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The English message (logs, the command line)."""
        return render(self, "en")


def render(exc: DomainError, lang: str) -> str:
    """The error's message in `lang` (zh or en); English where the catalogue lacks it."""
    return text(exc.template, lang, **exc.params)


def text(template: str, lang: str, /, **params: Any) -> str:
    """`template` (English, `str.format` fields) in `lang`, its values shown in `lang`."""

    def value(v: Any) -> Any:
        if isinstance(v, Named):
            return v.zh if lang == "zh" else v.en
        if isinstance(v, Term):
            return ZH.get(v, v) if lang == "zh" else str(v)
        if isinstance(v, (list, tuple)) and lang == "zh":
            return "、".join(str(value(x)) for x in v)
        if isinstance(v, (list, tuple)):
            return ", ".join(str(value(x)) for x in v)
        return v

    chosen = ZH.get(template, template) if lang == "zh" else template
    return chosen.format(**{k: value(v) for k, v in params.items()})



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
