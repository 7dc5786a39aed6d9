"""The REST API under /api/v1, documented at /api/openapi.json and /api/docs."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask, HTTPError
from flask import current_app, render_template, request
from flask_limiter.errors import RateLimitExceeded
from sqlalchemy.exc import DataError, DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from server.api.base import api, error_body
from server.db import unavailable
from server.error_texts import ZH
from server.errors import DomainError, Term, render, text
from server.i18n import LANGS, answer_lang, page_lang


def register_api(app: APIFlask) -> None:
    """The blueprint, once the areas' views (imported by `server.routes`) have added their
    routes to it, and the edge's error answers."""
    app.register_blueprint(api)

    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError) -> tuple[dict[str, Any] | str, int]:
        if _wants_page():
            return _problem_page(exc.status, {lang: render(exc, lang) for lang in LANGS})
        return error_body(exc.status, exc.code, render(exc, answer_lang()), exc.detail), \
            exc.status

    @app.errorhandler(DataError)
    def _out_of_range(exc: DataError) -> tuple[dict[str, Any], int]:
        """The last wall: a value the database cannot hold (its range, its encoding)."""
        app.logger.warning("Refused a value the database cannot hold: %s", exc.orig)
        return error_body(400, "invalid", "A value in the request is out of range."), 400

    @app.errorhandler(RateLimitExceeded)
    def _rate_limited(exc: RateLimitExceeded) -> tuple[dict[str, Any], int]:
        """Say which limit was hit in words (APIFlask would answer only "Too Many Requests")."""
        lang = answer_lang()
        message = _said(exc.description, lang) if exc.limit.error_message else text(
            "Too many requests ({limit}); please wait a little and try again.", lang,
            limit=exc.description)
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
        message = text("The service is briefly unavailable ({cause}). Please try again in "
                       "{retry} seconds; staff can see the cause on the server.", answer_lang(),
                       cause=Term(UNAVAILABLE[cause]), retry=retry)
        return error_body(503, "unavailable", message, {"cause": cause, "retry_after": retry}), \
            503, {"Retry-After": str(retry)}

    @app.error_processor
    def _http_error(exc: HTTPError) -> tuple[dict[str, Any] | str, int, Any]:
        if _wants_page():
            page, status = _problem_page(exc.status_code, {
                lang: _said(exc.message, lang) for lang in LANGS})
            return page, status, exc.headers
        lang = answer_lang()
        message = _said(exc.message, lang)
        if exc.status_code in (400, 422) and isinstance(exc.detail, dict) and exc.detail:
            message = "; ".join(_flatten(exc.detail, lang)) or message
        if exc.status_code == 400 and not exc.detail:
            message = text("The request body is not valid JSON; send a JSON object.", lang)
        if exc.status_code == 401:
            message = text("Sign in first: send 'Authorization: Bearer <token>'.", lang)
        return error_body(exc.status_code, _code(exc.status_code), message, exc.detail), \
            exc.status_code, exc.headers


def _wants_page() -> bool:
    """A screen's address opened by a browser (a TV, a kiosk, a phone) gets a page, not JSON;
    the API and its programs keep the JSON answer."""
    return not request.path.startswith("/api/") and request.accept_mimetypes.accept_html


PROBLEM_TITLES = {
    404: {"zh": "找不到这个页面", "en": "This page cannot be found"},
    403: {"zh": "无权访问这个页面", "en": "This page is not open to you"},
}
PROBLEM_TITLE = {"zh": "这个页面现在无法显示", "en": "This page cannot be shown now"}
PROBLEM_HINT = {
    "zh": "请检查这块屏幕的地址，或请工作人员在首页选择服务中心和窗口。",
    "en": "Check this screen's address, or ask staff to choose the center and window from "
          "the start page.",
}


def _problem_page(status: int, detail: dict[str, str]) -> tuple[str, int]:
    lang = page_lang(browser=True)
    return render_template("problem.html", lang=lang, detail=detail, hint=PROBLEM_HINT,
                           title=PROBLEM_TITLES.get(status, PROBLEM_TITLE)), status


UNAVAILABLE = {
    "unreachable": "the database cannot be reached",
    "busy": "the database is busy",
    "read_only": "the database cannot be written to",
    "disk_full": "the database's disk is full",
    "io_error": "the database's disk cannot be read or written",
}


def _flatten(detail: Any, lang: str, path: str = "") -> list[str]:
    """A validation answer's messages as "field: message", each in `lang` where the
    catalogue has it."""
    if isinstance(detail, dict):
        out: list[str] = []
        for key, value in detail.items():
            key = "" if key in ("json", "query", "headers", "path") else str(key)
            out += _flatten(value, lang, f"{path}.{key}".strip(".") if key else path)
        return out
    messages = detail if isinstance(detail, list) else [detail]
    return [f"{path}: {_said(m, lang)}" if path else _said(m, lang)
            for m in messages if not isinstance(m, dict)]


def _said(message: Any, lang: str) -> str:
    """A validator's message in `lang`: the catalogue keys it whole (it has no fields)."""
    return ZH.get(str(message), str(message)) if lang == "zh" else str(message)


def _code(status: int) -> str:
    return {400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found",
            405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
            429: "rate_limited"}.get(status, "error")
