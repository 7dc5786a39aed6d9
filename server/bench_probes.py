"""Two ceilings for the benchmark, served only when QMS_BENCH_PROBES is on.

`GET /bench/json` is a bare JSON endpoint; `POST /bench/write` increments a counter
row and inserts one row in one transaction, through the same database layer as the
real paths. bench/hall_bench.py prints the real paths as ratios to these.
"""

from __future__ import annotations

from flask import Blueprint, Flask
from sqlalchemy import text

from server.extensions import db

probes = Blueprint("bench_probes", __name__, url_prefix="/bench")


@probes.get("/json")
def bare_json() -> dict:
    return {"ok": True}


@probes.post("/write")
def bare_write() -> dict:
    with db.transaction() as session:
        value = session.execute(
            text("UPDATE bench_counter SET value = value + 1 WHERE id = 1 RETURNING value")
        ).scalar_one()
        session.execute(text("INSERT INTO bench_rows (value) VALUES (:v)"), {"v": value})
    return {"value": value}


def register(app: Flask) -> None:
    with app.app_context(), db.transaction() as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS bench_counter "
                             "(id INTEGER PRIMARY KEY, value INTEGER NOT NULL)"))
        session.execute(text("CREATE TABLE IF NOT EXISTS bench_rows "
                             "(id INTEGER PRIMARY KEY, value INTEGER NOT NULL)"))
        if session.execute(text("SELECT 1 FROM bench_counter WHERE id = 1")).first() is None:
            session.execute(text("INSERT INTO bench_counter (id, value) VALUES (1, 0)"))
    app.register_blueprint(probes)
