"""A ticket's life: issue, call, recall, start, complete, no-show, transfer.

Every function takes the session and the time explicitly, changes the hall inside
the caller's transaction, and returns the messages it recorded (the transaction
publishes them once it has committed).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.centers.models import Center, Item
from server.centers.service import center_item, local_day, require_open
from server.errors import (
    Conflict,
    InvalidRequest,
    NotFound,
    NoWindowServes,
    Term,
    WindowNotOpen,
    named,
)
from server.events.service import PUBLIC, Actor, Message, lock_center, record
from server.tickets import dispatch
from server.tickets.estimates import estimate_wait, mean_service_minutes
from server.tickets.models import Ticket
from server.tickets.numbering import next_number, queue_prefix
from server.tickets.presenters import line_place, micros, ticket_brief
from server.windows.models import Window
from server.windows.service import (
    ServingWindow,
    lock_window,
    require_holder,
    serving_windows,
)

OUTCOMES = ("on_the_spot", "accepted", "express", "supplement")


@dataclass
class Placement:
    """Where a waiting ticket stands: the windows to go to, people ahead, minutes to wait."""

    windows: list[int]
    ahead: int
    estimated_wait_minutes: int | None


@dataclass
class Issued:
    ticket: Ticket
    placement: Placement
    messages: list[Message] = field(default_factory=list)
    replayed: bool = False


@dataclass
class Acted:
    """The result of a window action: the ticket it concerns (if any) and the messages
    it recorded."""

    ticket: Ticket | None
    window: Window
    messages: list[Message] = field(default_factory=list)


def _line_of(
    session: Session, center: Center, ticket: Ticket, windows: list[ServingWindow] | None,
) -> tuple[list[Any], set[int]]:
    """The windows a ticket goes to, and the items whose tickets compete with it."""
    if ticket.target_window_id is not None:
        target = session.get(Window, ticket.target_window_id)
        return ([target] if target is not None else []), {ticket.item_id}
    if windows is None:
        windows = serving_windows(session=session, center_id=center.id, item_id=ticket.item_id)
    return windows, {ticket.item_id}.union(*(w.item_ids for w in windows))


def placement(
    *, session: Session, center: Center, ticket: Ticket, now: dt.datetime,
    windows: list[ServingWindow] | None = None,
) -> Placement:
    windows, items = _line_of(session, center, ticket, windows)
    if ticket.state != "waiting":
        return Placement(windows=[w.number for w in windows], ahead=0, estimated_wait_minutes=0)
    ahead = dispatch.ahead_of(
        session=session, ticket=ticket, item_ids=sorted(items), now=now,
        max_wait_minutes=center.max_wait_minutes,
    )
    return Placement(
        windows=[w.number for w in windows],
        ahead=ahead,
        estimated_wait_minutes=estimate_wait(
            session=session, ticket=ticket, item=ticket.item, windows=windows, ahead=ahead,
            now=now,
        ),
    )


def live_line(
    *, session: Session, center: Center, ticket: Ticket, now: dt.datetime,
) -> dict[str, Any] | None:
    """What a waiting ticket's page needs to count its people ahead from the hall's events
    alone: its own place, the places of every ticket competing with it, and the figures of
    the estimate. Each event that puts a ticket in a line or takes one out carries that
    ticket's place (or its id), and the page orders them as `dispatch` does, so its count
    equals `placement` at every instant (tests/engine/test_live_line.py)."""
    if ticket.state != "waiting":
        return None
    windows, items = _line_of(session, center, ticket, None)
    others = dispatch.competitors(session=session, ticket=ticket, item_ids=sorted(items))
    return {
        "now_us": micros(now),
        "max_wait_minutes": center.max_wait_minutes,
        "items": sorted(items),
        "open_windows": sum(w.state == "open" for w in windows),
        "minutes_each": mean_service_minutes(
            session=session, center_id=center.id, item_ids=[ticket.item_id], now=now,
        ).get(ticket.item_id, float(ticket.item.expected_minutes)),
        "me": line_place(ticket),
        "others": [line_place(t) for t in others],
    }


def _check_priority(center: Center, priority: str) -> None:
    if priority != "normal" and priority not in center.priority_classes:
        allowed = ["normal", *center.priority_classes]
        raise InvalidRequest("Unknown priority {priority!r}; this center knows: {allowed}.",
                             priority=priority, allowed=allowed)


def _new_ticket(
    session: Session, *, center: Center, item: Item, now: dt.datetime, source: str,
    priority: str = "normal", queued_at: dt.datetime | None = None,
    reservation: bool = False, number: str | None = None, **fields: Any,
) -> Ticket:
    """A waiting ticket; it takes the next number of its queue unless it keeps `number`."""
    day = local_day(center, now)
    if number is None:
        prefix = queue_prefix(center=center, item=item, reservation=reservation)
        number = next_number(session=session, center_id=center.id, day=day, prefix=prefix)
    ticket = Ticket(
        center_id=center.id,
        item_id=item.id,
        item=item,
        day=day,
        number=number,

        token=secrets.token_urlsafe(18),
        source=source,
        priority=priority,
        state="waiting",
        issued_at=now,
        queued_at=queued_at or now,
        **fields,
    )
    session.add(ticket)
    session.flush()
    return ticket


def _issued_message(
    session: Session, center: Center, ticket: Ticket, place: Placement, actor: Actor,
    now: dt.datetime,
) -> Message:
    return record(
        session, center=center, type="ticket.issued", at=now, actor=actor,
        ticket_id=ticket.id, item_id=ticket.item_id, kiosk_id=ticket.kiosk_id,
        data={"ticket": ticket_brief(ticket), "windows": place.windows, "ahead": place.ahead,
              "place": line_place(ticket)},
    )


def _follow_up_origin(session: Session, center: Center, token: str, now: dt.datetime) -> Ticket:
    """The finished service a follow-up continues: its holder (the token proves it) may come
    back once, the same day, and keeps the earlier ticket's place in the line."""
    origin = session.scalar(select(Ticket).where(Ticket.token == token))
    if origin is None or origin.center_id != center.id:
        raise NotFound("The earlier ticket of this follow-up visit was not found here.")
    if origin.day != local_day(center, now):
        raise Conflict("A follow-up keeps its place only on the day of the first visit.")
    if origin.state != "done":
        raise Conflict("Ticket {number} is {state}; a follow-up visit continues a finished "
                       "service.", number=origin.number, state=Term(origin.state.replace("_", " ")))
    taken = session.scalar(select(Ticket.number).where(
        Ticket.origin_ticket_id == origin.id, Ticket.source == "follow_up"))
    if taken is not None:
        raise Conflict("Ticket {number} has its follow-up visit already ({taken}).",
                       number=origin.number, taken=taken)
    return origin


