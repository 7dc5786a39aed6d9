"""A window's own state over REST: open, pause, resume, close, the items it serves; and the
windows of a center. The staff member who holds a window acts on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apiflask import Schema, fields
from apiflask.validators import Length, OneOf
from sqlalchemy import select

from server.api.auth import auth, require_principal
from server.api.base import api, now
from server.api.schemas import WindowOut
from server.centers.service import get_center
from server.extensions import db
from server.tickets.presenters import window_now
from server.windows import service as windows
from server.windows.models import Window

PAUSE_REASONS = ("break", "training", "other")


class PauseIn(Schema):
    reason = fields.String(required=True, validate=OneOf(PAUSE_REASONS))
    note = fields.String(load_default="", validate=Length(0, 200))


class ItemsIn(Schema):
    item_ids = fields.List(fields.Integer(), required=True)


class WindowActionOut(WindowOut):
    window = fields.Nested(WindowOut)


class CenterWindowOut(WindowOut):
    """A window in its center's list: its own name in the OpenAPI document, since the
    window schema also appears nested in the window actions' answers."""


def _window_action(act: Callable[..., Any], **kwargs: Any) -> dict:
    who = require_principal()
    with db.transaction() as session:
        window, _ = act(session=session, actor=who.actor, now=now(), **kwargs)
        view = window_now(session, window)
    return {**view, "window": view}


@api.get("/centers/<int:center_id>/windows")
@api.output(CenterWindowOut(many=True))
@api.doc(summary="The windows of a center: kind, items served, state, current ticket")
def center_windows(center_id: int) -> list[dict]:
    with db.read() as session:
        get_center(session=session, center_id=center_id)
        found = session.scalars(
            select(Window).where(Window.center_id == center_id, Window.retired_at.is_(None))
            .order_by(Window.number)
        )
        return [window_now(session, w) for w in found]


@api.post("/windows/<int:window_id>/open")
@api.auth_required(auth)
@api.output(WindowActionOut)
@api.doc(summary="Open a window: the signed-in staff member takes it")
def window_open(window_id: int) -> dict:
    return _window_action(windows.open_window, window_id=window_id)


@api.post("/windows/<int:window_id>/pause")
@api.auth_required(auth)
@api.input(PauseIn, arg_name="body")
@api.output(WindowActionOut)
@api.doc(summary="Pause a window, with a reason: break, training or other")
def window_pause(window_id: int, body: dict) -> dict:
    reason = body["reason"] + (f": {body['note']}" if body["note"] else "")
    return _window_action(windows.set_state, window_id=window_id, state="paused", reason=reason)


@api.post("/windows/<int:window_id>/resume")
@api.auth_required(auth)
@api.output(WindowActionOut)
@api.doc(summary="Resume a paused window")
def window_resume(window_id: int) -> dict:
    return _window_action(windows.set_state, window_id=window_id, state="open", reason="")


@api.post("/windows/<int:window_id>/close")
@api.auth_required(auth)
@api.output(WindowActionOut)
@api.doc(summary="Close a window; its staff member is released")
def window_close(window_id: int) -> dict:
    return _window_action(windows.set_state, window_id=window_id, state="closed", reason="")


@api.put("/windows/<int:window_id>/items")
@api.auth_required(auth)
@api.input(ItemsIn, arg_name="body")
@api.output(WindowActionOut)
@api.doc(summary="Change which items a window serves (managers)")
def window_items(window_id: int, body: dict) -> dict:
    return _window_action(windows.set_items, window_id=window_id, item_ids=body["item_ids"])
