"""What webhooks cost the hall's writes, and how fast the deliverer empties its outbox.

In-process on a fresh SQLite file (as `qms run` uses by default), prints:
  - issuing tickets (one transaction each, as the API does) with no subscriber, then with
    three subscribers of `ticket.issued` (one outbox row each per ticket): tickets per
    second and the cost per ticket of the outbox;
  - one deliverer sending those rows to a local receiver (a thread http.server on a free
    port): deliveries per second.

    .venv/bin/python bench/webhook_bench.py [--tickets 400]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server import models  # noqa: E402,F401
from server.centers.models import Center, CenterItem, Department, Item  # noqa: E402
from server.clock import utcnow  # noqa: E402
from server.db import Database  # noqa: E402
from server.events.service import Actor  # noqa: E402
from server.events.webhooks import forget_subscribers  # noqa: E402
from server.tickets.service import issue_ticket  # noqa: E402
from server.webhooks.delivery import Deliverer  # noqa: E402
from server.webhooks.service import register_webhook  # noqa: E402
from server.windows.models import Window, WindowItem  # noqa: E402

ALL_DAY = {d: ["00:00", "24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def hall(database: Database) -> tuple[int, int]:
    with database.transaction() as s:
        center = Center(code="bench", name="测试", name_en="Bench", timezone="Asia/Shanghai",
                        hours=ALL_DAY)
        dep = Department(code="d", name="d", name_en="d")
        s.add_all([center, dep])
        s.flush()
        item = Item(code="i", name="i", name_en="i", department_id=dep.id, field="f",
                    routing="comprehensive", expected_minutes=10, prefix="A")
        s.add(item)
        s.flush()
        s.add(CenterItem(center_id=center.id, item_id=item.id))
        window = Window(center_id=center.id, number=1, kind="comprehensive", fields=["f"],
                        group="g", state="closed")
        s.add(window)
        s.flush()
        s.add(WindowItem(window_id=window.id, item_id=item.id))
        return center.id, item.id


def issue(database: Database, center_id: int, item_id: int, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        with database.transaction() as s:
            issue_ticket(session=s, center_id=center_id, item_id=item_id, now=utcnow())
    return time.perf_counter() - start


class Quiet(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=400)
    n = parser.parse_args().tickets
    with tempfile.TemporaryDirectory() as tmp:
        database = Database(f"sqlite:///{tmp}/bench.sqlite3")
        database.create_all()
        forget_subscribers()
        center_id, item_id = hall(database)
        issue(database, center_id, item_id, 20)  # warm up
        bare = issue(database, center_id, item_id, n)
        server = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
        Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        with database.transaction() as s:
            for _ in range(3):
                register_webhook(session=s, actor=Actor(role="admin"), now=utcnow(), url=url,
                                 events=["ticket.issued"], secret="bench-secret-16chars",
                                 allow_private=True)
        subscribed = issue(database, center_id, item_id, n)
        print(f"issue, no subscriber:     {n / bare:8.0f} tickets/s  "
              f"{bare / n * 1000:6.2f} ms each")
        print(f"issue, three subscribers: {n / subscribed:8.0f} tickets/s  "
              f"{subscribed / n * 1000:6.2f} ms each "
              f"(+{(subscribed - bare) / n * 1000:.2f} ms for three outbox rows)")
        deliverer = Deliverer(database=database, settings={
            "QMS_WEBHOOK_TIMEOUT_SECONDS": 5.0, "QMS_WEBHOOK_RETRY_SECONDS": 1.0,
            "QMS_WEBHOOK_RETRY_MAX_SECONDS": 60.0, "QMS_WEBHOOK_ALLOW_PRIVATE": True})
        start = time.perf_counter()
        sent = deliverer.deliver_due()
        took = time.perf_counter() - start
        print(f"deliver:                  {sent / took:8.0f} deliveries/s  "
              f"({sent} in {took:.1f} s)")
        server.shutdown()
        database.dispose()


if __name__ == "__main__":
    main()
