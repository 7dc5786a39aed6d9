"""The reports against a morning worked out by hand (see conftest.Morning)."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import InvalidRequest
from server.reports import service as reports
from server.reports.tables import table, to_csv
from server.tickets import service as tickets
from tests.hall import at

DAY = dt.date(2026, 11, 27)


def run(morning, name, first=DAY, last=DAY):
    with morning.hall.db.read() as s:
        period = reports.make_period(session=s, center_id=morning.center.id, first=first,
                                     last=last)
        return reports.report(session=s, name=name, period=period)


def rate(morning, ticket: str, window, clerk, score: int, hhmm: str) -> None:
    from server.ratings.models import Rating

    with morning.hall.db.transaction() as s:
        s.add(Rating(center_id=morning.center.id, ticket_id=morning.ids[ticket],
                     window_id=window.id, staff_user_id=clerk.user_id, score=score, at=at(hhmm)))


def test_the_mornings_summary(morning):
    summary = run(morning, "summary")
    assert summary["issued"] == 5
    assert summary["called"] == 4
    assert summary["served"] == 3
    assert summary["no_show"] == 1
    # Waits 5, 10, 15 and 40 minutes: the median between 10 and 15, p90 at rank 2.7 of 0..3.
    assert summary["median_wait_minutes"] == 12.5
    assert summary["p90_wait_minutes"] == 32.5
    assert summary["mean_wait_minutes"] == 17.5
    # Three of the four called within the 20 minutes target.
    assert summary["served_within_target"] == 0.75


def test_a_period_takes_the_centers_own_days(morning):
    assert run(morning, "summary", first=DAY - dt.timedelta(days=1), last=DAY)["issued"] == 6
    assert run(morning, "summary", first=DAY - dt.timedelta(days=1),
               last=DAY - dt.timedelta(days=1))["issued"] == 1
    empty = run(morning, "summary", first=DAY + dt.timedelta(days=1),
                last=DAY + dt.timedelta(days=1))
    assert empty["issued"] == 0
    assert empty["median_wait_minutes"] is None
    assert empty["served_within_target"] is None


def test_handling_runs_from_start_or_call_to_completion(morning):
    handling = run(morning, "handling")
    assert handling["tickets"] == 3
    assert handling["median_minutes"] == 10.0
    assert handling["p90_minutes"] == 18.0  # 6, 10, 20: rank 1.8
    assert handling["mean_minutes"] == 12.0
    bars = {(b["from_minutes"], b["to_minutes"]): b["tickets"] for b in handling["buckets"]}
    assert bars[(5, 10)] == 1 and bars[(10, 15)] == 1 and bars[(20, 30)] == 1
    assert sum(bars.values()) == 3


def test_waits_fall_in_their_buckets(morning):
    waits = run(morning, "waits")
    bars = {(b["from_minutes"], b["to_minutes"]): b["tickets"] for b in waits["buckets"]}
    assert bars[(5, 10)] == 1 and bars[(10, 15)] == 1 and bars[(15, 20)] == 1
    assert bars[(30, 45)] == 1
    assert waits["within_target"] == 0.75


def test_a_no_show_put_back_in_line_is_served_and_no_longer_counted(morning):
    with morning.hall.db.transaction() as s:
        from server.management.service import requeue_no_show

        manager = morning.hall.staff("wang", morning.center, role="manager")
        requeue_no_show(session=s, ticket_id=morning.ids["t2"], actor=manager, now=at("09:50"))
    assert morning.hall.call(morning.w2, morning.clerk2, at("09:55")) == morning.numbers["t2"]
    morning.hall.finish(morning.w2, morning.clerk2, at("10:00"))
    summary = run(morning, "summary")
    assert (summary["served"], summary["no_show"]) == (4, 0)
    # Its wait is still to its first call (called twice, counted once); its handling runs
    # from the last call.
    assert summary["called"] == 4
    assert summary["median_wait_minutes"] == 12.5
    assert run(morning, "handling")["tickets"] == 4
    windows = {r["window_number"]: r for r in run(morning, "windows")["rows"]}
    assert windows[2]["served"] == 2
    assert windows[2]["mean_handling_minutes"] == 12.5  # 20 and 5
    assert windows[2]["no_show"] == 1  # what happened at the window stays


def test_items_and_sources_by_outcome(morning):
    rows = {r["item_id"]: r for r in run(morning, "items")["rows"]}
    assert {k: rows[morning.a.id][k] for k in ("issued", "served", "no_show")} == \
        {"issued": 2, "served": 1, "no_show": 1}
    assert {k: rows[morning.b.id][k] for k in ("issued", "served", "no_show")} == \
        {"issued": 3, "served": 2, "no_show": 0}
    sources = {r["source"]: r for r in run(morning, "sources")["rows"]}
    assert sources["walk_in"]["issued"] == 5
    assert sources["walk_in"]["served"] == 3
    assert sources["reservation"]["issued"] == 0


def test_windows_and_staff_throughput_with_satisfaction(morning):
    rate(morning, "t1", morning.w1, morning.clerk1, 5, "09:16")
    rate(morning, "t4", morning.w1, morning.clerk1, 3, "09:47")
    rate(morning, "t3", morning.w2, morning.clerk2, 4, "09:37")
    windows = {r["window_number"]: r for r in run(morning, "windows")["rows"]}
    assert windows[1]["served"] == 2
    assert windows[1]["mean_handling_minutes"] == 8.0  # 10 and 6
    assert (windows[1]["ratings"], windows[1]["satisfaction"]) == (2, 4.0)
    assert (windows[2]["served"], windows[2]["no_show"]) == (1, 1)
    assert (windows[2]["ratings"], windows[2]["satisfaction"]) == (1, 4.0)
    staff = {r["user_id"]: r for r in run(morning, "staff")["rows"]}
    assert staff[morning.clerk1.user_id]["served"] == 2
    assert staff[morning.clerk1.user_id]["satisfaction"] == 4.0
    assert staff[morning.clerk2.user_id]["mean_handling_minutes"] == 20.0


def test_arrivals_fall_on_the_centers_local_hour_and_weekday(morning):
    arrivals = run(morning, "arrivals")
    by_hour = {r["hour"]: r for r in arrivals["rows"]}
    # 2026-11-27 is a Friday; 09:00 in Shanghai is 01:00 UTC.
    assert by_hour[9]["fri"] == 5
    assert by_hour[1]["total"] == 0
    assert arrivals["by_weekday"]["fri"] == 5
    assert sum(r["total"] for r in arrivals["rows"]) == 5


def test_every_report_is_a_table_with_the_same_figures(morning):
    summary = run(morning, "summary")
    header, rows = table("summary", summary)
    assert dict(zip(header, rows[0], strict=True)) == summary
    text = to_csv("waits", run(morning, "waits"))
    assert text.splitlines()[0] == "\ufefffigure,from_minutes,to_minutes,value"
    assert "median_minutes,,,12.5" in text.splitlines()
    for name in reports.REPORTS:
        header, rows = table(name, run(morning, name))
        assert header and all(len(r) == len(header) for r in rows)


def test_a_csv_for_excel_has_a_bom_and_headings_in_the_pages_language(morning):
    staff = run(morning, "staff")
    zh, en = to_csv("staff", staff, "zh"), to_csv("staff", staff, "en")
    assert zh.encode("utf-8").startswith(b"\xef\xbb\xbf")
    head = [text.splitlines()[0].removeprefix("\ufeff").split(",")[:3] for text in (zh, en)]
    assert head == [["人员编号", "工作人员", "办结"], ["Staff ID", "Staff", "Served"]]
    assert zh.splitlines()[1:] == en.splitlines()[1:]


def test_a_period_must_run_forwards(morning):
    with morning.hall.db.read() as s, pytest.raises(InvalidRequest, match="before it begins"):
        reports.make_period(session=s, center_id=morning.center.id, first=DAY,
                            last=DAY - dt.timedelta(days=1))


def test_percentiles_of_a_histogram():
    dist = reports.Distribution.of([(60, 1), (120, 2), (None, 5), (600, 1)])
    assert dist.count == 4
    assert dist.percentile(0.5) == 2.0
    assert dist.percentile(0.9) == 7.6  # between 2 and 10 minutes at rank 2.7
    assert dist.share_within(2) == 0.75
    assert reports.Distribution.of([]).percentile(0.5) is None


def test_a_ticket_never_started_is_handled_from_its_call(morning):
    with morning.hall.db.transaction() as s:
        tickets.call_next(session=s, window_id=morning.w2.id, actor=morning.clerk2,
                          now=at("09:50"))
    morning.hall.finish(morning.w2, morning.clerk2, at("09:53"))
    handling = run(morning, "handling")
    assert handling["tickets"] == 4
    assert handling["buckets"][0]["tickets"] == 1  # 3 minutes
