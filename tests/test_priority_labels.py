"""A priority class reads the same on the kiosk and at the counter: the server names it once
and both pages show the server's words."""

from __future__ import annotations

from pathlib import Path

from tests.hall import ALL_DAY

ROOT = Path(__file__).resolve().parents[1]


def test_the_kiosk_and_the_counter_get_the_same_names_from_the_server(app_hall, client):
    center = app_hall.center(hours=ALL_DAY, priority_classes=["elderly", "disabled", "veteran",
                                                              "blood_donor"])
    kiosk = client.get(f"/kiosk/{center.id}/catalog.json").json["center"]["priority_labels"]
    counter = client.get(f"/api/v1/centers/{center.id}").json["priority_labels"]
    assert kiosk == counter
    assert counter["disabled"] == {"name": "残障人士", "name_en": "Person with a disability"}
    assert counter["veteran"] == {"name": "军人、退役军人", "name_en": "Military or veteran"}
    assert counter["blood_donor"] == {"name": "blood_donor", "name_en": "blood_donor"}
    assert set(counter) == {"elderly", "disabled", "veteran", "blood_donor"}


def test_neither_page_keeps_words_of_its_own_for_the_classes():
    for text in ("kiosk/static/kiosk-text.js", "counter/static/counter-text.js"):
        words = (ROOT / text).read_text(encoding="utf-8")
        for own in ("残障", "残疾", "军人", "Disabled", "Veteran", "Disability"):
            assert own not in words, f"{text} names a priority class itself: {own}"