def issue_ticket(
    *,
    session: Session,
    center_id: int,
    item_id: int,
    now: dt.datetime,
    priority: str = "normal",
    actor: Actor = PUBLIC,
    kiosk_id: int | None = None,
    idempotency_key: str | None = None,
    follow_up_of: str | None = None,
) -> Issued:
    """A resident takes a number for an item; the ticket says where to go and how long."""
    center = lock_center(session, center_id)
    if idempotency_key:
        earlier = session.scalar(
            select(Ticket).where(
                Ticket.center_id == center.id, Ticket.idempotency_key == idempotency_key
            )
        )
        if earlier is not None:
            if earlier.item_id != item_id:
                raise Conflict("This Idempotency-Key was already used for another item.")
            place = placement(session=session, center=center, ticket=earlier, now=now)
            return Issued(ticket=earlier, placement=place, replayed=True)
    require_open(center, now)
    item = center_item(session=session, center_id=center.id, item_id=item_id)
    _check_priority(center, priority)
    windows = serving_windows(session=session, center_id=center.id, item_id=item.id)
    if not windows:
        raise NoWindowServes(
            "No window at {center} serves {item} right now; please ask at the information desk.",
            center=named(center), item=named(item))
    source, queued_at, origin_id = "walk_in", None, None
    if follow_up_of:
        origin = _follow_up_origin(session, center, follow_up_of, now)
        source, queued_at, origin_id = "follow_up", origin.queued_at, origin.id
    ticket = _new_ticket(
        session, center=center, item=item, now=now, source=source, priority=priority,
        queued_at=queued_at, kiosk_id=kiosk_id, idempotency_key=idempotency_key,
        origin_ticket_id=origin_id,
    )
    place = placement(session=session, center=center, ticket=ticket, now=now, windows=windows)
    return Issued(
        ticket=ticket, placement=place,
        messages=[_issued_message(session, center, ticket, place, actor, now)],
    )


