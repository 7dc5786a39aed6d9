from __future__ import annotations

from apiflask import Schema, fields
from sqlalchemy import select

from server.api.base import api, now
from server.centers import service
from server.centers.models import Department
from server.extensions import db


class CenterOut(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    name_en = fields.String()
    timezone = fields.String()
    hours = fields.Dict(metadata={"description": "Weekday to [opens, closes]; null: closed"})
    special_days = fields.Dict()
    open_now = fields.Boolean()
    grace_minutes = fields.Integer()
    max_wait_minutes = fields.Integer()
    target_wait_minutes = fields.Integer()
    priority_classes = fields.List(fields.String())
    priority_labels = fields.Dict(keys=fields.String(), values=fields.Dict(
        keys=fields.String(), values=fields.String()),
        metadata={"description": "Each priority class's name in zh (name) and en (name_en)"})

    slot_minutes = fields.Integer()


class Material(Schema):
    zh = fields.String()
    en = fields.String()


class ItemOut(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    name_en = fields.String()
    routing = fields.String()
    department = fields.Dict()
    field = fields.String()
    expected_minutes = fields.Integer()
    on_the_spot = fields.Boolean()
    prefix = fields.String()
    materials = fields.List(fields.Nested(Material))
    related_item_ids = fields.List(fields.Integer())
    keywords = fields.String()


def center_out(center, at) -> dict:
    return {
        "id": center.id, "code": center.code, "name": center.name, "name_en": center.name_en,
        "timezone": center.timezone, "hours": service.opening_hours(center),
        "special_days": center.special_days, "open_now": service.is_open(center, at),
        "grace_minutes": center.grace_minutes, "max_wait_minutes": center.max_wait_minutes,
        "target_wait_minutes": center.target_wait_minutes,
        "priority_classes": center.priority_classes, "slot_minutes": center.slot_minutes,
        "priority_labels": service.priority_labels(center),
    }


@api.get("/centers")
@api.output(CenterOut(many=True))
@api.doc(summary="The centers of the city, with opening hours")
def centers_list() -> list[dict]:
    at = now()
    with db.read() as session:
        return [center_out(c, at) for c in service.list_centers(session=session)]


@api.get("/centers/<int:center_id>")
@api.output(CenterOut)
@api.doc(summary="One center")
def center_get(center_id: int) -> dict:
    with db.read() as session:
        return center_out(service.get_center(session=session, center_id=center_id), now())


@api.get("/centers/<int:center_id>/items")
@api.output(ItemOut(many=True))
@api.doc(summary="The items served at a center")
def center_items(center_id: int) -> list[dict]:
    with db.read() as session:
        service.get_center(session=session, center_id=center_id)
        items = service.center_items(session=session, center_id=center_id)
        by_code = {i.code: i.id for i in items}
        departments = {d.id: d for d in session.scalars(select(Department))}
        return [
            {
                "id": i.id, "code": i.code, "name": i.name, "name_en": i.name_en,
                "routing": i.routing, "field": i.field,
                "department": {"id": i.department_id,
                               "code": departments[i.department_id].code,
                               "name": departments[i.department_id].name,
                               "name_en": departments[i.department_id].name_en},
                "expected_minutes": i.expected_minutes, "on_the_spot": i.on_the_spot,
                "prefix": i.prefix, "materials": i.materials,
                "related_item_ids": [by_code[c] for c in i.related_codes if c in by_code],
                "keywords": i.keywords,
            }
            for i in items
        ]
