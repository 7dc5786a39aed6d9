"""The OpenAPI document says every status a route can answer.

The edge answers some statuses for every route of a kind, whatever the view does:
400 (a body that is not JSON, NUL bytes in the address), 404 (an id in the path or
query that names nothing, or past the id range), 413 (a body over MAX_CONTENT_LENGTH), 422 (a field
out of its rules), 401 and 403 (a token missing, wrong, or without the right), 429
(a rate-limited route). They are added here, once, beside what each view documents.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, current_app
from flask_limiter.util import get_qualified_name

from server.security.converters import MAX_ID

METHODS = ("get", "put", "post", "delete", "patch")
ERROR = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "status": {"type": "integer"},
        "error": {"type": "string", "description": "A code: invalid, not_found, ..."},
        "message": {"type": "string", "description": "What went wrong, for a person"},
        "detail": {"type": "object"},
    },
    "required": ["status", "error", "message"],
}
WHY = {
    "400": "The request is malformed (not JSON, NUL bytes, numbers out of range)",
    "401": "No valid bearer token",
    "403": "The token does not allow this",
    "404": "Not found",
    "413": "The request body is larger than MAX_CONTENT_LENGTH",
    "422": "A field is missing or out of its rules",
    "429": "Too many requests: wait and try again (Retry-After)",
}


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def _limited_paths(app: Flask) -> set[tuple[str, str]]:
    from server.extensions import limiter

    decorated = getattr(limiter.limit_manager, "_decorated_limits", {})
    found = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        if view is not None and get_qualified_name(view) in decorated:
            for method in rule.methods or ():
                found.add((_openapi_path(rule.rule), method.lower()))
    return found


def _bound_ids(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter.get("in") == "path" and schema.get("type") == "integer":
            schema.update(minimum=0, maximum=MAX_ID)


def _answer(responses: dict[str, Any], status: str) -> None:
    if status not in responses:
        responses[status] = {"description": WHY[status],
                             "content": {"application/json": {"schema": ERROR}}}


def document(spec: dict[str, Any]) -> dict[str, Any]:
    limited = _limited_paths(current_app)
    spec.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            _bound_ids(operation)
            responses = operation.setdefault("responses", {})
            statuses = ["400"]
            parameters = operation.get("parameters", [])
            if "{" in path or any(p.get("name", "").endswith("_id") for p in parameters):
                statuses.append("404")
            if "requestBody" in operation:
                statuses += ["413", "422"]
            if any(p.get("in") in ("query", "header") for p in parameters):
                statuses.append("422")
            if operation.get("security"):
                statuses += ["401", "403"]
            if (path, method) in limited:
                statuses.append("429")
            for status in statuses:
                _answer(responses, status)
    return spec


def install(app: Flask) -> None:
    app.spec_processor(document)