def issue_for_reservation(
    *, session: Session, center: Center, item: Item, slot_start: dt.datetime,
    reservation_id: int, now: dt.datetime, actor: Actor, kiosk_id: int | None,
) -> Issued:
    """The ticket of a checked-in booking. On time (up to the grace period after the slot
    began) it is served first from the slot's start; later it is served as a walk-in."""
    on_time = now <= slot_start + dt.timedelta(minutes=center.grace_minutes)
    ticket = _new_ticket(
        session, center=center, item=item, now=now, source="reservation", reservation=True,
        priority_from=slot_start if on_time else None, reservation_id=reservation_id,
        kiosk_id=kiosk_id,
    )
    place = placement(session=session, center=center, ticket=ticket, now=now)
    return Issued(
        ticket=ticket, placement=place,
        messages=[_issued_message(session, center, ticket, place, actor, now)],
    )


def _window_for_action(session: Session, window_id: int, actor: Actor) -> tuple[Window, Center]:
    window, center = lock_window(session=session, window_id=window_id)
    require_holder(window, actor)
    return window, center


def _current(session: Session, window: Window, *, states: tuple[str, ...], verb: str) -> Ticket:
    ticket = session.get(Ticket, window.current_ticket_id) if window.current_ticket_id else None
    if ticket is None:
        raise Conflict("Window {window} has no ticket to {verb}; call the next one.",
                       window=window.number, verb=Term(verb))
    if ticket.state not in states:
        raise Conflict("Ticket {ticket} is {state}; it cannot {verb} now.",
                       ticket=ticket.number, state=Term(ticket.state.replace("_", " ")),
                       verb=Term(verb))
    return ticket


def _ticket_message(
    session: Session, center: Center, window: Window, ticket: Ticket, type: str, actor: Actor,
    now: dt.datetime, window_ids: tuple[int, ...] = (), private: dict[str, Any] | None = None,
    **data: Any,
) -> Message:
    return record(
        session, center=center, type=type, at=now, actor=actor, ticket_id=ticket.id,
        window_id=window.id, item_id=ticket.item_id, window_ids=window_ids, private=private,
        data={"ticket": ticket_brief(ticket, window), "window_number": window.number, **data},
    )


def _call(
    session: Session, center: Center, window: Window, ticket: Ticket, actor: Actor,
    now: dt.datetime, private: dict[str, Any] | None = None,
) -> Acted:
    ticket.state = "called"
    ticket.called_at = now
    ticket.window_id = window.id
    ticket.staff_user_id = actor.user_id
    window.current_ticket_id = ticket.id
    message = _ticket_message(session, center, window, ticket, "ticket.called", actor, now,
                              out_of_turn=private is not None, private=private)
    return Acted(ticket=ticket, window=window, messages=[message])


