"""Guides at a center: loading the funnels against the catalogue, and the guide papers.

The question trees live as data (config/guides/*.yaml, see `server.guides.trees`);
they are loaded against the item catalogue in the database, so a guide naming an
item the catalogue does not know is refused. Plain Python: no Flask.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.centers.models import Center, CenterItem, Item
from server.errors import InvalidRequest, NotFound
from server.events.service import lock_center
from server.guides.models import GuidePaper
from server.guides.trees import (
    Guide,
    GuideError,
    GuideSet,
    Node,
    Walk,
    load_directory,
    load_guide,
)
from server.tickets.models import Ticket
from server.windows.models import Window, WindowItem

__all__ = [
    "Guide",
    "GuideError",
    "GuideSet",
    "create_paper",
    "find_paper",
    "guide_set",
    "guide_tree",
    "load_directory",
    "load_guide",
    "paper_print_data",
]

log = logging.getLogger(__name__)
LANGS = ("zh", "en")


class _Cache:
    """The loaded guides of a folder, reloaded when a file or the catalogue changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Path, tuple[Any, GuideSet]] = {}

    def get(self, directory: Path, known_items: Collection[str]) -> GuideSet:
        files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
        key = (tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files),
               frozenset(known_items))
        with self._lock:
            cached = self._entries.get(directory)
            if cached is not None and cached[0] == key:
                return cached[1]
        loaded = load_directory(directory, known_items=known_items)
        for error in loaded.errors:
            log.error("guide refused: %s", error)
        with self._lock:
            self._entries[directory] = (key, loaded)
        return loaded


_cache = _Cache()


@dataclass(frozen=True)
class CatalogItem:
    id: int
    code: str
    name: str
    name_en: str


def catalogue(*, session: Session) -> dict[str, CatalogItem]:
    """The city-wide item catalogue by code."""
    return {code: CatalogItem(id, code, name, name_en) for id, code, name, name_en in
            session.execute(select(Item.id, Item.code, Item.name, Item.name_en))}


def guide_set(*, session: Session, directory: Path) -> GuideSet:
    """The guides of a folder that pass their checks against this catalogue."""
    return _cache.get(directory, catalogue(session=session).keys())


def get_guide(guides: GuideSet, guide_id: str) -> Guide:
    guide = guides.guides.get(guide_id)
    if guide is None:
        known = ", ".join(sorted(guides.guides)) or "none"
        raise NotFound("There is no guide {guide_id!r}; the guides are: {known}.",
                       guide_id=guide_id, known=known)
    return guide


def ticketable_item_ids(*, session: Session, center_id: int) -> set[int]:
    """Items the center serves that a window (not a closed reserved one) takes tickets for."""
    rows = session.execute(
        select(WindowItem.item_id)
        .join(Window, Window.id == WindowItem.window_id)
        .join(CenterItem, (CenterItem.item_id == WindowItem.item_id)
              & (CenterItem.center_id == center_id))
        .where(Window.center_id == center_id,
               (Window.kind != "reserved") | (Window.state == "open"))
    )
    return set(rows.scalars())


@dataclass(frozen=True)
class CenterView:
    """The catalogue, and what a center can do with guides: its ticketable items (None: no
    center given)."""

    items: Mapping[str, CatalogItem]
    served: set[int] | None = None

    def ids(self, codes: Iterable[str]) -> list[int]:
        return [self.items[c].id for c in codes]

    def leaf(self, node: Node) -> dict[str, Any]:
        items = [self.items[c] for c in node.scenario.items]
        out: dict[str, Any] = {
            "item_ids": [i.id for i in items],
            "items": [{"id": i.id, "code": i.code, "name": i.name, "name_en": i.name_en}
                      for i in items],
        }
        if self.served is not None:
            out["served_here"] = all(i.id in self.served for i in items)
        return out

    def available(self, guide: Guide) -> bool | None:
        if self.served is None:
            return None
        return any(self.leaf(n)["served_here"] for n in guide.scenario_nodes())


def center_view(*, session: Session, center_id: int | None) -> CenterView:
    items = catalogue(session=session)
    if center_id is None:
        return CenterView(items=items)
    if session.get(Center, center_id) is None:
        raise NotFound("There is no center {center_id}.", center_id=center_id)
    return CenterView(items=items, served=ticketable_item_ids(session=session,
                                                               center_id=center_id))


def guide_summary(guide: Guide, view: CenterView) -> dict[str, Any]:
    stats = guide.stats()
    return {
        "id": guide.id, "title": guide.title.as_dict(), "summary": guide.summary.as_dict(),
        "formats": stats.formats, "scenarios": stats.scenarios,
        "item_ids": sorted(view.ids(stats.items)), "available": view.available(guide),
    }


def guide_tree(guide: Guide, view: CenterView) -> dict[str, Any]:
    """One guide as nested nodes (question: `question`, `options`; leaf: `scenario`)."""
    return {**guide_summary(guide, view), "tree": guide.unfold(view.leaf)}


# Guide papers.


def _walk(guide: Guide, answers: list[int]) -> Walk:
    try:
        return guide.walk(answers)
    except ValueError as exc:
        raise InvalidRequest("{problem} Start the guide again.", problem=str(exc),
                             detail={"answers": answers}) from exc


def _text(t: Any) -> dict[str, str] | None:
    return t.as_dict() if t is not None else None


