"""The REST API under /api/v1, documented at /api/openapi.json and /api/docs."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask, HTTPError
from flask import current_app
from flask_limiter.errors import RateLimitExceeded
from sqlalchemy.exc import DataError, DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from server.api.base import api, error_body
from server.db import unavailable
from server.errors import DomainError


def register_api(app: APIFlask) -> None:
    """The blueprint, once the areas' views (imported by `server.routes`) have added their
    routes to it, and the edge's error answers."""
    app.register_blueprint(api)

    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError) -> tuple[dict[str, Any], int]:
        return error_body(exc.status, exc.code, exc.message, exc.detail), exc.status

    @app.errorhandler(DataError)
    def _out_of_range(exc: DataError) -> tuple[dict[str, Any], int]:
        """The last wall: a value the database cannot hold (its range, its encoding)."""
        app.logger.warning("Refused a value the database cannot hold: %s", exc.orig)
        return error_body(400, "invalid", "A value in the request is out of range."), 400

    @app.errorhandler(RateLimitExceeded)
    def _rate_limited(exc: RateLimitExceeded) -> tuple[dict[str, Any], int]:
        """Say which limit was hit in words (APIFlask would answer only "Too Many Requests")."""
        message = exc.description if exc.limit.error_message else (
            f"Too many requests ({exc.description}); please wait a little and try again.")
        return error_body(429, "rate_limited", message), 429

    @app.errorhandler(DBAPIError)
    @app.errorhandler(DisconnectionError)
    @app.errorhandler(PoolTimeout)
    def _database_trouble(exc: Exception) -> tuple[dict[str, Any], int, dict[str, str]]:
        """An outage, a full disk or a read-only moment: 503 and "try again", not a bare 500."""
        cause = unavailable(exc)
        if cause is None:
            raise exc
        retry = current_app.config["QMS_DB_RETRY_AFTER_SECONDS"]
        current_app.logger.warning("database unavailable (%s): %s", cause, exc)
        message = (f"The service is briefly unavailable ({UNAVAILABLE[cause]}). "
                   f"Please try again in {retry} seconds; staff can see the cause on the server.")
        return error_body(503, "unavailable", message, {"cause": cause, "retry_after": retry}), \
            503, {"Retry-After": str(retry)}

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


UNAVAILABLE = {
    "unreachable": "the database cannot be reached",
    "busy": "the database is busy",
    "read_only": "the database cannot be written to",
    "disk_full": "the database's disk is full",
    "io_error": "the database's disk cannot be read or written",
}


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
            405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
            429: "rate_limited"}.get(status, "error")
