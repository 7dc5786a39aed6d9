"""The managers' dashboard pages: `/dashboard/` (a center's hall, live), `/dashboard/city`
(every center side by side) and `/dashboard/reports` (charts and CSV downloads).

The pages are shells: a manager signs in on the page (a bearer token kept in the tab's
sessionStorage), figures come from the REST API (`/centers/{id}/live`, `/city/live`,
`/centers/{id}/reports/...`) and are fetched again whenever the hall's Socket.IO
namespace reports a change. Staff without the manager role are refused at sign-in and
by every route they would call.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from server.i18n import page_lang

blueprint = Blueprint("dashboard", __name__, template_folder="templates",
                      static_folder="static", static_url_path="/dashboard/static")

PAGES = {"live": "dashboard/live.html", "city": "dashboard/city.html",
         "reports": "dashboard/reports.html", "whatif": "dashboard/whatif.html"}


def _page(name: str) -> str:
    return render_template(PAGES[name], page=name, lang=page_lang())


@blueprint.get("/dashboard/")
def live() -> str:
    return _page("live")


@blueprint.get("/dashboard/city")
def city() -> str:
    return _page("city")


@blueprint.get("/dashboard/reports")
def reports() -> str:
    return _page("reports")


@blueprint.get("/dashboard/whatif")
def whatif() -> str:
    return _page("whatif")


def register(app: Flask) -> None:
    app.register_blueprint(blueprint)
