"""The managers' dashboard pages: `/dashboard/` (a center's hall, live), `/dashboard/city`
(every center side by side), `/dashboard/reports` (charts and CSV downloads) and
`/dashboard/admin/...` (the administration console: centers, catalogue, windows, booking,
accounts, devices, guides, the audit trail).

The pages are shells: a manager signs in on the page (a bearer token kept in the tab's
sessionStorage), figures come from the REST API (`/centers/{id}/live`, `/city/live`,
`/centers/{id}/reports/...`) and are fetched again whenever the hall's Socket.IO
namespace reports a change. Staff without the manager role are refused at sign-in and
by every route they would call.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, render_template

from server.i18n import page_lang

blueprint = Blueprint("dashboard", __name__, template_folder="templates",
                      static_folder="static", static_url_path="/dashboard/static")

PAGES = {"live": "dashboard/live.html", "city": "dashboard/city.html",
         "reports": "dashboard/reports.html", "admin": "dashboard/admin.html"}
# The console's sections, in the order of its tabs (`/dashboard/admin/<section>`).
CONSOLE_SECTIONS = ("centers", "catalogue", "windows", "booking", "people", "devices",
                    "guides", "audit")


def _page(name: str, **extra: str) -> str:
    return render_template(PAGES[name], page=name, lang=page_lang(), **extra)


@blueprint.get("/dashboard/")
def live() -> str:
    return _page("live")


@blueprint.get("/dashboard/city")
def city() -> str:
    return _page("city")


@blueprint.get("/dashboard/reports")
def reports() -> str:
    return _page("reports")


@blueprint.get("/dashboard/admin/")
@blueprint.get("/dashboard/admin/<section>")
def console(section: str = "centers") -> str:
    """The administration console: one shell, its section chosen by the path."""
    if section not in CONSOLE_SECTIONS:
        abort(404)
    return _page("admin", section=section, sections=CONSOLE_SECTIONS)


def register(app: Flask) -> None:
    app.register_blueprint(blueprint)
