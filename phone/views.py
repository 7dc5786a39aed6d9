"""The phone pages: booking under /book/, a ticket's live page at /t/{token}.

The pages are thin: they are served here and talk to the REST API and the hall's
Socket.IO namespace. A wrong code, a wrong token or a ticket of another day gets
a page that says so (HTTP 404), in Chinese and English.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    render_template,
    request,
    send_from_directory,
)

from server.booking.service import find_by_code
from server.centers.models import Center
from server.centers.service import local_day
from server.clock import utcnow
from server.errors import NotFound
from server.extensions import db
from server.security import limits
from server.tickets.service import find_by_token, latest_in_chain

bp = Blueprint("phone", __name__, template_folder="templates", static_folder="static",
               static_url_path="/phone/static")


def register(app: Flask) -> None:
    app.register_blueprint(bp)


def _missing(kind: str, **facts: Any) -> tuple[str, int]:
    return render_template("phone/missing.html", kind=kind, **facts), 404


@bp.get("/book/")
def book() -> str:
    return render_template("phone/book.html",
                           retention_days=current_app.config["QMS_BOOKING_RETENTION_DAYS"])


@bp.get("/go/")
def go_now() -> str:
    """Where to go now: the centers offering an item, shortest wait first, live."""
    return render_template("phone/go.html")


@bp.get("/go/join")
def go_join() -> str:
    """Take today's number from the phone, at a center, for an item."""
    args = request.args
    return render_template("phone/join.html", center_id=args.get("center", type=int) or 0,
                           item_id=args.get("item", type=int) or 0)


@bp.get("/book/guide")
def guide() -> str:
    return render_template("phone/guide.html")


@bp.get("/book/r/<code>")
@limits.shared_per_address("RATELIMIT_CODE_LOOKUP", scope="booking-code")
def booking(code: str) -> Any:
    with db.read() as session:
        try:
            found = find_by_code(session=session, code=code)
        except NotFound:
            return _missing("booking", code=code[:16])
        return render_template("phone/booking.html", code=found.code)


@bp.get("/t/<token>")
def ticket(token: str) -> Any:
    with db.read() as session:
        try:
            found = latest_in_chain(session=session,
                                    ticket=find_by_token(session=session, token=token))
        except NotFound:
            return _missing("ticket")
        center = session.get(Center, found.center_id)
        if found.day != local_day(center, utcnow()):
            return _missing("old_ticket", number=found.number, day=found.day.isoformat(),
                            center=center)
        return render_template("phone/ticket.html", token=token, center=center,
                               number=found.number)


@bp.get("/t/sw.js")
def service_worker() -> Response:
    """Served under /t/ so that its scope covers the ticket pages (notifications on Android)."""
    response = send_from_directory(bp.static_folder, "sw.js", mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response
