"""Imports every model so that the metadata (and Alembic) sees all tables."""

from server.accounts.models import AuthToken, Device, User, user_centers
from server.audit.models import AuditEntry
from server.booking.models import BookingPolicy, OutboxMessage, Reservation, SlotRule
from server.centers.models import Center, CenterItem, Department, Item
from server.day.models import CLOSE_INDEXES
from server.events.models import Event
from server.events.webhooks import Webhook, WebhookDelivery
from server.guides.models import GuidePaper
from server.printing.models import PrintJob
from server.ratings.models import Rating
from server.remote.models import PhoneCode, RemotePolicy, RemoteTicket
from server.reports.models import REPORT_INDEXES
from server.tickets.models import NumberCounter, Ticket
from server.windows.models import Window, WindowItem

__all__ = [
    "CLOSE_INDEXES",
    "REPORT_INDEXES",
    "AuditEntry",
    "AuthToken",
    "BookingPolicy",
    "Center",
    "CenterItem",
    "Department",
    "Device",
    "Event",
    "GuidePaper",
    "Item",
    "NumberCounter",
    "OutboxMessage",
    "PhoneCode",
    "PrintJob",
    "Rating",
    "RemotePolicy",
    "RemoteTicket",
    "Reservation",
    "SlotRule",
    "Ticket",
    "User",
    "Webhook",
    "WebhookDelivery",
    "Window",
    "WindowItem",
    "user_centers",
]