def _ready_to_call(session: Session, window: Window) -> None:
    if window.state != "open":
        raise WindowNotOpen("Window {window} is {state}; open it to call.",
                            window=window.number, state=Term(window.state))
    if window.current_ticket_id is not None:
        current = session.get(Ticket, window.current_ticket_id)
        if current is not None and current.state in ("called", "serving"):
            raise Conflict(
                "Window {window} is still on {ticket}; complete it, transfer it or mark it a "
                "no-show first.", window=window.number, ticket=current.number)


def call_next(*, session: Session, window_id: int, actor: Actor, now: dt.datetime) -> Acted:
    """The window asks for the next ticket it can serve; `ticket` is None when nobody waits."""
    window, center = _window_for_action(session, window_id, actor)
    _ready_to_call(session, window)
    ticket = dispatch.next_for_window(
        session=session, window_id=window.id, center_id=center.id,
        day=local_day(center, now), now=now,
        max_wait_minutes=center.max_wait_minutes,
    )
    if ticket is None:
        return Acted(ticket=None, window=window)
    return _call(session, center, window, ticket, actor, now)


def call_ticket(
    *, session: Session, window_id: int, ticket_id: int, reason: str, actor: Actor,
    now: dt.datetime,
) -> Acted:
    """Call a chosen waiting ticket out of turn; the reason goes into the event log."""
    if not reason.strip():
        raise InvalidRequest("Say why this ticket is called out of turn.")
    window, center = _window_for_action(session, window_id, actor)
    _ready_to_call(session, window)
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.center_id != center.id:
        raise NotFound("There is no ticket {ticket} at this center.", ticket=ticket_id)
    if ticket.state != "waiting":
        raise Conflict("Ticket {ticket} is not waiting; it is {state}.",
                       ticket=ticket.number, state=Term(ticket.state.replace("_", " ")))
    return _call(session, center, window, ticket, actor, now,
                 private={"reason": reason.strip()})


def recall(*, session: Session, window_id: int, actor: Actor, now: dt.datetime) -> Acted:
    window, center = _window_for_action(session, window_id, actor)
    ticket = _current(session, window, states=("called",), verb="be recalled")
    if ticket.recall_count >= center.recall_limit:
        raise Conflict("{ticket} was recalled {count} times already; mark it a no-show.",
                       ticket=ticket.number, count=ticket.recall_count)
    ticket.recall_count += 1
    message = _ticket_message(session, center, window, ticket, "ticket.recalled", actor, now)
    return Acted(ticket=ticket, window=window, messages=[message])


def start(*, session: Session, window_id: int, actor: Actor, now: dt.datetime) -> Acted:
    window, center = _window_for_action(session, window_id, actor)
    ticket = _current(session, window, states=("called",), verb="start")
    ticket.state = "serving"
    ticket.started_at = now
    message = _ticket_message(session, center, window, ticket, "ticket.started", actor, now)
    return Acted(ticket=ticket, window=window, messages=[message])


def _outcome(outcome: dict[str, Any] | None) -> dict[str, Any]:
    outcome = dict(outcome or {"kind": "on_the_spot"})
    kind = outcome.get("kind")
    if kind not in OUTCOMES:
        raise InvalidRequest("The outcome is one of {outcomes}, not {kind!r}.",
                             outcomes=list(OUTCOMES), kind=kind)
    if kind == "express" and not outcome.get("tracking_number"):
        raise InvalidRequest("An express delivery needs its tracking number.")
    if kind == "supplement" and not (outcome.get("missing") and outcome.get("due")):
        raise InvalidRequest("Say which materials are missing and by when they are due.")
    return outcome


def complete(
    *, session: Session, window_id: int, actor: Actor, now: dt.datetime,
    outcome: dict[str, Any] | None = None,
) -> Acted:
    window, center = _window_for_action(session, window_id, actor)
    ticket = _current(session, window, states=("called", "serving"), verb="complete")
    ticket.outcome = _outcome(outcome)
    ticket.started_at = ticket.started_at or ticket.called_at
    ticket.state = "done"
    ticket.finished_at = now
    window.current_ticket_id = None
    message = _ticket_message(
        session, center, window, ticket, "ticket.completed", actor, now,
        outcome=ticket.outcome["kind"],
    )
    return Acted(ticket=ticket, window=window, messages=[message])


