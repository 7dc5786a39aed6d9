"""A hall snapshot on PostgreSQL is one snapshot: its seq and its rows agree.

A board applies the events after the snapshot's seq; a ticket counted in the rows but not in
the seq would be applied twice (and announced twice).
"""

from __future__ import annotations

from sqlalchemy import event

from server.hall.snapshot import hall_snapshot
from tests.hall import ALL_DAY, Hall, at


def test_a_commit_between_the_snapshots_statements_is_not_half_seen(pg_database):
    hall = Hall(pg_database)
    center = hall.center(hours=ALL_DAY)
    pension = hall.item("pension", center=center)
    hall.window(center, 1, fields=["community"])
    now = at("10:00")
    hall.take(center, pension, now)
    statements = 0

    def another_kiosk_issues_meanwhile(conn, *_args) -> None:
        nonlocal statements
        if conn.get_execution_options().get("qms_read_only"):
            statements += 1
            if statements == 2:  # after the center (and its seq) was read
                hall.take(center, pension, now)

    event.listen(pg_database.engine, "before_cursor_execute", another_kiosk_issues_meanwhile)
    try:
        with pg_database.read() as session:
            snapshot = hall_snapshot(session=session, center_id=center.id, now=now)
    finally:
        event.remove(pg_database.engine, "before_cursor_execute", another_kiosk_issues_meanwhile)
    assert statements > 2
    assert snapshot["waiting_total"] == 1 and snapshot["windows"][0]["waiting"] == 1

    with pg_database.read() as session:
        later = hall_snapshot(session=session, center_id=center.id, now=now)
    assert later["waiting_total"] == 2 and later["seq"] == snapshot["seq"] + 1
