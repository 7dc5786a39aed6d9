"""The guide paper: the resident's answers kept behind a token, as the printer and the page need."""

from __future__ import annotations

import pytest

from server.errors import InvalidRequest
from server.guides import service
from server.guides.trees import load_guide
from tests.hall import at
from tests.kiosk.guide_data import small_guide


@pytest.fixture
def bakery(hall):
    """A center serving the food license at one window, and the bakery guide naming it."""
    center = hall.center()
    food = hall.item("food_distribution_license", center=center, field="market",
                     department="market")
    hall.window(center, 1, fields=["market"])
    data = small_guide()
    for node in data["nodes"].values():
        if "scenario" in node:
            node["scenario"]["items"] = [food.code]
    return center, food, load_guide(data, known_items=[food.code])


def make(hall, center, guide, answers, **kw):
    with hall.db.transaction() as session:
        made = service.create_paper(
            session=session, guide=guide, center_id=center.id, answers=answers,
            now=at("10:00"), url_for=lambda token: f"https://hall.example/kiosk/paper/{token}",
            **kw)
        return made.paper, made


def test_the_paper_keeps_the_answers_and_fills_the_form(hall, bakery):
    center, food, guide = bakery
    ticket = hall.take(center, food, at("09:59")).ticket
    paper, made = make(hall, center, guide, [0, 0], lang="en", ticket_tokens=[ticket.token])
    assert len(paper.token) >= 24 and paper.url.endswith(paper.token)
    assert paper.scenario == "baked" and paper.answers == [0, 0]
    assert made.jobs == [] and not made.printing
    with hall.db.read() as session:
        data = service.paper_print_data(session=session, token=paper.token)
    assert data["center_name"] == "测试中心" and data["center_name_en"] == "Test Center"
    assert data["title"] == "现场烘焙面包店" and data["title_en"] == "Bakery baking on site"
    assert data["items"] == [{"name": food.name, "name_en": food.name_en}]
    assert data["materials"] == [{"zh": "营业执照", "en": "Business license"}]
    assert data["precautions"] == [{"zh": "需现场核查", "en": "An inspection follows"}]
    answers = {a["label_en"]: a for a in data["answers"]}
    assert answers["Baking"]["value"] == "Baked on site"  # the paper's language
    assert answers["Baking"]["value_zh"] == "现场烘焙"
    assert answers["Business"]["label_zh"] == "业态" and answers["Name"]["value"] == ""
    assert data["url"] == paper.url and data["tickets"] == [ticket.number]


def test_the_same_tap_twice_makes_one_paper(hall, bakery):
    center, _, guide = bakery
    first, _ = make(hall, center, guide, [0, 1], idempotency_key="tap-7")
    again, made = make(hall, center, guide, [0, 1], idempotency_key="tap-7")
    assert again.token == first.token and made.replayed
    other, _ = make(hall, center, guide, [0, 1], idempotency_key="tap-8")
    assert other.token != first.token


@pytest.mark.parametrize("answers", [[0], [1], [0, 0, 0]])
def test_answers_that_stop_short_or_go_astray_are_refused(hall, bakery, answers):
    center, _, guide = bakery
    with pytest.raises(InvalidRequest, match="Start the guide again"):
        make(hall, center, guide, answers)


def test_a_ticket_of_another_center_is_not_printed_on_the_paper(hall, bakery):
    center, food, guide = bakery
    elsewhere = hall.center()
    with hall.db.transaction() as s:
        from server.centers.models import CenterItem

        s.add(CenterItem(center_id=elsewhere.id, item_id=food.id))
    hall.window(elsewhere, 1, fields=["market"])
    foreign = hall.take(elsewhere, food, at("09:30")).ticket
    with pytest.raises(InvalidRequest, match="not a ticket of this center"):
        make(hall, center, guide, [0, 0], ticket_tokens=[foreign.token])
