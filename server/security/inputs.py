"""Bad input stopped at the door with a 4xx in the API's error shape.

Before any view runs: a body larger than MAX_CONTENT_LENGTH answers 413; a JSON
body must parse, nest at most MAX_DEPTH deep, hold integers an id or a count can
be (|n| <= 2^31 - 1) and finite numbers, and no text with NUL bytes or lone
surrogates (which PostgreSQL cannot store); the path and query string carry no NUL
and no whole number past the id range.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from flask import Flask, request
from werkzeug.exceptions import RequestEntityTooLarge

from server.errors import InvalidRequest
from server.security.converters import MAX_ID

MAX_DEPTH = 32
MAX_DIGITS = 12
WHOLE_NUMBER = re.compile(r"[+-]?\d+")


class _Refused(ValueError):
    """A JSON body that parses but that the hall will not take."""


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS or abs(int(text)) > MAX_ID:
        raise _Refused(f"the number {text[:20]}{'…' if len(text) > 20 else ''} is too large")
    return int(text)


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or len(text) > 40:
        raise _Refused("a number is too large or has too many digits")
    return value


def _constant(text: str) -> float:
    raise _Refused(f"{text} is not a number JSON allows")


def _bad_text(text: str) -> str | None:
    if "\x00" in text:
        return "text may not contain NUL characters"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "text may not contain lone surrogate characters"
    return None


def _check(value: Any, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise _Refused(f"the JSON nests deeper than {MAX_DEPTH} levels")
    if isinstance(value, str):
        problem = _bad_text(value)
        if problem:
            raise _Refused(problem)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


def parse_json(data: bytes) -> Any:
    """The body as JSON, or InvalidRequest saying what is wrong with it."""
    try:
        value = json.loads(data, parse_int=_integer, parse_float=_number,
                           parse_constant=_constant)
    except _Refused as exc:
        raise InvalidRequest("The request body is refused: {why}.", why=str(exc)) from None
    except RecursionError:
        raise InvalidRequest("The JSON nests deeper than {depth} levels.",
                             depth=MAX_DEPTH) from None
    except (ValueError, UnicodeDecodeError):
        raise InvalidRequest("The request body is not valid JSON; send a JSON object.") from None
    try:
        _check(value)
    except _Refused as exc:
        raise InvalidRequest("The request body is refused: {why}.", why=str(exc)) from None
    return value


def _guard() -> None:
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()
    for text in (request.path, *request.args.keys(), *request.args.values()):
        problem = _bad_text(text)
        if problem:
            raise InvalidRequest("The address is refused: {why}.", why=problem)
    for name, text in request.args.items():
        if WHOLE_NUMBER.fullmatch(text.strip()) and (
                len(text) > MAX_DIGITS or abs(int(text)) > MAX_ID):
            raise InvalidRequest("?{name}= is out of range.", name=name)
    if request.is_json and request.method in ("POST", "PUT", "PATCH", "DELETE"):
        data = request.get_data(cache=True)
        if data:
            parse_json(data)


def install(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _guard)

