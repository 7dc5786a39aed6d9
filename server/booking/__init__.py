"""Booking on a phone: what the engine's reservations lack.

Slot rules per item group, caps per phone, no-show blocking, moving a booking,
expiring no-shows, the reminder outbox and the purge of personal data.
"""
