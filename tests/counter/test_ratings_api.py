"""The pad beside window 1 rates the service that window just finished."""

from __future__ import annotations

from sqlalchemy import select

from server.events.models import Event
from server.ratings.models import Rating


def serve_one(desk) -> str:
    number = desk.take(desk.pension)
    assert desk.post(f"/windows/{desk.w1.id}/call-next").json["number"] == number
    assert desk.post(f"/windows/{desk.w1.id}/complete").status_code == 200
    return number


def test_the_rating_is_stored_against_the_ticket_window_and_clerk(desk):
    number = serve_one(desk)
    r = desk.rate(desk.w1, 5)
    assert r.status_code == 201, r.json
    assert r.json["ticket_number"] == number
    with desk.hall.db.read() as s:
        rating = s.scalar(select(Rating))
        assert (rating.window_id, rating.staff_user_id, rating.score, rating.reason) == (
            desk.w1.id, desk.clerk.user_id, 5, "")
        assert rating.center_id == desk.center.id


def test_a_low_rating_keeps_its_reason_but_the_hall_hears_only_the_score(desk):
    serve_one(desk)
    r = desk.rate(desk.w1, 1, "long_wait")
    assert r.status_code == 201
    with desk.hall.db.read() as s:
        assert s.scalar(select(Rating.reason)) == "long_wait"
        event = s.scalar(select(Event).where(Event.type == "rating.recorded"))
    assert event.data["score"] == 1 and event.data["window_number"] == 1
    assert "long_wait" not in str(event.data)


def test_nothing_to_rate_before_the_window_finished_a_service(desk):
    desk.take(desk.pension)
    desk.post(f"/windows/{desk.w1.id}/call-next")
    r = desk.rate(desk.w1, 4)
    assert r.status_code == 409
    assert "nothing to rate" in r.json["message"]


def test_a_service_is_rated_only_once(desk):
    serve_one(desk)
    assert desk.rate(desk.w1, 4).status_code == 201
    again = desk.rate(desk.w1, 1)
    assert again.status_code == 409
    assert "already rated" in again.json["message"]


def test_the_next_service_can_be_rated_again(desk):
    serve_one(desk)
    desk.rate(desk.w1, 4)
    second = serve_one(desk)
    r = desk.rate(desk.w1, 3)
    assert r.status_code == 201 and r.json["ticket_number"] == second


def test_a_score_outside_one_to_five_is_refused_with_the_scale(desk):
    serve_one(desk)
    for bad in (0, 6, "5", None):
        r = desk.rate(desk.w1, bad)
        assert r.status_code == 422, bad
        assert "score" in r.json["message"]
    r = desk.rate(desk.w1, 6)
    assert "1 (very dissatisfied) to 5 (very satisfied)" in r.json["message"]


def test_an_unknown_window_is_a_404(desk):
    r = desk.client.post("/api/v1/windows/999/ratings", json={"score": 5, "ticket_id": 1},
                         headers=desk.headers)
    assert r.status_code == 404


def test_a_pad_back_from_a_lost_connection_learns_a_rating_is_pending(desk):
    url = f"/api/v1/windows/{desk.w1.id}/ratings/pending"
    assert desk.client.get(url).json["pending"] is False
    number = serve_one(desk)
    pending = desk.client.get(url).json
    assert pending == {"pending": True, "ticket_number": number,
                       "ticket_id": pending["ticket_id"], "finished_at": pending["finished_at"]}
    desk.rate(desk.w1, 5)
    assert desk.client.get(url).json["pending"] is False


def test_only_a_pad_of_the_center_rates(desk, app_hall):
    serve_one(desk)
    url = f"/api/v1/windows/{desk.w1.id}/ratings"
    last = desk.client.get(f"/api/v1/windows/{desk.w1.id}/ratings/pending").json["ticket_id"]
    body = {"score": 1, "ticket_id": last}
    assert desk.client.post(url, json=body).status_code == 401
    assert desk.client.post(url, json=body, headers=desk.headers).status_code == 403
    elsewhere = app_hall.center()
    from tests.counter.conftest import pad_headers

    assert desk.client.post(url, json=body,
                            headers=pad_headers(app_hall, elsewhere)).status_code == 403
    assert desk.rate(desk.w1, 5, ticket_id=last).status_code == 201


def test_a_rating_belongs_to_the_service_the_pad_showed(desk):
    serve_one(desk)
    shown = desk.client.get(f"/api/v1/windows/{desk.w1.id}/ratings/pending").json
    later = serve_one(desk)
    stray = desk.rate(desk.w1, 1, ticket_id=shown["ticket_id"])
    assert stray.status_code == 409 and later in stray.json["message"]
    assert desk.rate(desk.w1, 5).json["ticket_number"] == later
