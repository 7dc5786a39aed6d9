"""What a kiosk shows: the center, its fields and items (with pinyin for search), its guides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts.models import Device
from server.accounts.service import kiosk_at
from server.centers.models import Center, Department
from server.centers.search import search_keys
from server.centers.service import center_items, is_open, priority_labels
from server.errors import InvalidRequest
from server.guides import service as guides

# The business fields of the catalogue, as a resident reads them.
FIELD_NAMES = {
    "market": ("市场准营", "Business licenses"),
    "construction": ("工程建设", "Construction"),
    "general": ("综合事项", "General"),
    "culture": ("文化旅游", "Culture and tourism"),
    "issuance": ("证照领取", "Certificate collection"),
    "community": ("社区事务", "Community affairs"),
}


def field_name(code: str) -> dict[str, str]:
    zh, en = FIELD_NAMES.get(code, (code, code.replace("_", " ").capitalize()))
    return {"name": zh, "name_en": en}


def kiosk_device(session: Session, center_id: int, kiosk_id: int | None) -> Device | None:
    """The kiosk asking, if it is one of this center's; else none (the page works without)."""
    if kiosk_id is None:
        return None
    try:
        return kiosk_at(session=session, center_id=center_id, kiosk_id=kiosk_id)
    except InvalidRequest:
        return None


def printer_state(device: Device | None) -> str | None:
    """The kiosk's printer as last reported (online, paper_low, paper_out, error, offline)."""
    if device is None:
        return None
    return (device.status or {}).get("printer")


def kiosk_catalog(*, session: Session, center: Center, now: dt.datetime, guides_dir: Path,
                  kiosk: Device | None = None) -> dict[str, Any]:
    ticketable = guides.ticketable_item_ids(session=session, center_id=center.id)
    departments = {d.id: d for d in session.scalars(select(Department))}
    items, fields = [], {}
    for item in center_items(session=session, center_id=center.id):
        if item.id not in ticketable:
            continue
        dep = departments.get(item.department_id)
        items.append({
            "id": item.id, "code": item.code, "name": item.name, "name_en": item.name_en,
            "field": item.field, "on_the_spot": item.on_the_spot,
            "department": dep.name if dep else "", "department_en": dep.name_en if dep else "",
            "materials": item.materials, "keywords": item.keywords.lower(),
            **search_keys(item.name),
        })
        fields.setdefault(item.field, {"code": item.field, **field_name(item.field),
                                       "count": 0})["count"] += 1
    guide_set = guides.guide_set(session=session, directory=guides_dir)
    view = guides.center_view(session=session, center_id=center.id)
    return {
        "center": {
            "id": center.id, "name": center.name, "name_en": center.name_en,
            "timezone": center.timezone, "priority_classes": center.priority_classes,
            "priority_labels": priority_labels(center),

            "notice": center.notice, "open_now": center.allow_outside_hours
            or is_open(center, now),
        },
        "fields": sorted(fields.values(), key=lambda f: (
            list(FIELD_NAMES).index(f["code"]) if f["code"] in FIELD_NAMES else len(FIELD_NAMES),
            f["code"])),
        "items": items,
        "guides": [g for g in (guides.guide_summary(g, view) for g in guide_set.ordered())
                   if g["available"]],
        "kiosk": {"id": kiosk.id, "name": kiosk.name, "printer": printer_state(kiosk)}
        if kiosk else None,
    }
