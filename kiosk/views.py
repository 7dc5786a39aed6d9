"""The kiosk's pages: the touchscreen at /kiosk/{center_id}, the guide paper, the codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, Response, abort, current_app, render_template, request

from kiosk.catalog import kiosk_catalog, kiosk_device, printer_state
from server.api.base import public_url
from server.booking import service as reservations
from server.centers.models import Center
from server.centers.service import list_centers
from server.clock import utcnow
from server.codes import code128_svg, qr_svg
from server.errors import NotFound
from server.extensions import db
from server.guides import service as guides
from server.tickets.models import Ticket
from server.tickets.presenters import ticket_code
from server.tickets.service import find_by_token

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk", template_folder="templates",
               static_folder="static", static_url_path="/static")

SVG = "image/svg+xml"
MIN_IDLE_SECONDS = 3


def register(app: Flask) -> None:
    app.register_blueprint(bp)


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        abort(400, f"?{name}= takes a number, not {raw!r}.")
    return int(raw)


def _guides_dir() -> Path:
    return Path(current_app.config["QMS_GUIDES_DIR"])


def _svg(body: str) -> Response:
    return Response(body, mimetype=SVG, headers={"Cache-Control": "public, max-age=86400"})


def _problem(status: int, title: str, title_en: str, detail: str) -> tuple[str, int]:
    return render_template("kiosk/problem.html", title=title, title_en=title_en,
                           detail=detail), status


@bp.get("/")
def index() -> str:
    """Which center's kiosk: for setting a kiosk up."""
    with db.read() as session:
        centers = [{"id": c.id, "name": c.name, "name_en": c.name_en}
                   for c in list_centers(session=session)]
    return render_template("kiosk/index.html", centers=centers)


@bp.get("/<int:center_id>")
def page(center_id: int) -> Any:
    kiosk_id = _int_arg("kiosk")
    idle = _int_arg("idle") or current_app.config["QMS_KIOSK_IDLE_SECONDS"]
    with db.read() as session:
        center = session.get(Center, center_id)
        if center is None:
            return _problem(404, "没有这个服务中心", "There is no such center",
                            f"There is no center {center_id}. Check the kiosk's address.")
        kiosk = kiosk_device(session, center_id, kiosk_id)
        if kiosk_id is not None and kiosk is None:
            return _problem(404, "没有这台取号机", "There is no such kiosk",
                            f"There is no kiosk {kiosk_id} at center {center_id}. Register it "
                            "with `qms device create --kind kiosk` and use the id it prints.")
        config = {
            "centerId": center.id, "kioskId": kiosk.id if kiosk else None,
            "idleSeconds": max(MIN_IDLE_SECONDS, idle),
            "defaultLang": current_app.config["BABEL_DEFAULT_LOCALE"],
            "catalogUrl": f"/kiosk/{center.id}/catalog.json"
            + (f"?kiosk={kiosk.id}" if kiosk else ""),
            "printer": printer_state(kiosk),
            "codeAlphabet": reservations.CODE_ALPHABET,
        }
        names = {"name": center.name, "name_en": center.name_en}
    return render_template("kiosk/page.html", config=config, center=names)


@bp.get("/<int:center_id>/catalog.json")
def catalog(center_id: int) -> Any:
    """The center's items (with pinyin for search), fields, guides and the printer's state."""
    with db.read() as session:
        center = session.get(Center, center_id)
        if center is None:
            raise NotFound("There is no center {center}.", center=center_id)

        kiosk = kiosk_device(session, center_id, _int_arg("kiosk"))
        return kiosk_catalog(session=session, center=center, now=utcnow(),
                             guides_dir=_guides_dir(), kiosk=kiosk)


@bp.get("/t/<token>/barcode.svg")
def ticket_barcode(token: str) -> Response:
    """The ticket's Code128 barcode: the same code as on its printed paper."""
    with db.read() as session:
        ticket = _ticket_or_404(session, token)
        return _svg(code128_svg(ticket_code(ticket)))


@bp.get("/t/<token>/qr.svg")
def ticket_qr(token: str) -> Response:
    """A QR code of the ticket's live status page, /t/{token}."""
    with db.read() as session:
        _ticket_or_404(session, token)
    return _svg(qr_svg(public_url(f"/t/{token}")))


def _ticket_or_404(session, token: str) -> Ticket:
    try:
        return find_by_token(session=session, token=token)
    except NotFound:
        abort(404, "No ticket has this code.")


@bp.get("/paper/<token>")
def paper(token: str) -> Any:
    """The resident's guide paper, printable (materials, precautions, the filled form)."""
    with db.read() as session:
        try:
            found = guides.find_paper(session=session, token=token)
        except NotFound:
            return _problem(404, "没有找到这张指引单", "This guide paper was not found",
                            "No guide paper has this code. Please check the link.")
        center = session.get(Center, found.center_id)
        zone = ZoneInfo(center.timezone if center else "Asia/Shanghai")
        made_at: dt.datetime = found.created_at.astimezone(zone)
        lang = request.args.get("lang") or found.lang
        return render_template(
            "kiosk/paper.html", paper=found, c=found.content,
            lang=lang if lang in ("zh", "en") else "zh", made_at=made_at,
        )


@bp.get("/paper/<token>/qr.svg")
def paper_qr(token: str) -> Response:
    with db.read() as session:
        try:
            found = guides.find_paper(session=session, token=token)
        except NotFound:
            abort(404, "No guide paper has this code.")
        return _svg(qr_svg(found.url))
