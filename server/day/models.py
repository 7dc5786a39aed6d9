"""The indexes the day's close reads through, so its cost is one day's, whatever the history."""

from __future__ import annotations

from sqlalchemy import Index

from server.booking.models import Reservation
from server.tickets.models import Ticket

CLOSE_INDEXES = (
    # The tickets left open at a center, up to a day: a few, however long the history.
    Index("ix_tickets_center_state_day", Ticket.center_id, Ticket.state, Ticket.day),
    Index("ix_reservations_center_state_slot", Reservation.center_id, Reservation.state,
          Reservation.slot_start),
)
