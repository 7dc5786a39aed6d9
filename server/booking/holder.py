"""Only the holder changes a booking: a stranger who guessed the code cannot cancel or move it.

The code is printed and shown (a kiosk, a screenshot); the phone's last four digits
are what the holder knows besides. A booking whose phone was erased (after its
retention days) can no longer change anyway.
"""

from __future__ import annotations

import hmac

from server.booking.models import Reservation
from server.errors import Forbidden

DIGITS = 4


def phone_digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())[-DIGITS:]


def require_holder(reservation: Reservation, phone_last4: str) -> None:
    """Refuse (403) unless `phone_last4` are the last four digits of the booking's phone."""
    known = phone_digits(reservation.phone or "")
    given = phone_digits(phone_last4)
    if len(known) < DIGITS or not hmac.compare_digest(known, given):
        raise Forbidden("Give the last four digits of the phone number the booking was made "
                        "with.")
