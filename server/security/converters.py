"""The `<int:...>` of every route, bounded to what an id column holds.

An id past 2^31 - 1 (PostgreSQL's INTEGER) or 2^63 (SQLite's) used to reach the
database and fail there (a 500); now such a path matches no route (a 404), and
the OpenAPI document says the range.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    regex = r"\d{1,10}"

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def install(app: Any) -> None:
    """Before any route is added: rules take their converter when they are registered."""
    app.url_map.converters["int"] = IdConverter
