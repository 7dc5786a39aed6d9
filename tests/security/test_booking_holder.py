"""A stranger with a booking's code cannot cancel or move it: the holder knows the phone."""

from __future__ import annotations

import pytest

from tests.phone.test_booking_api import book, office, slots

__all__ = ["office"]  # the phone tests' fixture: a center open for booking tomorrow


@pytest.fixture
def booked(client, office):
    center, pension, _, _, _, day = office
    listed = slots(client, center, pension, day)
    code = book(client, center, pension, listed[0]["start"], "13912345678").json["code"]
    return code, listed


def test_a_cancel_needs_the_phone_s_last_four_digits(client, booked):
    code, _ = booked
    url = f"/api/v1/reservations/{code}"
    assert client.delete(url).status_code == 422
    wrong = client.delete(url, json={"phone_last4": "0000"})
    assert wrong.status_code == 403 and "four digits" in wrong.json["message"]
    assert client.get(url).json["state"] == "booked"
    assert client.delete(url, json={"phone_last4": "5678"}).json["state"] == "cancelled"


def test_a_move_needs_them_too(client, booked):
    code, listed = booked
    url = f"/api/v1/reservations/{code}/move"
    assert client.post(url, json={"slot_start": listed[3]["start"]}).status_code == 422
    assert client.post(url, json={"slot_start": listed[3]["start"],
                                  "phone_last4": "1111"}).status_code == 403
    moved = client.post(url, json={"slot_start": listed[3]["start"], "phone_last4": "5678"})
    assert moved.status_code == 200
