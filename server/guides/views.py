"""The guides API: the funnels as nested question trees, and the guide papers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apiflask import Schema, fields
from apiflask.validators import Length, OneOf, Range
from flask import current_app

from server import flows
from server.api.auth import auth, principal
from server.api.base import api, now, public_url
from server.clock import iso
from server.events.service import PUBLIC
from server.extensions import db
from server.guides import service
from server.guides.models import GuidePaper
from server.security.limits import per_address

TREE_DOC = (
    "Nested nodes. A question node: {id, step (format|scene|situation), field, "
    "question {zh, en}, options [{label {zh, en}, value {zh, en}, node}]}. A leaf: "
    "{id, scenario {title, item_ids, items [{id, code, name, name_en}], item_codes, "
    "materials [{zh, en}], precautions [{zh, en}], form_fields [{key, label {zh, en}, answer "
    "(the question field that fills it), value (fixed)}], served_here (with center_id)}}."
)


class Text(Schema):
    zh = fields.String()
    en = fields.String()


class CenterQuery(Schema):
    center_id = fields.Integer(
        load_default=None, validate=Range(min=1),
        metadata={"description": "Say which of the guide's scenarios this center takes "
                                 "tickets for (`available`, `served_here`)"})


class GuideSummaryOut(Schema):
    id = fields.String()
    title = fields.Nested(Text)
    summary = fields.Nested(Text)
    formats = fields.Integer()
    scenarios = fields.Integer()
    item_ids = fields.List(fields.Integer())
    available = fields.Boolean(allow_none=True, metadata={
        "description": "With center_id: some scenario's items all take tickets here"})


class GuideOut(GuideSummaryOut):
    tree = fields.Dict(metadata={"description": TREE_DOC})


class PaperIn(Schema):
    center_id = fields.Integer(required=True, validate=Range(min=1))
    answers = fields.List(
        fields.Integer(validate=Range(min=0)), required=True, validate=Length(1, 50),
        metadata={"description": "The chosen option's index at each question, from the start"})
    lang = fields.String(load_default="zh", validate=OneOf(["zh", "en"]))
    kiosk_id = fields.Integer(load_default=None, allow_none=True)
    ticket_tokens = fields.List(
        fields.String(validate=Length(1, 64)), load_default=list, validate=Length(0, 10),
        metadata={"description": "The tickets taken for this scenario, printed on the paper"})


class IdempotencyHeader(Schema):
    idempotency_key = fields.String(
        data_key="Idempotency-Key", load_default=None, validate=Length(1, 100),
        metadata={"description": "A retry with the same key answers the same paper"})


class PaperOut(Schema):
    token = fields.String()
    url = fields.String(metadata={"description": "The printable page (what the QR code says)"})
    center_id = fields.Integer()
    kiosk_id = fields.Integer(allow_none=True)
    guide_id = fields.String()
    scenario = fields.String()
    answers = fields.List(fields.Integer())
    lang = fields.String()
    created_at = fields.String()
    content = fields.Dict(metadata={"description": "The paper as made: titles, items, "
                                    "materials, precautions, the filled form, tickets"})
    printing = fields.Boolean(metadata={"description": "Queued for the kiosk's printer"})
    replayed = fields.Boolean()


def _directory() -> Path:
    return Path(current_app.config["QMS_GUIDES_DIR"])


def paper_out(paper: GuidePaper, **extra: Any) -> dict[str, Any]:
    return {
        "token": paper.token, "url": paper.url, "center_id": paper.center_id,
        "kiosk_id": paper.kiosk_id, "guide_id": paper.guide_id, "scenario": paper.scenario,
        "answers": paper.answers, "lang": paper.lang, "created_at": iso(paper.created_at),
        "content": paper.content, **extra,
    }


@api.get("/guides")
@api.input(CenterQuery, location="query", arg_name="query")
@api.output(GuideSummaryOut(many=True))
@api.doc(summary="The funnel guides (format, scene, situation) that lead to a scenario")
def guides_list(query: dict) -> list[dict]:
    with db.read() as session:
        guides = service.guide_set(session=session, directory=_directory())
        view = service.center_view(session=session, center_id=query["center_id"])
        return [service.guide_summary(g, view) for g in guides.ordered()]


@api.get("/guides/<guide_id>")
@api.input(CenterQuery, location="query", arg_name="query")
@api.output(GuideOut)
@api.doc(summary="One guide as a tree of nested nodes", description=TREE_DOC)
def guide_get(guide_id: str, query: dict) -> dict:
    with db.read() as session:
        guide = service.get_guide(service.guide_set(session=session, directory=_directory()),
                                  guide_id)
        view = service.center_view(session=session, center_id=query["center_id"])
        return service.guide_tree(guide, view)


@api.post("/guides/<guide_id>/papers")
@api.auth_required(auth, optional=True)
@per_address("RATELIMIT_GUIDE_PAPER", devices_exempt=True)
@api.input(PaperIn, arg_name="body")
@api.input(IdempotencyHeader, location="headers", arg_name="headers")
@api.output(PaperOut, status_code=201)
@api.doc(summary="Make the resident's guide paper from their answers",
         description="Stores the answers and the paper (materials checklist, precautions, "
                     "the form filled with the answers) behind an unguessable token; its page "
                     "is /kiosk/paper/{token}. From a kiosk it is queued for the kiosk's "
                     "printer.")
def paper_create(guide_id: str, body: dict, headers: dict) -> dict:
    at = now()
    who = principal()
    with db.transaction() as session:
        guide = service.get_guide(service.guide_set(session=session, directory=_directory()),
                                  guide_id)
        made = flows.make_guide_paper(
            session=session, guide=guide, center_id=body["center_id"], answers=body["answers"],
            now=at, url_for=lambda token: public_url(f"/kiosk/paper/{token}"),
            lang=body["lang"], actor=who.actor if who else PUBLIC, kiosk_id=body["kiosk_id"],
            ticket_tokens=body["ticket_tokens"],
            idempotency_key=headers.get("idempotency_key"),
        )
        out = paper_out(made.paper, printing=made.printing, replayed=made.replayed)
    return out


@api.get("/guide-papers/<token>")
@api.output(PaperOut)
@api.doc(summary="A guide paper, by its unguessable token")
def paper_get(token: str) -> dict:
    with db.read() as session:
        return paper_out(service.find_paper(session=session, token=token))
