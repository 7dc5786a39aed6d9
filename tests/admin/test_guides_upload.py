"""Guides uploaded, replaced and removed over the API, checked as `qms guides check` does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from server.config import CONFIG_DIR


def guide(item_code: str, title: str = "婚姻登记") -> bytes:
    return yaml.safe_dump({
        "id": "marriage", "title": {"zh": title, "en": "Marriage"},
        "start": "q1",
        "nodes": {
            "q1": {"question": {"zh": "您要办理什么？", "en": "What do you need?"},
                   "options": [{"label": {"zh": "结婚登记", "en": "Marry"}, "next": "s1"}]},
            "s1": {"scenario": {"title": {"zh": "结婚登记", "en": "Marriage"},
                                "items": [item_code]}},
        },
    }, allow_unicode=True).encode()


YAML = {"Content-Type": "application/yaml"}


@pytest.fixture
def guides_dir(app, tmp_path: Path) -> Path:
    folder = tmp_path / "guides"
    folder.mkdir()
    shutil.copy(CONFIG_DIR / "guides" / "_library.yaml", folder)
    app.config["QMS_GUIDES_DIR"] = str(folder)
    return folder


def test_a_guide_is_uploaded_replaced_and_removed_and_a_bad_one_names_its_node(
        city, client, guides_dir):
    code = city.pension.code
    r = city.admin("PUT", "/guides/marriage", data=guide(code),
                   headers=YAML)
    if r.status_code == 400:
        pytest.fail(r.json["message"])
    assert r.status_code == 201 and (guides_dir / "marriage.yaml").exists()
    listed = client.get(f"/api/v1/guides?center_id={city.north.id}").json
    assert "marriage" in [g["id"] for g in listed]

    r = city.admin("PUT", "/guides/marriage", data=guide("no_such_item"),
                   headers=YAML)
    assert r.status_code == 400 and "s1" in r.json["message"]
    assert code in (guides_dir / "marriage.yaml").read_text()

    r = city.admin("PUT", "/guides/marriage", data=guide(code, "婚姻登记（新）"),
                   headers=YAML)
    assert r.status_code == 200
    assert city.north_manager("DELETE", "/guides/marriage").status_code == 403
    assert city.admin("DELETE", "/guides/marriage").status_code == 204
    assert not (guides_dir / "marriage.yaml").exists()
    actions = [row["action"] for row in city.admin("GET", "/audit").json]
    assert {"guide.uploaded", "guide.replaced", "guide.removed"} <= set(actions)