def no_show(*, session: Session, window_id: int, actor: Actor, now: dt.datetime) -> Acted:
    window, center = _window_for_action(session, window_id, actor)
    ticket = _current(session, window, states=("called",), verb="be marked a no-show")
    ticket.state = "no_show"
    ticket.finished_at = now
    window.current_ticket_id = None
    message = _ticket_message(session, center, window, ticket, "ticket.no_show", actor, now)
    return Acted(ticket=ticket, window=window, messages=[message])


def transfer(
    *, session: Session, window_id: int, actor: Actor, now: dt.datetime, reason: str,
    item_id: int | None = None, to_window_id: int | None = None,
) -> Acted:
    """Send the current resident to another item or window, keeping their number and their
    place in line.

    The ticket ends as `transferred`; a new ticket in the new queue keeps the resident's
    number (the paper in their hand is what the new window calls, as in Qmatic) and the
    original place (`queued_at`), and is served among transfers.
    """
    if not reason.strip():
        raise InvalidRequest("Say why the resident is transferred.")
    if (item_id is None) == (to_window_id is None):
        raise InvalidRequest("Transfer to an item or to a window: give exactly one of them.")
    window, center = _window_for_action(session, window_id, actor)
    ticket = _current(session, window, states=("called", "serving"), verb="be transferred")
    target_window = None
    if to_window_id is not None:
        target_window = session.get(Window, to_window_id)
        if target_window is None or target_window.center_id != center.id:
            raise NotFound("There is no window {window} at this center.", window=to_window_id)
        if target_window.id == window.id:
            raise InvalidRequest("Transfer to another window than this one.")
        if target_window.state != "open":
            raise NoWindowServes("Window {window} is {state}.", window=target_window.number,
                                 state=Term(target_window.state))
        item = ticket.item
    else:
        item = center_item(session=session, center_id=center.id, item_id=item_id)
        if not serving_windows(
            session=session, center_id=center.id, item_id=item.id, open_only=True
        ):
            raise NoWindowServes("No open window serves {item}; open one or choose another.",
                                 item=named(item))

    ticket.state = "transferred"
    ticket.finished_at = now
    window.current_ticket_id = None
    session.flush()  # the number is free among live tickets before the successor takes it
    successor = _new_ticket(
        session, center=center, item=item, now=now, source="transfer",
        priority=ticket.priority, queued_at=ticket.queued_at, origin_ticket_id=ticket.id,
        target_window_id=target_window.id if target_window else None, number=ticket.number,
    )
    ticket.successor_ticket_id = successor.id
    message = _ticket_message(
        session, center, window, ticket, "ticket.transferred", actor, now,
        private={"reason": reason.strip()}, new_ticket=ticket_brief(successor),
        new_place=line_place(successor),
        to_window_number=target_window.number if target_window else None,
        window_ids=(target_window.id,) if target_window else (),
    )
    return Acted(ticket=successor, window=window, messages=[message])


def find_by_token(*, session: Session, token: str) -> Ticket:
    ticket = session.scalar(select(Ticket).where(Ticket.token == token))
    if ticket is None:
        raise NotFound("No ticket has this code. Please check the link or ask at the desk.")
    return ticket


def latest_in_chain(*, session: Session, ticket: Ticket) -> Ticket:
    """Follow transfers to the ticket the resident now holds."""
    seen = {ticket.id}
    while ticket.successor_ticket_id and ticket.successor_ticket_id not in seen:
        ticket = session.get(Ticket, ticket.successor_ticket_id)
        seen.add(ticket.id)
    return ticket
