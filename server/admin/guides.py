"""Guide files: uploaded, replaced or removed, checked as `qms guides check` checks them.

A guide is a YAML file in the guides folder; kiosks see a change at their next request
(the guides' cache reloads when a file changes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from server.admin.common import require_admin
from server.audit import service as audit
from server.errors import InvalidRequest, NotFound
from server.events.service import Actor
from server.guides.service import catalogue
from server.guides.trees import GuideError, load_guide

MAX_BYTES = 512 * 1024


def _digest(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()[:16]


def _file_of(directory: Path, guide_id: str) -> Path | None:
    """The file that holds a guide now, whatever its name."""
    for path in sorted(directory.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if isinstance(data, dict) and data.get("id") == guide_id:
            return path
    return None


def check_guide(*, session: Session, directory: Path, guide_id: str, text: bytes) -> Any:
    """The guide in `text`, checked against the catalogue and the folder's shared library;
    an error names the faulty node."""
    if len(text) > MAX_BYTES:
        raise InvalidRequest("A guide file is at most {kb} KB.", kb=MAX_BYTES // 1024)
    try:
        data = yaml.safe_load(text.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InvalidRequest("The guide is not valid UTF-8 YAML: {exc}", exc=exc) from None
    texts: dict[str, Any] = {}
    forms: dict[str, Any] = {}
    for path in sorted(directory.glob("_*.yaml")) if directory.is_dir() else []:
        library = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        texts.update(library.get("texts") or {})
        forms.update(library.get("forms") or {})
    try:
        guide = load_guide(data, known_items=catalogue(session=session).keys(),
                           source=f"{guide_id}.yaml", forms=forms, texts=texts)
    except GuideError as exc:
        raise InvalidRequest("The guide is not valid: {problem}", problem=str(exc),
                             detail={"guide": exc.guide, "node": exc.node}) from None

    if guide.id != guide_id:
        raise InvalidRequest("The file's id is {id!r}; upload it as guide {id!r}.", id=guide.id)
    return guide


def put_guide(*, session: Session, actor: Actor, now: dt.datetime, directory: Path,
              guide_id: str, text: bytes) -> tuple[dict[str, Any], bool]:
    """Add or replace a guide; True when it replaced one."""
    require_admin(actor, "change the guides")
    guide = check_guide(session=session, directory=directory, guide_id=guide_id, text=text)
    directory.mkdir(parents=True, exist_ok=True)
    path = _file_of(directory, guide_id) or directory / f"{guide_id}.yaml"
    old = path.read_bytes() if path.exists() else None
    handle, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(handle, "wb") as f:
        f.write(text)
    os.replace(tmp, path)
    stats = guide.stats()
    after = {"file": path.name, "sha256": _digest(text), "bytes": len(text),
             "scenarios": stats.scenarios}
    audit.write(session, actor=actor, at=now,
                action="guide.replaced" if old is not None else "guide.uploaded",
                target="guide", summary=f"guide {guide_id} ({path.name})",
                before={"sha256": _digest(old), "bytes": len(old)} if old is not None else None,
                after=after)
    return {"id": guide_id, **after}, old is not None


def remove_guide(*, session: Session, actor: Actor, now: dt.datetime, directory: Path,
                 guide_id: str) -> None:
    require_admin(actor, "change the guides")
    path = _file_of(directory, guide_id)
    if path is None:
        raise NotFound("There is no guide {guide_id!r}.", guide_id=guide_id)
    old = path.read_bytes()
    path.unlink()
    audit.write(session, actor=actor, at=now, action="guide.removed", target="guide",
                summary=f"guide {guide_id} ({path.name})",
                before={"file": path.name, "sha256": _digest(old), "bytes": len(old)})
