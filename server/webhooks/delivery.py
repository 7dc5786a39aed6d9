"""The deliverer: the webhook outbox's rows POSTed to their subscribers, in order, once.

Each subscriber has one line per center. Only the head of a line (its oldest row not
yet delivered) is ever sent, so a receiver sees a center's events in their order. A row
is claimed for a lease before it is sent, so several server processes never send the
same row at once. A 2xx answer marks it delivered at once (never sent again); a receiver
that is down, times out or answers 5xx (or 408/429) gets the same body again after a
back-off that doubles up to a ceiling, for as long as it takes; any other answer marks the
row rejected (kept, shown to admins) and the line goes on.

Plain code: the database, the settings and how to pause are given to it; the HTTP
client is `requests` with timeouts; redirects are not followed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import requests
from sqlalchemy import func, or_, select, update

from server.clock import utcnow
from server.db import Database
from server.events.webhooks import Webhook, WebhookDelivery
from server.webhooks.addresses import refusal

log = logging.getLogger(__name__)

RETRY_STATUSES = (408, 425, 429)
BATCH = 50


def signature(secret: str, body: bytes) -> str:
    """The `X-Hall-Signature` header: HMAC-SHA256 of the exact body with the secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Claimed:
    id: int
    url: str
    secret: str
    key: str
    type: str
    body: bytes
    attempts: int


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    retry: bool
    status: int | None
    error: str


class Deliverer:
    """The webhook deliveries of one application's database on their way out."""

    def __init__(self, *, database: Database, settings: Mapping[str, Any],
                 post: Callable[..., requests.Response] = requests.post) -> None:
        self.database = database
        self.settings = settings
        self.post = post
        self._wake = threading.Event()
        self.stopped = False

    def wake(self, _centers: Iterable[int] = ()) -> None:
        """After a commit that wrote deliveries: look now rather than at the next poll."""
        self._wake.set()

    def run(self) -> None:
        """Deliver until stopped, looking again when woken or every poll interval."""
        poll = float(self.settings["QMS_WEBHOOK_POLL_SECONDS"])
        while not self.stopped:
            self._wake.clear()
            try:
                self.deliver_due()
            except Exception:  # the database may be away a while: try again at the next poll
                log.exception("Webhook delivery failed; trying again shortly")
            self._wake.wait(poll)

    def stop(self) -> None:
        self.stopped = True
        self._wake.set()

    def deliver_due(self, now: Callable[[], dt.datetime] = utcnow) -> int:
        """Send every line's head that is due, line after line, until none is; how many
        were sent (whatever the answer)."""
        sent = 0
        while True:
            claimed = self._claim(now())
            if not claimed:
                return sent
            for row in claimed:
                self._finish(row, self._send(row), now())
                sent += 1

    def _claim(self, now: dt.datetime) -> list[Claimed]:
        d = WebhookDelivery
        lease = dt.timedelta(seconds=float(self.settings["QMS_WEBHOOK_TIMEOUT_SECONDS"]) * 3 + 10)
        heads = (select(func.min(d.id)).where(d.state == "pending")
                 .group_by(d.webhook_id, d.center_id))
        with self.database.transaction() as session:
            rows = session.execute(
                select(d, Webhook).join(Webhook, Webhook.id == d.webhook_id)
                .where(d.id.in_(heads), Webhook.active, d.next_at <= now,
                       or_(d.claimed_until.is_(None), d.claimed_until < now))
                .order_by(d.id).limit(BATCH)
            ).all()
            claimed = []
            for delivery, hook in rows:
                won = session.execute(
                    update(d).where(d.id == delivery.id, d.state == "pending",
                                    or_(d.claimed_until.is_(None), d.claimed_until < now))
                    .values(claimed_until=now + lease)
                ).rowcount
                if won:
                    claimed.append(Claimed(delivery.id, hook.url, hook.secret, delivery.key,
                                           delivery.type, delivery.body.encode(),
                                           delivery.attempts))
            return claimed

    def _send(self, row: Claimed) -> Outcome:
        why = refusal(row.url, allow_private=bool(self.settings["QMS_WEBHOOK_ALLOW_PRIVATE"]))
        if why:
            return Outcome(False, True, None, why)
        timeout = float(self.settings["QMS_WEBHOOK_TIMEOUT_SECONDS"])
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": row.key,
            "X-Hall-Event": row.type,
            "X-Hall-Signature": signature(row.secret, row.body),
            "User-Agent": "hallqueue-webhooks/1",
        }
        try:
            answer = self.post(row.url, data=row.body, headers=headers,
                               timeout=(timeout, timeout), allow_redirects=False)
        except requests.RequestException as exc:
            return Outcome(False, True, None, f"{type(exc).__name__}: {exc}"[:300])
        status = answer.status_code
        if 200 <= status < 300:
            return Outcome(True, False, status, "")
        retry = status >= 500 or status in RETRY_STATUSES
        return Outcome(False, retry, status, f"The receiver answered {status}.")

    def _finish(self, row: Claimed, outcome: Outcome, now: dt.datetime) -> None:
        d = WebhookDelivery
        values: dict[str, Any] = {"claimed_until": None, "attempts": row.attempts + 1,
                                  "last_status": outcome.status, "last_error": outcome.error}
        if outcome.delivered:
            values.update(state="delivered", delivered_at=now)
        elif outcome.retry:
            values["next_at"] = now + self.backoff(row.attempts + 1)
        else:
            values["state"] = "rejected"
            log.warning("Webhook delivery %s rejected: %s", row.key, outcome.error)
        with self.database.transaction() as session:
            session.execute(update(d).where(d.id == row.id).values(**values))

    def backoff(self, attempts: int) -> dt.timedelta:
        first = max(0.1, float(self.settings["QMS_WEBHOOK_RETRY_SECONDS"]))
        ceiling = float(self.settings["QMS_WEBHOOK_RETRY_MAX_SECONDS"])
        return dt.timedelta(seconds=min(ceiling, first * 2 ** min(attempts - 1, 30)))
