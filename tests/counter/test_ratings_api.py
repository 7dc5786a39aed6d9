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
    r = desk.client.post(f"/api/v1/windows/{desk.w1.id}/ratings", json={"score": 5})
    assert r.status_code == 201, r.json
    assert r.json["ticket_number"] == number
    with desk.hall.db.read() as s:
        rating = s.scalar(select(Rating))
        assert (rating.window_id, rating.staff_user_id, rating.score, rating.reason) == (
            desk.w1.id, desk.clerk.user_id, 5, "")
        assert rating.center_id == desk.center.id


def test_a_low_rating_keeps_its_reason_but_the_hall_hears_only_the_score(desk):
    serve_one(desk)
    r = desk.client.post(f"/api/v1/windows/{desk.w1.id}/ratings",
                         json={"score": 1, "reason": "long_wait"})
    assert r.status_code == 201
    with desk.hall.db.read() as s:
        assert s.scalar(select(Rating.reason)) == "long_wait"
        event = s.scalar(select(Event).where(Event.type == "rating.recorded"))
    assert event.data["score"] == 1 and event.data["window_number"] == 1
    assert "long_wait" not in str(event.data)


def test_nothing_to_rate_before_the_window_finished_a_service(desk):
    desk.take(desk.pension)
    desk.post(f"/windows/{desk.w1.id}/call-next")
    r = desk.client.post(f"/api/v1/windows/{desk.w1.id}/ratings", json={"score": 4})
    assert r.status_code == 409
    assert "nothing to rate" in r.json["message"]


def test_a_service_is_rated_only_once(desk):
    serve_one(desk)
    assert desk.client.post(f"/api/v1/windows/{desk.w1.id}/ratings",
                            json={"score": 4}).status_code == 201
    again = desk.client.post(f"/api/v1/windows/{desk.w1.id}/ratings", json={"score": 1})
    assert again.status_code == 409
    assert "already rated" in again.json["message"]


def test_the_next_service_can_be_rated_again(desk):
    serve_one(desk)
    desk.client.post(f"/api/v1/windows/{desk.w1.id}/ratings", json={"score": 4})
    second = serve_one(desk)
    r = desk.client.post(f"/api/v1/windows/{desk.w1.id}/ratings", json={"score": 3})
    assert r.status_code == 201 and r.json["ticket_number"] == second


def test_a_score_outside_one_to_five_is_refused_with_the_scale(desk):
    serve_one(desk)
    for bad in (0, 6, "5", None):
        r = desk.client.post(f"/api/v1/windows/{desk.w1.id}/ratings", json={"score": bad})
        assert r.status_code == 422, bad
        assert "score" in r.json["message"]
    r = desk.client.post(f"/api/v1/windows/{desk.w1.id}/ratings", json={"score": 6})
    assert "1 (very dissatisfied) to 5 (very satisfied)" in r.json["message"]


def test_an_unknown_window_is_a_404(desk):
    r = desk.client.post("/api/v1/windows/999/ratings", json={"score": 5})
    assert r.status_code == 404


def test_a_pad_back_from_a_lost_connection_learns_a_rating_is_pending(desk):
    url = f"/api/v1/windows/{desk.w1.id}/ratings/pending"
    assert desk.client.get(url).json["pending"] is False
    number = serve_one(desk)
    assert desk.client.get(url).json == {
        "pending": True, "ticket_number": number,
        "finished_at": desk.client.get(url).json["finished_at"]}
    desk.client.post(f"/api/v1/windows/{desk.w1.id}/ratings", json={"score": 5})
    assert desk.client.get(url).json["pending"] is False
