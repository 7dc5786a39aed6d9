"""The satisfaction pad: `/pad/{window_id}`, a tablet beside each window.

A page shell that needs no account: it rests until its window completes a service
(a Socket.IO event) and then asks for a rating through the REST API.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from server.centers.models import Center
from server.errors import NotFound
from server.extensions import db
from server.i18n import page_lang
from server.ratings.service import LOW_SCORE, REASONS, SCORES
from server.windows.models import Window

blueprint = Blueprint("pad", __name__, template_folder="templates",
                      static_folder="static", static_url_path="/pad/static")


@blueprint.get("/pad/<int:window_id>")
def pad(window_id: int) -> str:
    with db.read() as session:
        window = session.get(Window, window_id)
        if window is None:
            raise NotFound("There is no window {window}.", window=window_id)
        center = session.get(Center, window.center_id)
        return render_template(
            "pad/pad.html", window=window, center=center, lang=page_lang(),
            scores=[{"score": s, **SCORES[s]} for s in sorted(SCORES, reverse=True)],
            reasons=[{"code": code, **text} for code, text in REASONS.items()],
            low_score=LOW_SCORE,
        )


def register(app: Flask) -> None:
    app.register_blueprint(blueprint)
