"""Rate limits on booking, per client and per phone (Flask-Limiter's own settings apply,
so RATELIMIT_ENABLED=false lifts them for benchmarks and load tests)."""

from __future__ import annotations

from flask import current_app, request
from flask_limiter.util import get_remote_address

from server.booking.policy import normalize_phone
from server.errors import InvalidRequest


def per_phone_limit() -> str:
    return current_app.config["RATELIMIT_BOOKING_PHONE"]


def phone_key() -> str:
    """The booking's phone, normalized, so spaces or +86 do not make a second counter."""
    body = request.get_json(silent=True)
    phone = body.get("phone") if isinstance(body, dict) else None
    try:
        return "phone:" + normalize_phone(str(phone or ""))
    except InvalidRequest:
        return "client:" + get_remote_address()


PER_PHONE_MESSAGE = ("Too many bookings for this phone number in a short time; "
                     "please try again later.")
PER_CLIENT_MESSAGE = "Too many booking requests from this device; please wait a minute."
