"""Hall engine benchmark: issue and call-next over HTTP against `qms run`.

Starts the server exactly as `qms run` does (gunicorn, one gevent worker, SQLite in
a fresh instance folder, demo loaded), drives it from other processes, and prints
requests per second with p50/p99 latency at 1 and 16 concurrent clients, for:
  - a bare JSON endpoint and a bare write endpoint (one transaction that bumps a
    counter row and inserts a row): the two ceilings of this machine and stack;
  - issuing tickets (POST /api/v1/centers/{id}/tickets);
  - issuing at a kiosk (the kiosk's device token, an Idempotency-Key, its print job);
  - calling the next ticket (POST /api/v1/windows/{id}/call-next, timed on its own; each
    window then completes the ticket, which is not counted in the call-next figures);
  - a ticket's status (GET /api/v1/tickets/{token}).
Each real path is printed as a ratio to the ceilings measured in the same run. With
`--history N` the same runs on a second instance seeded with a year of N finished
tickets and their events (bench/history.py), and each path's p50 and p99 are printed as
the ratio of year-old to fresh.
The clients run as threads in two load processes, so the load generator does not
crowd the server off the two cores.

    .venv/bin/python bench/hall_bench.py [--seconds 5] [--database-url URL] [--history 650000]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CENTER_CODE = "pengpu-community"
CLERKS = 16
PASSWORD = "bench-pass"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Http:
    """One keep-alive HTTP/1.1 connection, as a kiosk or counter holds."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else None
        hdrs = {"Content-Type": "application/json"} if data else {}
        hdrs.update(headers or {})
        self.conn.request(method, path, body=data, headers=hdrs)
        response = self.conn.getresponse()
        return response.status, response.read()


def client_loop(args: tuple) -> list[float]:
    """One client: repeat its operation until the deadline; the latencies of the measured
    requests (seconds)."""
    kind, port, deadline, context = args
    http_ = Http(port)
    latencies: list[float] = []
    rng = random.Random(os.getpid() ^ time.time_ns())
    while time.monotonic() < deadline:
        if kind == "json":
            t = time.perf_counter()
            status, _ = http_.request("GET", "/bench/json")
        elif kind == "write":
            t = time.perf_counter()
            status, _ = http_.request("POST", "/bench/write", {})
        elif kind == "issue":
            body = {"item_id": rng.choice(context["items"])}
            t = time.perf_counter()
            status, _ = http_.request("POST", f"/api/v1/centers/{context['center']}/tickets", body)
        elif kind == "kiosk":
            body = {"item_id": rng.choice(context["items"]), "kiosk_id": context["kiosk"]}
            headers = {"Authorization": f"Bearer {context['kiosk_token']}",
                       "Idempotency-Key": f"bench-{rng.getrandbits(64):x}"}
            t = time.perf_counter()
            status, _ = http_.request("POST", f"/api/v1/centers/{context['center']}/tickets",
                                      body, headers)
        elif kind == "status":
            t = time.perf_counter()
            status, _ = http_.request("GET", f"/api/v1/tickets/{rng.choice(context['tokens'])}")
        else:
            headers = {"Authorization": f"Bearer {context['token']}"}
            window = context["window"]
            t = time.perf_counter()
            status, _ = http_.request("POST", f"/api/v1/windows/{window}/call-next", None, headers)
            elapsed = time.perf_counter() - t
            if status == 204:
                break
            latencies.append(elapsed)
            done, _ = http_.request("POST", f"/api/v1/windows/{window}/complete", {}, headers)
            assert done == 200, done
            continue
        latencies.append(time.perf_counter() - t)
        assert status in (200, 201), (kind, status)
    return latencies


def client_process(jobs: list[tuple]) -> list[list[float]]:
    """One load process running several clients as threads (they mostly wait on the server)."""
    with ThreadPoolExecutor(len(jobs)) as threads:
        return list(threads.map(client_loop, jobs))


def run_phase(kind: str, port: int, clients: int, seconds: float,
              contexts: list[dict]) -> dict:
    processes = min(clients, 2)
    start = time.monotonic()
    deadline = start + seconds
    jobs = [(kind, port, deadline, contexts[i % len(contexts)]) for i in range(clients)]
    with mp.get_context("fork").Pool(processes) as pool:
        parts = pool.map(client_process, [jobs[p::processes] for p in range(processes)])
    results = [r for part in parts for r in part]
    wall = time.monotonic() - start
    latencies = sorted(x for r in results for x in r)
    count = len(latencies)
    return {
        "kind": kind, "clients": clients, "count": count, "rps": count / wall,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p99_ms": latencies[int(0.99 * (count - 1))] * 1000 if latencies else float("nan"),
    }


def prepare(instance: Path, env: dict, history: int) -> dict:
    """A fresh instance with the demo, the bench's clerks, a kiosk and, with `history`, a
    year of that many finished tickets; answers the kiosk's id and token."""
    def run(*a: str) -> str:
        return subprocess.run([sys.executable, "-m", "server.cli", *a], env=env, cwd=ROOT,
                              check=True, capture_output=True, text=True).stdout

    run("db", "upgrade")
    run("demo")
    from sqlalchemy import select

    from server.accounts.service import create_user
    from server.centers.models import Center
    from server.db import Database

    database = Database(env["DATABASE_URL"])
    with database.transaction() as s:
        center = s.scalar(select(Center).where(Center.code == CENTER_CODE))
        center_id = center.id
        for n in range(CLERKS):
            create_user(session=s, username=f"bench{n}", password=PASSWORD, role="staff",
                        center_ids=[center.id])
    database.dispose()
    if history:
        from bench.history import seed_year

        started = time.monotonic()
        events = seed_year(env["DATABASE_URL"], CENTER_CODE, tickets=history)
        print(f"seeded {history} tickets and {events} events in "
              f"{time.monotonic() - started:.0f} s", flush=True)
    kiosk = json.loads(run("device", "create", "--center", str(center_id), "--kind", "kiosk",
                           "--name", "bench kiosk", "--json"))
    return {"kiosk": kiosk["id"], "kiosk_token": kiosk["token"]}


