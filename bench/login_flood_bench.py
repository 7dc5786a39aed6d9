"""Login flood benchmark: the hall snapshot's latency at rest and under a sign-in flood.

Starts the server as `qms run` does (gunicorn, one gevent worker, SQLite, demo loaded)
and measures GET /api/v1/centers/{id}/hall (the snapshot every screen asks for after a
reconnect), one request at a time, first at rest, then while eight clients post wrong
passwords as fast as they can. Two floods:
  - "limits on": the settings as shipped (per-address limit, per-account back-off);
  - "every try hashed": limits and back-off lifted, so each try checks a password:
    this is what keeping the hashing off the gevent loop has to carry alone.
Prints p50/p99 of the snapshot per phase, its ratio to rest (the aim: p50 within 1.5x),
and the sign-in answers the flood got.

    .venv/bin/python bench/login_flood_bench.py [--seconds 8] [--clients 8]
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.hall_bench import Http, free_port  # noqa: E402

CENTER_CODE = "pengpu-community"


def flood(args: tuple) -> dict[int, int]:
    """One anonymous client posting wrong passwords until the deadline; its answers."""
    port, deadline, n = args
    http_ = Http(port)
    answers: collections.Counter[int] = collections.Counter()
    while time.monotonic() < deadline:
        status, _ = http_.request("POST", "/api/v1/auth/token",
                                  {"username": "admin", "password": f"guess-{n}-{time.time()}"})
        answers[status] += 1
    return dict(answers)


def probe(port: int, center: int, seconds: float) -> list[float]:
    http_ = Http(port)
    deadline = time.monotonic() + seconds
    latencies = []
    while time.monotonic() < deadline:
        t = time.perf_counter()
        status, _ = http_.request("GET", f"/api/v1/centers/{center}/hall")
        latencies.append(time.perf_counter() - t)
        assert status == 200, status
    return sorted(latencies)


def phase(port: int, center: int, seconds: float, clients: int) -> tuple[list[float], dict]:
    if not clients:
        return probe(port, center, seconds), {}
    deadline = time.monotonic() + seconds + 1
    with mp.get_context("fork").Pool(clients) as pool:
        flooding = pool.map_async(flood, [(port, deadline, n) for n in range(clients)])
        time.sleep(1)  # the flood is under way
        latencies = probe(port, center, seconds)
        parts = flooding.get()
    answers: collections.Counter[int] = collections.Counter()
    for part in parts:
        answers.update(part)
    return latencies, dict(answers)


def serve(env: dict, port: int, instance: Path) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "server.cli", "run", "--port", str(port)],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=open(instance / "server.log", "a"))  # noqa: SIM115
    for _ in range(150):
        try:
            Http(port).request("GET", "/api/v1/centers")
            return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError((instance / "server.log").read_text())


def run(label: str, extra_env: dict, seconds: float, clients: int) -> list[tuple]:
    instance = Path(tempfile.mkdtemp(prefix="qms-flood-"))
    port = free_port()
    env = {**os.environ, "QMS_INSTANCE_PATH": str(instance), "QMS_DEMO_PASSWORD": "bench-pass",
           "DATABASE_URL": f"sqlite:///{instance / 'qms.sqlite3'}", **extra_env}
    for args in (("db", "upgrade"), ("demo",)):
        subprocess.run([sys.executable, "-m", "server.cli", *args], env=env, cwd=ROOT,
                       check=True, capture_output=True)
    server = serve(env, port, instance)
    try:
        import json

        centers = json.loads(Http(port).request("GET", "/api/v1/centers")[1])
        center = next(c["id"] for c in centers if c["code"] == CENTER_CODE)
        probe(port, center, 1.0)  # warm up
        rows = []
        for name, flooders in (("at rest", 0), (f"{clients} clients flooding", clients)):
            latencies, answers = phase(port, center, seconds, flooders)
            rows.append((label, name, latencies, answers))
        return rows
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=8)
    options = parser.parse_args()
    rows = run("limits on", {}, options.seconds, options.clients)
    rows += run("every try hashed", {"RATELIMIT_ENABLED": "false",
                                     "QMS_LOGIN_FREE_FAILURES": "1000000"},
                options.seconds, options.clients)
    print(f"{'flood':18} {'phase':22} {'snapshots':>9} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'p50/rest':>8}  sign-in answers")
    rest = {}
    for label, name, latencies, answers in rows:
        p50 = statistics.median(latencies) * 1000
        p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000
        rest.setdefault(label, p50)
        ratio = p50 / rest[label]
        shown = ", ".join(f"{k}: {v}" for k, v in sorted(answers.items())) or "-"
        print(f"{label:18} {name:22} {len(latencies):9d} {p50:8.1f} {p99:8.1f} {ratio:8.2f}  "
              f"{shown}")


if __name__ == "__main__":
    main()
