"""The administration API: centers, catalogue, windows, accounts, devices and guides.

Admins change the whole city; a manager only their centers (and their staff); staff none of
it. Each route changes the hall in one transaction, writes the audit trail in it, and
its transaction publishes the usual events after the commit so open screens follow at once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from apiflask import Schema, fields
from apiflask.validators import Length, OneOf, Range
from flask import current_app, request

from server.accounts.models import DEVICE_KINDS, ROLES
from server.admin import catalogue, guides, halls, people
from server.api.auth import auth, principals, require_principal
from server.api.base import api, now
from server.api.schemas import WindowOut
from server.errors import Forbidden, InvalidRequest
from server.extensions import db
from server.windows.models import KINDS
from server.windows.presenters import window_view


class DepartmentIn(Schema):
    name = fields.String(required=True, validate=Length(1, 200))
    name_en = fields.String(load_default="", validate=Length(0, 200))
    code = fields.String(validate=Length(1, 40))


class DepartmentOut(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    name_en = fields.String()


class MaterialIn(Schema):
    zh = fields.String(required=True, validate=Length(1, 300))
    en = fields.String(load_default="", validate=Length(0, 300))


class ItemPatch(Schema):
    code = fields.String(validate=Length(1, 60))
    name = fields.String(validate=Length(1, 200))
    name_en = fields.String(validate=Length(0, 200))
    department_id = fields.Integer()
    field = fields.String(validate=Length(1, 40), metadata={
        "description": "The field comprehensive windows serve it by: market, community, ..."})
    routing = fields.String(validate=OneOf(("comprehensive", "specialized")))
    expected_minutes = fields.Integer(validate=Range(1, 480))
    prefix = fields.String(validate=Length(0, 4), metadata={
        "description": "Number prefix of its tickets; never the start of another prefix"})
    on_the_spot = fields.Boolean()
    materials = fields.List(fields.Nested(MaterialIn))
    related_item_ids = fields.List(fields.Integer())
    keywords = fields.String(validate=Length(0, 500))


class ItemIn(ItemPatch):
    name = fields.String(required=True, validate=Length(1, 200))
    department_id = fields.Integer(required=True)
    expected_minutes = fields.Integer(required=True, validate=Range(1, 480))


class ItemAdminOut(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    name_en = fields.String()
    department_id = fields.Integer()
    field = fields.String()
    routing = fields.String()
    expected_minutes = fields.Integer()
    prefix = fields.String()
    on_the_spot = fields.Boolean()
    materials = fields.List(fields.Dict())
    related_codes = fields.List(fields.String())
    related_item_ids = fields.List(fields.Integer())
    keywords = fields.String()


Span = fields.Raw(allow_none=True, metadata={
    "description": '["08:30", "17:00"] or [["08:30", "17:00"]]; null: closed'})


class CenterPatch(Schema):
    code = fields.String(validate=Length(1, 40))
    name = fields.String(validate=Length(1, 200))
    name_en = fields.String(validate=Length(0, 200))
    address = fields.String(validate=Length(0, 300))
    timezone = fields.String(validate=Length(1, 64))
    hours = fields.Dict(keys=fields.String(), values=Span, metadata={
        "description": 'Weekday (mon..sun) to its span: {"mon": [["08:30", "17:00"]]}; '
                       "a day left out is closed"})
    special_days = fields.Dict(keys=fields.String(), values=Span, metadata={
        "description": 'Date to null (a holiday) or a span (a make-up working day): '
                       '{"2026-10-01": null, "2026-10-10": ["09:00", "17:00"]}'})
    allow_outside_hours = fields.Boolean()
    grace_minutes = fields.Integer()
    max_wait_minutes = fields.Integer()
    target_wait_minutes = fields.Integer()
    recall_limit = fields.Integer()
    priority_classes = fields.List(fields.String())
    reservation_prefix = fields.String(validate=Length(1, 4))
    slot_minutes = fields.Integer()
    slot_capacity = fields.Integer()
    notice = fields.String(validate=Length(0, 500))


class CenterIn(CenterPatch):
    name = fields.String(required=True, validate=Length(1, 200))
    timezone = fields.String(load_default="Asia/Shanghai", validate=Length(1, 64))


class CenterAdminOut(CenterPatch):
    id = fields.Integer()
    hours = fields.Dict()
    special_days = fields.Dict()


class ItemIds(Schema):
    item_ids = fields.List(fields.Integer(), required=True)


class CenterItemsOut(Schema):
    center_id = fields.Integer()
    item_ids = fields.List(fields.Integer())


class WindowPatch(Schema):
    number = fields.Integer(validate=Range(1, 999))
    kind = fields.String(validate=OneOf(KINDS))
    group = fields.String(validate=Length(0, 60))
    group_en = fields.String(validate=Length(0, 60))
    fields_ = fields.List(fields.String(validate=Length(1, 40)), data_key="fields", metadata={
        "description": "A comprehensive window's fields (routing when item_ids is left out)"})
    department_id = fields.Integer(allow_none=True)
    item_ids = fields.List(fields.Integer(), metadata={
        "description": "The items it serves; left out: what the routing rule gives its kind"})


class WindowIn(WindowPatch):
    number = fields.Integer(required=True, validate=Range(1, 999))
    kind = fields.String(required=True, validate=OneOf(KINDS))


class WindowAdminOut(WindowOut):
    """A window as the console sees it: the window schema under its own name in the document."""


class UserPatch(Schema):
    active = fields.Boolean()
    password = fields.String(validate=Length(6, 200))
    role = fields.String(validate=OneOf(ROLES))
    center_ids = fields.List(fields.Integer())
    display_name = fields.String(validate=Length(0, 120))


class UserIn(UserPatch):
    """A new account: active from the start (`active` is for PATCH)."""

    class Meta:
        exclude = ("active",)

    username = fields.String(required=True, validate=Length(1, 80))
    password = fields.String(required=True, validate=Length(6, 200))
    role = fields.String(load_default="staff", validate=OneOf(ROLES))
    center_ids = fields.List(fields.Integer(), load_default=list)


class UserOut(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    active = fields.Boolean()
    center_ids = fields.List(fields.Integer())


class DeviceIn(Schema):
    center_id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=OneOf(DEVICE_KINDS))
    name = fields.String(required=True, validate=Length(1, 120))


class DeviceCreated(Schema):
    id = fields.Integer()
    center_id = fields.Integer()
    kind = fields.String()
    name = fields.String()
    printer = fields.String()
    revoked_at = fields.String(allow_none=True)
    token = fields.String(metadata={"description": "The device's bearer token: shown only now"})


class GuideOut(Schema):
    id = fields.String()
    file = fields.String()
    sha256 = fields.String()
    bytes = fields.Integer()
    scenarios = fields.Integer()


def _act(change, **kwargs: Any) -> Any:
    """Run one change in one transaction as the signed-in person; the transaction publishes
    what it recorded once it has committed."""
    who = require_principal()
    with db.transaction() as session:
        result = change(session=session, actor=who.actor, now=now(), **kwargs)
        if isinstance(result, tuple):
            result = result[0]
        elif isinstance(result, list):
            result = None
        return result if result is None else _view(result)


def _view(obj: Any) -> dict[str, Any]:
    kind = type(obj).__name__
    if kind == "Department":
        return catalogue.department_view(obj)
    if kind == "Item":
        return catalogue.item_view(obj)
    if kind == "Center":
        return halls.center_settings(obj)
    if kind == "Window":
        return window_view(obj)
    if kind == "User":
        return people.user_view(obj)
    return people.device_view(obj)


def _fields(body: dict[str, Any]) -> dict[str, Any]:
    if "fields_" in body:
        body = {**body, "fields": body.pop("fields_")}
    return body


def _require_manager_role() -> Any:
    who = require_principal()
    if who.actor.role not in ("admin", "manager"):
        raise Forbidden("Only admins and managers read the administration's lists.")
    return who


@api.get("/departments")
@api.auth_required(auth)
@api.output(DepartmentOut(many=True))
@api.doc(summary="The city's departments (admins and managers)")
def departments_list() -> list[dict]:
    _require_manager_role()
    with db.read() as session:
        return [catalogue.department_view(d) for d in catalogue.list_catalogue(session)[0]]


@api.get("/items")
@api.auth_required(auth)
@api.output(ItemAdminOut(many=True))
@api.doc(summary="The city-wide item catalogue, as PATCH takes it (admins and managers)")
def items_list() -> list[dict]:
    _require_manager_role()
    with db.read() as session:
        items = catalogue.list_catalogue(session)[1]
        ids = {i.code: i.id for i in items}
        return [{**catalogue.item_view(i),
                 "related_item_ids": [ids[c] for c in i.related_codes if c in ids]}
                for i in items]


@api.get("/users")
@api.auth_required(auth)
@api.output(UserOut(many=True))
@api.doc(summary="The accounts one may change (admins: all; managers: their centers' staff)")
def users_list() -> list[dict]:
    who = require_principal()
    with db.read() as session:
        return [people.user_view(u) for u in people.list_accounts(session=session,
                                                                  actor=who.actor)]


@api.post("/departments")
@api.auth_required(auth)
@api.input(DepartmentIn, arg_name="body")
@api.output(DepartmentOut, status_code=201)
@api.doc(summary="Add a department (admins)", responses={409: "The name or code exists"})
def department_create(body: dict) -> dict:
    return _act(catalogue.create_department, **body)


@api.post("/items")
@api.auth_required(auth)
@api.input(ItemIn, arg_name="body")
@api.output(ItemAdminOut, status_code=201)
@api.doc(summary="Add an item to the city-wide catalogue (admins)",
         responses={409: "The code exists, or its number prefix collides with another"})
def item_create(body: dict) -> dict:
    return _act(catalogue.create_item, **body)


@api.patch("/items/<int:item_id>")
@api.auth_required(auth)
@api.input(ItemPatch, arg_name="body")
@api.output(ItemAdminOut)
@api.doc(summary="Change an item of the catalogue (admins)",
         description="The centers serving it hear `center.changed`.")
def item_update(item_id: int, body: dict) -> dict:
    return _act(catalogue.update_item, item_id=item_id, **body)


@api.post("/centers")
@api.auth_required(auth)
@api.input(CenterIn, arg_name="body")
@api.output(CenterAdminOut, status_code=201)
@api.doc(summary="Open a new center (admins)")
def center_create(body: dict) -> dict:
    return _act(halls.create_center, **body)


@api.get("/centers/<int:center_id>/settings")
@api.auth_required(auth)
@api.output(CenterAdminOut)
@api.doc(summary="Every setting of a center, as PATCH takes them (its managers)")
def center_settings(center_id: int) -> dict:
    from server.admin.common import require_manages

    require_manages(require_principal().actor, center_id)
    with db.read() as session:
        return halls.center_settings(halls.get_center(session, center_id))


@api.patch("/centers/<int:center_id>")
@api.auth_required(auth)
@api.input(CenterPatch, arg_name="body")
@api.output(CenterAdminOut)
@api.doc(summary="Change any setting of a center (its managers)",
         description="Hours, special days (holidays and make-up working days), targets, "
                     "tickets outside hours, priority classes, the notice... Published as "
                     "`center.changed` (and `center.notice`).")
def center_update(center_id: int, body: dict) -> dict:
    return _act(halls.update_center, center_id=center_id, **body)


@api.put("/centers/<int:center_id>/items")
@api.auth_required(auth)
@api.input(ItemIds, arg_name="body")
@api.output(CenterItemsOut)
@api.doc(summary="Which catalogue items a center serves (its managers)",
         description="An item dropped leaves the center's windows too; refused (409) while "
                     "a waiting ticket would be left with no window.")
def center_items_set(center_id: int, body: dict) -> dict:
    _act(halls.set_center_items, center_id=center_id, item_ids=body["item_ids"])
    with db.read() as session:
        return {"center_id": center_id, "item_ids": halls.served_item_ids(session, center_id)}


@api.post("/centers/<int:center_id>/windows")
@api.auth_required(auth)
@api.input(WindowIn, arg_name="body")
@api.output(WindowAdminOut, status_code=201)
@api.doc(summary="Add a window to a center (its managers)",
         responses={409: "The center has a window of that number"})
def window_create(center_id: int, body: dict) -> dict:
    return _act(halls.create_window, center_id=center_id, **_fields(body))


@api.patch("/windows/<int:window_id>")
@api.auth_required(auth)
@api.input(WindowPatch, arg_name="body")
@api.output(WindowAdminOut)
@api.doc(summary="Change a window: number, kind, group, items (its center's managers)")
def window_update(window_id: int, body: dict) -> dict:
    return _act(halls.update_window, window_id=window_id, **_fields(body))


@api.delete("/windows/<int:window_id>")
@api.auth_required(auth)
@api.doc(summary="Retire a window that nobody holds and that holds no ticket",
         responses={204: "Retired; its history stays", 409: "It is held or on a ticket"})
def window_retire(window_id: int):
    _act(halls.retire_window, window_id=window_id)
    return "", 204


@api.post("/users")
@api.auth_required(auth)
@api.input(UserIn, arg_name="body")
@api.output(UserOut, status_code=201)
@api.doc(summary="Create an account (admins; managers: staff of their centers)",
         responses={409: "The user name exists"})
def user_create(body: dict) -> dict:
    return _act(people.create_account, **body)


@api.patch("/users/<int:user_id>")
@api.auth_required(auth)
@api.input(UserPatch, arg_name="body")
@api.output(UserOut)
@api.doc(summary="Switch an account off or on, reset its password, set its role and centers",
         description="Switched off (or a password reset): every token of the person stops "
                     "working at once; the windows they hold close and the resident at each "
                     "goes back to the line at their place.")
def user_update(user_id: int, body: dict) -> dict:
    out = _act(people.update_account, user_id=user_id, **body)
    principals.forget_holder(user_id=user_id)
    return out


@api.post("/devices")
@api.auth_required(auth)
@api.input(DeviceIn, arg_name="body")
@api.output(DeviceCreated, status_code=201)
@api.doc(summary="Register a kiosk, board, pad or counter; its token is shown this once")
def device_register(body: dict) -> dict:
    who = require_principal()
    days = current_app.config["QMS_DEVICE_TOKEN_TTL_DAYS"]
    with db.transaction() as session:
        device, token = people.register_device(
            session=session, actor=who.actor, now=now(), ttl=dt.timedelta(days=days), **body)
        return {**people.device_view(device), "token": token}


@api.delete("/devices/<int:device_id>")
@api.auth_required(auth)
@api.doc(summary="Revoke a device: its token stops working at once",
         responses={204: "Revoked"})
def device_revoke(device_id: int):
    _act(people.revoke_device, device_id=device_id)
    principals.forget_holder(device_id=device_id)
    return "", 204


def _guides_dir() -> Path:
    return Path(current_app.config["QMS_GUIDES_DIR"])


@api.put("/guides/<guide_id>")
@api.auth_required(auth)
@api.output(GuideOut)
@api.doc(summary="Upload or replace a guide file (admins)",
         description="The body is the guide's YAML (or a multipart form with a `file`). It "
                     "is checked as `qms guides check` checks it; a fault names its node.",
         responses={200: "Replaced", 201: "Added", 400: "Not a valid guide"})
def guide_put(guide_id: str):
    upload = request.files.get("file")
    text = upload.read() if upload is not None else request.get_data()
    if not text:
        raise InvalidRequest("Send the guide's YAML as the body, or as a form's `file`.")
    who = require_principal()
    with db.transaction() as session:
        out, replaced = guides.put_guide(session=session, actor=who.actor, now=now(),
                                         directory=_guides_dir(), guide_id=guide_id, text=text)
    return out, 200 if replaced else 201


@api.delete("/guides/<guide_id>")
@api.auth_required(auth)
@api.doc(summary="Remove a guide (admins)", responses={204: "Removed"})
def guide_delete(guide_id: str):
    who = require_principal()
    with db.transaction() as session:
        guides.remove_guide(session=session, actor=who.actor, now=now(),
                            directory=_guides_dir(), guide_id=guide_id)
    return "", 204
