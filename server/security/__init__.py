"""The hall's defences at the edge: bounded ids, bad input refused, a body size limit,
security headers, the vendored API docs page, trusted proxies, and the OpenAPI
document's full list of answers. Rate limits and sign-in back-off live in `limits`
and `signin`; device checks in `devices`.
"""

from __future__ import annotations

from flask import Flask
from limits.storage import storage_from_string

from server.security import converters, docs, headers, inputs, openapi, proxies


def init_app(app: Flask) -> None:
    """Call before the routes are registered (the id converter binds when a rule is added)."""
    app.config["RATELIMIT_STORAGE_URI"] = proxies.storage_uri(app.config)
    # The sign-in back-off's counters: in the same store, but never lifted with the limits.
    app.extensions["qms_signin"] = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    app.config["HTTP_ERROR_SCHEMA"] = openapi.ERROR_SCHEMA
    app.config["VALIDATION_ERROR_SCHEMA"] = openapi.ERROR_SCHEMA
    converters.install(app)
    inputs.install(app)
    headers.install(app)
    docs.install(app)
    openapi.install(app)
    proxies.install(app)
