"""The lists the console reads: the catalogue for every admin and manager, and the accounts
each may change (an admin: all; a manager: the staff of their centers); staff none."""

from __future__ import annotations


def test_admins_and_managers_read_the_catalogue_with_related_items(city):
    dep = city.pension.department_id
    first = city.admin("POST", "/items", {"name": "社保卡", "department_id": dep,
                                          "expected_minutes": 5, "prefix": "S"}).json
    second = city.admin("POST", "/items", {"name": "社保卡挂失", "department_id": dep,
                                           "expected_minutes": 5, "prefix": "L",
                                           "related_item_ids": [first["id"]]})
    assert second.status_code == 201, second.json
    for who in (city.admin, city.north_manager):
        items = {i["name"]: i for i in who("GET", "/items").json}
        assert items["社保卡挂失"]["related_item_ids"] == [first["id"]]
        assert items["社保卡"]["prefix"] == "S"
        assert [d["id"] for d in who("GET", "/departments").json] == [dep]


def test_a_manager_lists_the_staff_of_their_centers_only(city):
    everyone = {u["username"] for u in city.admin("GET", "/users").json}
    assert {"wang", "zhao", "li"} <= everyone
    assert [u["username"] for u in city.north_manager("GET", "/users").json] == ["li"]
    assert city.south_manager("GET", "/users").json == []


def test_staff_read_none_of_the_lists(city):
    for path in ("/users", "/items", "/departments"):
        assert city.clerk("GET", path).status_code == 403
