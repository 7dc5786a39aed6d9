"""Indexes on the event log that the reports read through.

A year of a busy center is about two million events; each report scans one
event type of a center in time order (`ix_events_report`, covering the columns
it groups by) and pairs each ticket's events with one seek
(`ix_events_ticket_type_at`: a ticket's first call, its last start).
"""

from __future__ import annotations

from sqlalchemy import Index

from server.events.models import Event

REPORT_INDEXES = (
    Index(
        "ix_events_report",
        Event.center_id, Event.type, Event.at,
        Event.ticket_id, Event.item_id, Event.window_id, Event.user_id,
    ),
    Index("ix_events_ticket_type_at", Event.ticket_id, Event.type, Event.at),
)
