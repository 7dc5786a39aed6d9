"""The guides API and the kiosk's server side, on the demo city (1 Jing'an, 2 Pengpu)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from server.guides.models import GuidePaper
from server.printing.models import PrintJob

JINGAN, PENGPU = 1, 2
SUPERMARKET_LARGE_RETAIL_MADE = [0, 0, 0, 0]


def check_node(node: dict, leaves: list[dict]) -> None:
    """Every node keeps the contract: a question with options (label, node) or a scenario."""
    if "scenario" in node:
        s = node["scenario"]
        assert s["item_ids"] and all(isinstance(i, int) for i in s["item_ids"])
        for key in ("materials", "precautions"):
            assert all(set(text) == {"zh", "en"} and text["zh"] and text["en"]
                       for text in s[key]), key
        assert s["form_fields"] and all({"zh", "en"} <= set(f["label"]) for f in s["form_fields"])
        assert s["title"]["zh"] and s["title"]["en"]
        leaves.append(s)
        return
    assert node["question"]["zh"] and node["question"]["en"]
    assert node["options"]
    for option in node["options"]:
        assert option["label"]["zh"] and option["label"]["en"]
        check_node(option["node"], leaves)


def test_the_guides_are_listed_with_where_they_can_be_followed(demo_client):
    guides = demo_client.get("/api/v1/guides").json
    assert [g["id"] for g in guides] == ["food", "drugs", "public-places", "culture"]
    assert guides[0]["title"] == {"zh": "开办食品经营", "en": "Opening a food business"}
    assert sum(g["formats"] for g in guides) >= 16 and sum(g["scenarios"] for g in guides) >= 40
    district = demo_client.get(f"/api/v1/guides?center_id={JINGAN}").json
    community = demo_client.get(f"/api/v1/guides?center_id={PENGPU}").json
    assert all(g["available"] for g in district)
    assert not any(g["available"] for g in community)


def test_a_guide_is_one_tree_of_nested_nodes_ending_in_scenarios(demo_client):
    items = {i["code"]: i["id"] for i in demo_client.get(f"/api/v1/centers/{JINGAN}/items").json}
    guide = demo_client.get(f"/api/v1/guides/food?center_id={JINGAN}").json
    leaves: list[dict] = []
    check_node(guide["tree"], leaves)
    assert len(leaves) >= guide["scenarios"]
    node = guide["tree"]
    for index in SUPERMARKET_LARGE_RETAIL_MADE:
        node = node["options"][index]["node"]
    scenario = node["scenario"]
    assert scenario["title"]["zh"] == "大型超市（零售，含现场制售）"
    assert scenario["item_ids"] == [items["food_distribution_license"],
                                    items["public_health_license"]]
    assert scenario["served_here"] is True
    assert {"key": "scale", "label": {"zh": "经营规模", "en": "Size"}, "answer": "scale",
            "value": None} in scenario["form_fields"]


def test_an_unknown_guide_or_center_is_a_404_that_says_which_exist(demo_client):
    r = demo_client.get("/api/v1/guides/bakery")
    assert r.status_code == 404 and "food" in r.json["message"]
    assert demo_client.get("/api/v1/guides/food?center_id=99").status_code == 404


def take(client, item_code: str, center_id: int = JINGAN) -> dict:
    items = {i["code"]: i["id"] for i in client.get(f"/api/v1/centers/{center_id}/items").json}
    r = client.post(f"/api/v1/centers/{center_id}/tickets", json={"item_id": items[item_code]})
    assert r.status_code == 201, r.json
    return r.json


def test_the_guide_paper_holds_the_answers_and_is_a_printable_page(demo_client):
    ticket = take(demo_client, "food_distribution_license")
    r = demo_client.post("/api/v1/guides/food/papers", json={
        "center_id": JINGAN, "answers": SUPERMARKET_LARGE_RETAIL_MADE, "lang": "zh",
        "ticket_tokens": [ticket["token"]]})
    assert r.status_code == 201, r.json
    paper = r.json
    assert paper["url"] == f"http://localhost/kiosk/paper/{paper['token']}"
    assert paper["scenario"] == "supermarket_large_retail_made"
    form = {f["key"]: f["value"] for f in paper["content"]["form_fields"]}
    assert form["scale"] == {"zh": "大型超市", "en": "Large supermarket"}
    assert form["onsite_food"]["zh"] == "含现场制售" and form["address"] is None
    assert demo_client.get(f"/api/v1/guide-papers/{paper['token']}").json["token"] == \
        paper["token"]

    page = demo_client.get(f"/kiosk/paper/{paper['token']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "@media print" not in html  # the stylesheet is apart
    assert "paper.css" in html and "大型超市" in html and "食品加工制作流程图" in html
    assert ticket["number"] in html and "经营者名称" in html
    english = demo_client.get(f"/kiosk/paper/{paper['token']}?lang=en").get_data(as_text=True)
    assert "Materials checklist" in english and "Large supermarket" in english
    qr = demo_client.get(f"/kiosk/paper/{paper['token']}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    css = demo_client.get("/kiosk/static/paper.css").get_data(as_text=True)
    assert "@media print" in css


def test_a_retried_paper_request_makes_one_paper(demo_client, demo_app):
    body = {"center_id": JINGAN, "answers": [0, 2, 1]}
    first = demo_client.post("/api/v1/guides/food/papers", json=body,
                             headers={"Idempotency-Key": "tap-1"})
    again = demo_client.post("/api/v1/guides/food/papers", json=body,
                             headers={"Idempotency-Key": "tap-1"})
    assert first.status_code == again.status_code == 201
    assert again.json["token"] == first.json["token"] and again.json["replayed"]
    with demo_app.extensions["qms_db"].read() as session:
        papers = select(func.count()).select_from(GuidePaper).where(
            GuidePaper.idempotency_key == "tap-1")
        assert session.scalar(papers) == 1


@pytest.mark.parametrize("body, message", [
    ({"center_id": JINGAN, "answers": [0, 0]}, "stop before a scenario"),
    ({"center_id": JINGAN, "answers": [9]}, "option 9"),
    ({"center_id": JINGAN, "answers": [0, 2, 1], "ticket_tokens": ["nope"]},
     "not a ticket of this center"),
    ({"center_id": JINGAN, "answers": [0, 2, 1], "kiosk_id": 999}, "kiosk 999 itself"),
    ({"center_id": JINGAN, "answers": [0, 2, 1], "lang": "fr"}, "lang"),
    ({"answers": [0, 2, 1]}, "center_id"),
])
def test_a_bad_paper_request_is_a_400_a_person_can_act_on(demo_client, body, message):
    r = demo_client.post("/api/v1/guides/food/papers", json=body)
    assert r.status_code in (400, 403, 422) and message in r.json["message"], r.json


def test_a_paper_from_a_kiosk_is_queued_for_its_printer(demo_client, demo_app):
    import datetime as dt

    from server.accounts.service import issue_token
    from server.clock import utcnow

    kiosk = 2  # the demo kiosk of Jing'an
    with demo_app.extensions["qms_db"].transaction() as session:
        token = issue_token(session=session, now=utcnow(), ttl=dt.timedelta(days=1),
                            device_id=kiosk)
    r = demo_client.post("/api/v1/guides/food/papers", headers={
        "Authorization": f"Bearer {token}"}, json={
        "center_id": JINGAN, "answers": [0, 2, 1], "kiosk_id": kiosk})
    assert r.status_code == 201 and r.json["printing"] is True
    with demo_app.extensions["qms_db"].read() as session:
        job = session.scalar(select(PrintJob).where(PrintJob.ref == r.json["token"]))
        assert job.kind == "guide_paper" and job.kiosk_id == kiosk and job.state == "pending"


def test_the_kiosk_page_has_the_stable_selectors(demo_client):
    html = demo_client.get(f"/kiosk/{PENGPU}?kiosk=1").get_data(as_text=True)
    for selector in ('data-action="take"', 'data-action="reservation"', 'data-action="guide"',
                     'data-lang="zh"', 'data-lang="en"', 'id="reservation-code"',
                     'data-action="check-in"', 'id="ticket-screen"', 'id="offline-banner"'):
        assert selector in html, selector
    assert "彭浦新村街道社区事务受理服务中心" in html


def test_a_wrong_kiosk_address_says_what_to_fix(demo_client):
    r = demo_client.get(f"/kiosk/{PENGPU}?kiosk=2")  # kiosk 2 stands in Jing'an
    assert r.status_code == 404 and "no kiosk 2 at center 2" in r.get_data(as_text=True)
    assert demo_client.get("/kiosk/99").status_code == 404
    assert demo_client.get(f"/kiosk/{PENGPU}?kiosk=abc").status_code == 400


def test_the_kiosk_catalog_searches_by_pinyin_initials(demo_client):
    catalog = demo_client.get(f"/kiosk/{PENGPU}/catalog.json?kiosk=1").json
    card = next(i for i in catalog["items"] if i["name"] == "社保卡补换")
    assert card["initials"].startswith("sbk") and card["pinyin"] == "shebaokabuhuan"
    assert {f["code"] for f in catalog["fields"]} == {"community"}
    assert catalog["fields"][0]["name_en"] == "Community affairs"
    assert catalog["guides"] == []  # Pengpu does not handle the license items
    assert catalog["kiosk"] == {"id": 1, "name": "大厅一号取号机", "printer": None}
    district = demo_client.get(f"/kiosk/{JINGAN}/catalog.json").json
    assert [g["id"] for g in district["guides"]] == ["food", "drugs", "public-places", "culture"]
    assert district["fields"][0]["code"] == "market"


def test_the_ticket_codes_are_svg(demo_client):
    ticket = take(demo_client, "social_security_card_replacement", PENGPU)
    barcode = demo_client.get(f"/kiosk/t/{ticket['token']}/barcode.svg")
    assert barcode.mimetype == "image/svg+xml" and barcode.data.count(b"<rect") > 20
    qr = demo_client.get(f"/kiosk/t/{ticket['token']}/qr.svg")
    assert b"<svg" in qr.data and qr.status_code == 200
    assert demo_client.get("/kiosk/t/unknown/barcode.svg").status_code == 404


def test_the_openapi_document_describes_the_guides(demo_client):
    paths = demo_client.get("/api/openapi.json").json["paths"]
    assert {"/api/v1/guides", "/api/v1/guides/{guide_id}", "/api/v1/guides/{guide_id}/papers",
            "/api/v1/guide-papers/{token}"} <= set(paths)