def login_and_open(port: int, center: int) -> list[dict]:
    http_ = Http(port)
    _, body = http_.request("GET", f"/api/v1/centers/{center}/windows")
    windows = [w for w in json.loads(body) if w["kind"] == "comprehensive"]
    windows += [w for w in json.loads(body) if w["kind"] == "specialized"]
    contexts = []
    for n, window in zip(range(CLERKS), windows, strict=False):
        _, body = http_.request("POST", "/api/v1/auth/token",
                                {"username": f"bench{n}", "password": PASSWORD})
        token = json.loads(body)["token"]
        status, _ = http_.request("POST", f"/api/v1/windows/{window['id']}/open", None,
                                  {"Authorization": f"Bearer {token}"})
        assert status == 200
        contexts.append({"token": token, "window": window["id"]})
    return contexts


PATHS = ("json", "write", "issue", "kiosk", "call-next", "status")


def measure(seconds: float, database_url: str, history: int) -> list[dict]:
    """Every path at 1 and 16 clients against one fresh server (seeded with `history`)."""
    instance = Path(tempfile.mkdtemp(prefix="qms-bench-"))
    port = free_port()
    env = {**os.environ, "QMS_INSTANCE_PATH": str(instance), "RATELIMIT_ENABLED": "false",
           "QMS_BENCH_PROBES": "true", "QMS_DEMO_PASSWORD": PASSWORD,
           "QMS_DAY_CLOSE_SECONDS": "0",
           "DATABASE_URL": database_url or f"sqlite:///{instance / 'qms.sqlite3'}"}
    kiosk = prepare(instance, env, history)
    server = subprocess.Popen([sys.executable, "-m", "server.cli", "run", "--port", str(port)],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=open(instance / "server.log", "w"))  # noqa: SIM115
    try:
        for _ in range(300):
            try:
                Http(port).request("GET", "/api/v1/centers")
                break
            except OSError:
                time.sleep(0.1)
        http_ = Http(port)
        centers = json.loads(http_.request("GET", "/api/v1/centers")[1])
        center = next(c["id"] for c in centers if c["code"] == CENTER_CODE)
        items = [i["id"] for i in json.loads(http_.request(
            "GET", f"/api/v1/centers/{center}/items")[1])]
        windows = login_and_open(port, center)
        http_ = Http(port)  # the idle one is past gunicorn's keep-alive
        tokens = [json.loads(http_.request("POST", f"/api/v1/centers/{center}/tickets",
                                           {"item_id": items[n % len(items)]})[1])["token"]
                  for n in range(50)]
        contexts = {"issue": [{"center": center, "items": items}],
                    "kiosk": [{"center": center, "items": items, **kiosk}],
                    "call-next": windows, "status": [{"tokens": tokens}]}
        return [run_phase(kind, port, clients, seconds, contexts.get(kind, [{}]))
                for clients in (1, 16) for kind in PATHS]
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--history", type=int, default=0,
                        help="also run on a year of this many finished tickets (650000)")
    options = parser.parse_args()
    backend = (options.database_url or "sqlite").split("://")[0]
    fresh = measure(options.seconds, options.database_url, 0)
    report(fresh, backend, "fresh database")
    if options.history:
        old = measure(options.seconds, options.database_url, options.history)
        report(old, backend, f"a year of {options.history} tickets")
        compare(fresh, old)


def report(rows: list[dict], backend: str, what: str) -> None:
    print(f"\nhall engine benchmark: gunicorn 1 gevent worker, {backend}, {os.cpu_count()} cores,"
          f" {what}")
    print(f"{'path':<10} {'clients':>7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'/json':>7} {'/write':>7}")
    ceilings = {(r["kind"], r["clients"]): r["rps"] for r in rows if r["kind"] in ("json", "write")}
    for r in rows:
        json_ratio = r["rps"] / ceilings[("json", r["clients"])]
        write_ratio = r["rps"] / ceilings[("write", r["clients"])]
        print(f"{r['kind']:<10} {r['clients']:>7} {r['rps']:>9.0f} {r['p50_ms']:>8.1f} "
              f"{r['p99_ms']:>8.1f} {json_ratio:>7.2f} {write_ratio:>7.2f}")


def compare(fresh: list[dict], old: list[dict]) -> None:
    print("\nyear-old / fresh (aim: within 1.2)")
    print(f"{'path':<10} {'clients':>7} {'p50':>7} {'p99':>7} {'req/s':>7}")
    for f, o in zip(fresh, old, strict=True):
        if f["kind"] in ("json", "write"):
            continue
        print(f"{f['kind']:<10} {f['clients']:>7} {o['p50_ms'] / f['p50_ms']:>7.2f} "
              f"{o['p99_ms'] / f['p99_ms']:>7.2f} {f['rps'] / o['rps']:>7.2f}")


if __name__ == "__main__":
    main()
