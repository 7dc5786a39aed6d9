"""The window staff client (`/counter/`).

A page shell: the counter signs in with a bearer token kept in the tab's
sessionStorage and acts through the REST API.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from server.i18n import page_lang

blueprint = Blueprint("counter", __name__, template_folder="templates",
                      static_folder="static", static_url_path="/counter/static")


@blueprint.get("/counter/")
def counter() -> str:
    return render_template("counter/counter.html", lang=page_lang())


def register(app: Flask) -> None:
    app.register_blueprint(blueprint)
