"""The API docs page (/api/docs) with Swagger UI served from static/vendor.

APIFlask's own page loads Swagger UI from a public CDN (a hall's intranet has no
internet) and starts it from an inline script (which the CSP refuses).
"""

from __future__ import annotations

from flask import Flask, render_template, url_for


def _docs() -> str:
    return render_template("security/api_docs.html", spec_url=url_for("openapi.spec"))


def install(app: Flask) -> None:
    app.view_functions["openapi.docs"] = _docs
