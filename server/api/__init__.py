"""The REST API under /api/v1, documented at /api/openapi.json and /api/docs."""

from __future__ import annotations

import importlib
from typing import Any

from apiflask import APIFlask, HTTPError
from flask_limiter.errors import RateLimitExceeded

from server.api.base import api, error_body
from server.errors import DomainError
from server.optional import import_optional

# Each domain area that has routes brings a `views` module that adds them to `api`.
VIEW_MODULES = (
    "server.accounts.views",
    "server.centers.views",
    "server.tickets.views",
    "server.reservations.views",
    "server.windows.views",
    "server.hall.views",
    "server.simulation.views",
)
# Areas added by later work register here too, when present.
OPTIONAL_VIEW_MODULES = (
    "server.guides.views",
    "server.printing.views",
    "server.ratings.views",
    "server.desk.views",
    "server.reports.views",
    "server.management.views",
    "server.slots.views",
    "server.devices.views",
    "server.booking.views",
)


def register_api(app: APIFlask) -> None:
    for name in VIEW_MODULES:
        importlib.import_module(name)
    for name in OPTIONAL_VIEW_MODULES:
        import_optional(name)
    app.register_blueprint(api)

    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError) -> tuple[dict[str, Any], int]:
        return error_body(exc.status, exc.code, exc.message, exc.detail), exc.status

    @app.errorhandler(RateLimitExceeded)
    def _rate_limited(exc: RateLimitExceeded) -> tuple[dict[str, Any], int]:
        """Say which limit was hit in words (APIFlask would answer only "Too Many Requests")."""
        message = exc.description if exc.limit.error_message else (
            f"Too many requests ({exc.description}); please wait a little and try again.")
        return error_body(429, "rate_limited", message), 429

    @app.error_processor
    def _http_error(exc: HTTPError) -> tuple[dict[str, Any], int, Any]:
        message = exc.message
        if exc.status_code in (400, 422) and isinstance(exc.detail, dict) and exc.detail:
            message = "; ".join(_flatten(exc.detail)) or message
        if exc.status_code == 400 and not exc.detail:
            message = "The request body is not valid JSON; send a JSON object."
        if exc.status_code == 401:
            message = "Sign in first: send 'Authorization: Bearer <token>'."
        return error_body(exc.status_code, _code(exc.status_code), message, exc.detail), \
            exc.status_code, exc.headers


def _flatten(detail: Any, path: str = "") -> list[str]:
    if isinstance(detail, dict):
        out: list[str] = []
        for key, value in detail.items():
            key = "" if key in ("json", "query", "headers", "path") else str(key)
            out += _flatten(value, f"{path}.{key}".strip(".") if key else path)
        return out
    if isinstance(detail, list):
        return [f"{path}: {m}" if path else str(m) for m in detail if not isinstance(m, dict)]
    return [f"{path}: {detail}" if path else str(detail)]


def _code(status: int) -> str:
    return {400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found",
            405: "method_not_allowed", 409: "conflict", 422: "invalid",
            429: "rate_limited"}.get(status, "error")