def _content(session: Session, guide: Guide, walk: Walk, center: Center,
             tickets: list[Ticket], view: CenterView) -> dict[str, Any]:
    items = [session.get(Item, i) for i in view.ids(walk.scenario.items)]
    return {
        "center": {"id": center.id, "name": center.name, "name_en": center.name_en},
        "guide": {"id": guide.id, "title": guide.title.as_dict()},
        "scenario": {"id": walk.leaf.id, "title": walk.scenario.title.as_dict()},
        "items": [{"id": i.id, "code": i.code, "name": i.name, "name_en": i.name_en}
                  for i in items],
        "answers": [{"question": a.node.question.as_dict(), "answer": a.option.label.as_dict()}
                    for a in walk.answers],
        "materials": [m.as_dict() for m in walk.scenario.materials],
        "precautions": [p.as_dict() for p in walk.scenario.precautions],
        "form_fields": [{"key": f.key, "label": f.label.as_dict(), "value": _text(v)}
                        for f, v in walk.filled_form()],
        "tickets": [{"number": t.number, "token": t.token, "item_name": t.item.name,
                     "item_name_en": t.item.name_en} for t in tickets],
    }


def _tickets(session: Session, center_id: int, tokens: Iterable[str]) -> list[Ticket]:
    tickets = []
    for token in dict.fromkeys(tokens):
        ticket = session.scalar(select(Ticket).where(Ticket.token == token))
        if ticket is None or ticket.center_id != center_id:
            raise InvalidRequest("A ticket given with the guide paper is not a ticket of this "
                                 "center.", detail={"ticket": token})

        tickets.append(ticket)
    return tickets


@dataclass
class Made:
    paper: GuidePaper
    # The print jobs queued for a kiosk's printer (server.flows.make_guide_paper queues them).
    jobs: list[Any] = field(default_factory=list)
    replayed: bool = False
    printing: bool = False


def create_paper(
    *, session: Session, guide: Guide, center_id: int, answers: list[int], now: dt.datetime,
    url_for: Callable[[str], str], lang: str = "zh", kiosk_id: int | None = None,
    ticket_tokens: Iterable[str] = (), idempotency_key: str | None = None,
) -> Made:
    """Store the resident's guide paper (`server.flows.make_guide_paper` queues it for a
    kiosk's printer).

    `url_for(token)` gives the paper's public address (the view knows the host).
    A retry with the same idempotency key answers the paper made the first time.
    """
    if lang not in LANGS:
        raise InvalidRequest("The language is zh or en, not {lang!r}.", lang=lang)
    center = lock_center(session, center_id)
    if idempotency_key:
        earlier = session.scalar(select(GuidePaper).where(
            GuidePaper.center_id == center.id, GuidePaper.idempotency_key == idempotency_key))
        if earlier is not None:
            return Made(paper=earlier, replayed=True, printing=earlier.kiosk_id is not None)
    walk = _walk(guide, answers)
    view = center_view(session=session, center_id=None)
    tickets = _tickets(session, center.id, ticket_tokens)
    token = secrets.token_urlsafe(18)
    paper = GuidePaper(
        token=token, center_id=center.id, kiosk_id=kiosk_id, guide_id=guide.id,
        scenario=walk.leaf.id, answers=list(answers), lang=lang,
        content=_content(session, guide, walk, center, tickets, view),
        ticket_ids=[t.id for t in tickets], url=url_for(token),
        idempotency_key=idempotency_key, created_at=now,
    )
    session.add(paper)
    session.flush()
    return Made(paper=paper)


def find_paper(*, session: Session, token: str) -> GuidePaper:
    paper = session.scalar(select(GuidePaper).where(GuidePaper.token == token))
    if paper is None:
        raise NotFound("No guide paper has this code. Please check the link.")
    return paper


def paper_print_data(*, session: Session, token: str) -> dict[str, Any]:
    """The guide paper as plain data for the printer's renderer.

    `answers` are the form fields as filled: the label and the value from the
    resident's answers ("" where the resident writes by hand), in the paper's language
    (`value_zh` and `value_en` give both).
    """
    paper = find_paper(session=session, token=token)
    c = paper.content
    lang = paper.lang if paper.lang in LANGS else "zh"

    def value(v: dict[str, str] | None, which: str) -> str:
        return (v or {}).get(which, "")

    return {
        "center_name": c["center"]["name"],
        "center_name_en": c["center"]["name_en"],
        "title": c["scenario"]["title"]["zh"],
        "title_en": c["scenario"]["title"]["en"],
        "guide_title": c["guide"]["title"]["zh"],
        "guide_title_en": c["guide"]["title"]["en"],
        "items": [{"name": i["name"], "name_en": i["name_en"]} for i in c["items"]],
        "materials": [dict(m) for m in c["materials"]],
        "precautions": [dict(p) for p in c["precautions"]],
        "answers": [
            {"label_zh": f["label"]["zh"], "label_en": f["label"]["en"],
             "value": value(f["value"], lang), "value_zh": value(f["value"], "zh"),
             "value_en": value(f["value"], "en")}
            for f in c["form_fields"]
        ],
        "tickets": [t["number"] for t in c.get("tickets", [])],
        "url": paper.url,
        "lang": lang,
        "created_at": paper.created_at.isoformat(),
    }
