"""Socket.IO: the hall namespace, its rooms, and publishing committed changes.

Rooms: `center:{id}` (every change at a center), `window:{id}` (the counter and
the board above a window), `kiosk:{id}` (a kiosk's page and print agent).
A client connects to `/hall` with `auth={"center_id": ...}` and optionally
`window_id`, or `kiosk_id` with the kiosk's device `token`. Every payload
carries the center's `seq`; a client that sees a gap asks for `snapshot`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import request
from flask_socketio import Namespace, join_room

from server.accounts.service import principal_for
from server.centers.models import Center
from server.clock import utcnow
from server.events.service import Message
from server.extensions import db, socketio
from server.hall.snapshot import hall_snapshot
from server.printing.jobs import job_view
from server.printing.models import PrintJob
from server.security.converters import MAX_ID
from server.windows.models import Window

NAMESPACE = "/hall"
PRINT_JOB_EVENT = "print.job"


def center_room(center_id: int) -> str:
    return f"center:{center_id}"


def window_room(window_id: int) -> str:
    return f"window:{window_id}"


def kiosk_room(kiosk_id: int) -> str:
    return f"kiosk:{kiosk_id}"


def emit_messages(messages: Iterable[Message]) -> None:
    """Send committed changes to the hall's rooms (the transaction calls this after its
    commit; Socket.IO queues the broadcast, the answer does not wait for it)."""
    for message in messages:
        emit_message(message)


def notify_print_jobs(jobs: Iterable[PrintJob]) -> None:
    """Tell the kiosks' rooms about their papers: the agent prints, the page says what
    happened."""
    for job in jobs:
        socketio.emit(PRINT_JOB_EVENT, job_view(job), namespace=NAMESPACE,
                      to=kiosk_room(job.kiosk_id))


def emit_message(message: Message) -> None:
    rooms = [center_room(message.center_id)] + [window_room(w) for w in message.window_ids]
    socketio.emit(message.type, message.payload, namespace=NAMESPACE, to=rooms)
    if message.kiosk_id is not None:
        socketio.emit(
            f"kiosk.{message.type}", {**message.payload, **message.extra},
            namespace=NAMESPACE, to=kiosk_room(message.kiosk_id),
        )


def _int(value: Any) -> int | None:
    """An id from the client, or None (also for one past the id range: no such row)."""
    try:
        number = int(value) if value not in (None, "") else None
    except (TypeError, ValueError, OverflowError):
        return None
    return number if number is None or 0 <= number <= MAX_ID else None


class HallNamespace(Namespace):
    def on_connect(self, auth: dict[str, Any] | None = None) -> None:
        auth = auth or {}
        center_id = _int(auth.get("center_id"))
        window_id = _int(auth.get("window_id"))
        kiosk_id = _int(auth.get("kiosk_id"))
        with db.read() as session:
            if window_id is not None:
                window = session.get(Window, window_id)
                if window is None:
                    raise ConnectionRefusedError(f"There is no window {window_id}.")
                center_id = center_id or window.center_id
                if window.center_id != center_id:
                    raise ConnectionRefusedError("That window is not at that center.")
            if center_id is None:
                raise ConnectionRefusedError("Connect with auth={'center_id': ...}.")
            if session.get(Center, center_id) is None:
                raise ConnectionRefusedError(f"There is no center {center_id}.")
            if kiosk_id is not None:
                who = principal_for(session=session, token=str(auth.get("token") or ""),
                                    now=utcnow())
                if who is None or who.device is None or who.device.id != kiosk_id:
                    raise ConnectionRefusedError("A kiosk connects with its own device token.")
        join_room(center_room(center_id))
        if window_id is not None:
            join_room(window_room(window_id))
        if kiosk_id is not None:
            join_room(kiosk_room(kiosk_id))
        socketio.server.save_session(request.sid, {"center_id": center_id},
                                     namespace=NAMESPACE)

    def on_snapshot(self, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """Answer (as the acknowledgement) the hall as it is now, with its seq."""
        session_data = socketio.server.get_session(request.sid, namespace=NAMESPACE)
        with db.read() as session:
            return hall_snapshot(session=session, center_id=session_data["center_id"],
                                 now=utcnow())


def register_realtime() -> None:
    """Register the namespace so that every `socketio.init_app` (one per app) binds it."""
    if not any(isinstance(h, HallNamespace) for h in socketio.namespace_handlers):
        handler = HallNamespace(NAMESPACE)
        handler._set_socketio(socketio)
        socketio.namespace_handlers.append(handler)
