"""Every route of the server, registered by `create_app`: each area's REST views, and each
client surface's pages. A module named here that is missing fails at start."""

from __future__ import annotations

from flask import Flask

from counter import views as counter
from dashboard import views as dashboard
from display import views as display
from kiosk import views as kiosk
from pad import views as pad
from phone import views as phone
from server.accounts import views as accounts
from server.admin import views as admin
from server.api import register_api
from server.audit import views as audit
from server.booking import views as booking
from server.centers import views as centers
from server.desk import views as desk
from server.devices import views as devices
from server.guides import views as guides
from server.hall import views as hall
from server.management import views as management
from server.printing import views as printing
from server.ratings import views as ratings
from server.remote import views as remote
from server.reports import views as reports
from server.simulation import views as simulation
from server.tickets import views as tickets
from server.webhooks import views as webhooks
from server.windows import views as windows

# Importing an area's views module adds its routes to the API's blueprint (server.api).
API_VIEWS = (accounts, centers, tickets, booking, windows, hall, guides, printing, ratings, desk,
             reports, management, devices, admin, audit, simulation, webhooks,
             remote)
SURFACES = (kiosk, phone, display, counter, pad, dashboard)


def register_routes(app: Flask) -> None:
    register_api(app)
    for surface in SURFACES:
        surface.register(app)
