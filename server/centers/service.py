"""Centers: lookups, opening hours in the center's own time zone, the items served."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.centers.models import Center, CenterItem, Item
from server.errors import CenterClosed, NotFound, Term, named

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# The one wording of the priority classes, sent to every page that shows them (the kiosk and
# the counter): a class a center adds beyond these is shown by its own name.
PRIORITY_NAMES = {
    "elderly": ("老年人", "Senior"),
    "disabled": ("残障人士", "Person with a disability"),
    "pregnant": ("孕妇", "Pregnant"),
    "veteran": ("军人、退役军人", "Military or veteran"),
}


def priority_labels(center: Center) -> dict[str, dict[str, str]]:
    """The center's priority classes as {class: {name, name_en}}."""
    return {c: dict(zip(("name", "name_en"), PRIORITY_NAMES.get(c, (c, c)), strict=True))
            for c in center.priority_classes}



def get_center(*, session: Session, center_id: int) -> Center:
    center = session.get(Center, center_id)
    if center is None:
        raise NotFound("There is no center {center}.", center=center_id)
    return center


def list_centers(*, session: Session) -> list[Center]:
    return list(session.scalars(select(Center).order_by(Center.id)))


def local_time(center: Center, at: dt.datetime) -> dt.datetime:
    return at.astimezone(ZoneInfo(center.timezone))


def local_iso(center: Center, at: dt.datetime | None) -> str | None:
    """An instant as ISO 8601 in the center's own offset, so every answer and payload about a
    center speaks one offset (``+08:00``), whether the value was just given or read back."""
    if at is None:
        return None
    if at.tzinfo is None:  # SQLite gives back naive UTC
        at = at.replace(tzinfo=dt.UTC)
    return local_time(center, at).isoformat()


def local_day(center: Center, at: dt.datetime) -> dt.date:
    return local_time(center, at).date()


def hours_on(center: Center, day: dt.date) -> tuple[dt.time, dt.time] | None:
    """The opening and closing time on a day, or None when the center is closed."""
    key = day.isoformat()
    span = center.special_days[key] if key in center.special_days else center.hours.get(
        WEEKDAYS[day.weekday()]
    )
    if not span:
        return None
    opens, closes = (dt.time.fromisoformat(t) if t != "24:00" else dt.time.max for t in span)
    return opens, closes


def is_open(center: Center, at: dt.datetime) -> bool:
    local = local_time(center, at)
    span = hours_on(center, local.date())
    return span is not None and span[0] <= local.time().replace(tzinfo=None) < span[1]


def require_open(center: Center, at: dt.datetime, *, what: str = "Tickets") -> None:
    if center.allow_outside_hours or is_open(center, at):
        return
    local = local_time(center, at)
    span = hours_on(center, local.date())
    if span:
        raise CenterClosed(
            "{center} is closed now ({now:%H:%M}); it is open today from {opens:%H:%M} to "
            "{closes:%H:%M}. {what} are taken only during opening hours.",
            center=named(center), now=local, opens=span[0], closes=span[1], what=Term(what))
    raise CenterClosed(
        "{center} is closed now ({now:%H:%M}); it is open not at all today. {what} are taken "
        "only during opening hours.", center=named(center), now=local, what=Term(what))


def opening_hours(center: Center) -> dict[str, list[str] | None]:
    return {day: center.hours.get(day) for day in WEEKDAYS}


def center_item(*, session: Session, center_id: int, item_id: int) -> Item:
    """The item, if this center serves it."""
    item = session.execute(
        select(Item)
        .join(CenterItem, CenterItem.item_id == Item.id)
        .where(CenterItem.center_id == center_id, Item.id == item_id)
    ).scalar_one_or_none()
    if item is None:
        if session.get(Item, item_id) is None:
            raise NotFound("There is no item {item}.", item=item_id)
        raise NotFound("Item {item} is not served at center {center}.",
                       item=item_id, center=center_id)
    return item


def center_items(*, session: Session, center_id: int) -> list[Item]:
    return list(
        session.scalars(
            select(Item)
            .join(CenterItem, CenterItem.item_id == Item.id)
            .where(CenterItem.center_id == center_id)
            .order_by(Item.field, Item.id)
        )
    )
