"""The `<int:...>` of every route, bounded to what an id column holds.

An id past 2^31 - 1 (PostgreSQL's INTEGER) or 2^63 (SQLite's) used to reach the
database and fail there (a 500); now such a path matches no route (a 404), and
the OpenAPI document says the range.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1


def _up_to(limit: int) -> str:
    """A regex for the decimal numbers 0..limit (no leading zeros beyond a single 0)."""
    digits = str(limit)
    alternatives = [f"[0-9]{{1,{len(digits) - 1}}}"]
    for i, d in enumerate(digits):
        if d != "0":
            rest = len(digits) - i - 1
            tail = f"[0-9]{{{rest}}}" if rest else ""
            alternatives.append(digits[:i] + f"[0-{int(d) - 1}]" + tail)
    alternatives.append(digits)
    return "(?:" + "|".join(alternatives) + ")"


class IdConverter(IntegerConverter):
    # The range is in the pattern itself, not only in `max`: werkzeug counts a rule whose
    # pattern matched towards "405 method not allowed" before converting, so a huge id on a
    # path that another method also serves would answer 405 instead of 404.
    regex = _up_to(MAX_ID)

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def install(app: Any) -> None:
    """Before any route is added: rules take their converter when they are registered."""
    app.url_map.converters["int"] = IdConverter
