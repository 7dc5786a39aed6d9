"""Guide data for tests: the demo catalogue's codes, a small valid guide, and a generated one."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from server.config import CONFIG_DIR

GUIDES_DIR = CONFIG_DIR / "guides"
LICENSES = (
    "food_distribution_license", "drug_retail_license", "medical_device_license",
    "public_health_license", "performance_license", "online_service_license",
    "entertainment_venue_license", "art_business_license",
)


def demo_item_codes() -> set[str]:
    catalogue = yaml.safe_load((CONFIG_DIR / "demo" / "catalogue.yaml").read_text("utf-8"))
    return {item["code"] for item in catalogue["items"]}


def t(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def small_guide() -> dict[str, Any]:
    """A bakery: format, then whether bread is baked on site; two scenarios."""
    return copy.deepcopy({
        "id": "bakery",
        "title": t("开面包店", "Opening a bakery"),
        "start": "format",
        "nodes": {
            "format": {
                "step": "format", "field": "business_format",
                "question": t("哪种业态？", "Which business?"),
                "options": [{"label": t("面包店", "Bakery"), "next": "baking"}],
            },
            "baking": {
                "step": "situation", "field": "baking",
                "question": t("现场烘焙吗？", "Baked on site?"),
                "options": [
                    {"label": t("是", "Yes"), "value": t("现场烘焙", "Baked on site"),
                     "next": "baked"},
                    {"label": t("否", "No"), "next": "bought"},
                ],
            },
            "baked": {"scenario": {
                "title": t("现场烘焙面包店", "Bakery baking on site"),
                "items": ["food_distribution_license"],
                "materials": [t("营业执照", "Business license")],
                "precautions": [t("需现场核查", "An inspection follows")],
                "form_fields": [
                    {"key": "format", "label": t("业态", "Business"), "answer": "business_format"},
                    {"key": "baking", "label": t("烘焙", "Baking"), "answer": "baking"},
                    {"key": "kind", "label": t("类别", "Kind"), "value": t("食品", "Food")},
                    {"key": "name", "label": t("名称", "Name")},
                ],
            }},
            "bought": {"scenario": {
                "title": t("面包店（不烘焙）", "Bakery, not baking"),
                "items": ["food_distribution_license"],
                "materials": [t("营业执照", "Business license")],
            }},
        },
    })


def generated_guides(formats: int, scenarios: int, items: tuple[str, ...] = LICENSES
                     ) -> list[dict[str, Any]]:
    """Guides holding `formats` formats and `scenarios` scenarios across them, every format
    asked as format, then scene, then situation, as in the seed (8 items, 27 formats, 63
    scenarios). One guide per item, formats dealt out in turn."""
    guides = []
    per_guide = [list(range(i, formats, len(items))) for i in range(len(items))]
    leaves_left = scenarios
    for g, (code, format_ids) in enumerate(zip(items, per_guide, strict=True)):
        nodes: dict[str, Any] = {}
        options = []
        for n, f in enumerate(format_ids):
            formats_after = sum(len(x) for x in per_guide[g + 1:]) + len(format_ids) - n - 1
            count = max(1, min(leaves_left - formats_after, -(-leaves_left // (formats_after + 1))))
            leaves_left -= count
            options.append({"label": t(f"业态{f}", f"Format {f}"), "next": f"scene{f}"})
            nodes[f"scene{f}"] = {
                "step": "scene", "field": "scene",
                "question": t(f"业态{f}的场景？", f"Scene of format {f}?"),
                "options": [{"label": t(f"场景{f}-{k}", f"Scene {f}-{k}"),
                             "next": f"situation{f}-{k}"} for k in range(count)],
            }
            for k in range(count):
                nodes[f"situation{f}-{k}"] = {
                    "step": "situation", "field": "situation",
                    "question": t(f"情形{f}-{k}？", f"Situation {f}-{k}?"),
                    "options": [{"label": t("是", "Yes"), "next": f"scenario{f}-{k}"},
                                {"label": t("否", "No"), "next": f"scenario{f}-{k}"}],
                }
                nodes[f"scenario{f}-{k}"] = {"scenario": {
                    "title": t(f"情景{f}-{k}", f"Scenario {f}-{k}"),
                    "items": [code],
                    "materials": [t("营业执照", "Business license")],
                    "form_fields": [
                        {"key": "scene", "label": t("场景", "Scene"), "answer": "scene"},
                        {"key": "situation", "label": t("情形", "Situation"),
                         "answer": "situation"},
                    ],
                }}
        nodes["format"] = {"step": "format", "question": t("业态？", "Format?"),
                           "options": options}
        guides.append({"id": f"gen-{g}", "title": t(f"生成{g}", f"Generated {g}"),
                       "start": "format", "nodes": nodes})
    assert leaves_left == 0, leaves_left
    return guides
