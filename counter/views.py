"""The window staff client (`/counter/`).

A page shell: the counter signs in with a bearer token kept in the tab's
sessionStorage and acts through the REST API.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, render_template, request

blueprint = Blueprint("counter", __name__, template_folder="templates",
                      static_folder="static", static_url_path="/counter/static")


def _lang() -> str:
    """?lang= first; else the hall's default language. The page keeps a choice made on it."""
    lang = request.args.get("lang") or current_app.config["BABEL_DEFAULT_LOCALE"]
    return "en" if lang == "en" else "zh"


@blueprint.get("/counter/")
def counter() -> str:
    return render_template("counter/counter.html", lang=_lang())


def register(app: Flask) -> None:
    app.register_blueprint(blueprint)
