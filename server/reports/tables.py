"""Each report as a table: the CSV download holds exactly the figures of the JSON and the chart.

- summary: one row, one column per figure;
- items, sources, windows, staff: one row per item, source, window or staff member;
- waits, handling: `figure,from_minutes,to_minutes,value` rows: the statistics first
  (tickets, median, p90, mean, share within target), then one `bucket` row per bar;
- arrivals: one row per hour of the day, one column per weekday.
"""

from __future__ import annotations

import csv
import io
from typing import Any

DISTRIBUTION_FIGURES = ("tickets", "median_minutes", "p90_minutes", "mean_minutes",
                        "within_target")
OUTCOMES = ("issued", "served", "no_show", "transferred", "cancelled")
THROUGHPUT = ("served", "no_show", "transferred", "mean_handling_minutes", "ratings",
              "satisfaction")
COLUMNS = {
    "items": ("item_id", "item", "item_en", *OUTCOMES),
    "sources": ("source", *OUTCOMES),
    "windows": ("window_id", "window_number", "group", "group_en", *THROUGHPUT),
    "staff": ("user_id", "staff", *THROUGHPUT),
    "arrivals": ("hour", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "total"),
}


def table(name: str, report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    if name == "summary":
        header = list(report)
        return header, [[report[k] for k in header]]
    if name in ("waits", "handling"):
        rows: list[list[Any]] = [
            [figure, None, None, report[figure]]
            for figure in DISTRIBUTION_FIGURES if figure in report
        ]
        rows += [["bucket", b["from_minutes"], b["to_minutes"], b["tickets"]]
                 for b in report["buckets"]]
        return ["figure", "from_minutes", "to_minutes", "value"], rows
    header = list(COLUMNS[name])
    return header, [[r.get(k) for k in header] for r in report["rows"]]


def to_csv(name: str, report: dict[str, Any]) -> str:
    header, rows = table(name, report)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()
