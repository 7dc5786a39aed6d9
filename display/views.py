"""The hall boards: `/display/{center_id}` for the hall's TV, `/display/windows/{window_id}`
for the small screen above each window.

Both pages are static shells that draw themselves from the hall snapshot and then
from Socket.IO events (static/js/live.js), so they need no account and show only
numbers and windows. Browsers block sound until someone touches a page: a TV that
should speak from power-on runs Chromium with `--autoplay-policy=no-user-gesture-required`
(otherwise the board asks for one tap).
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from server.centers.models import Center
from server.errors import NotFound
from server.extensions import db
from server.i18n import page_lang
from server.windows.models import Window

blueprint = Blueprint("display", __name__, template_folder="templates",
                      static_folder="static", static_url_path="/display/static")


@blueprint.get("/display/<int:center_id>")
def hall_board(center_id: int) -> str:
    with db.read() as session:
        center = session.get(Center, center_id)
        if center is None:
            raise NotFound("There is no center {center}.", center=center_id)
        return render_template("display/hall.html", center=center, lang=page_lang())


@blueprint.get("/display/windows/<int:window_id>")
def window_board(window_id: int) -> str:
    with db.read() as session:
        window = session.get(Window, window_id)
        if window is None:
            raise NotFound("There is no window {window}.", window=window_id)
        return render_template("display/window.html", window=window, lang=page_lang())


def register(app: Flask) -> None:
    app.register_blueprint(blueprint)
