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


# Column headings as a manager reads them in a spreadsheet, (zh, en), by machine key.
HEADINGS = {
    "center_id": ("中心编号", "Center ID"), "from": ("起始日期", "From"), "to": ("截止日期", "To"),
    "target_wait_minutes": ("目标等候（分钟）", "Target wait (min)"),
    "issued": ("取号", "Issued"), "served": ("办结", "Served"), "no_show": ("过号", "No-show"),
    "transferred": ("转办", "Transferred"), "cancelled": ("取消", "Cancelled"),
    "called": ("已叫号", "Called"),
    "median_wait_minutes": ("等候中位数（分钟）", "Median wait (min)"),
    "p90_wait_minutes": ("90%等候（分钟）", "90th percentile wait (min)"),
    "mean_wait_minutes": ("平均等候（分钟）", "Mean wait (min)"),
    "served_within_target": ("目标内叫号比例", "Share within target"),
    "figure": ("指标", "Figure"), "from_minutes": ("起（分钟）", "From (min)"),
    "to_minutes": ("止（分钟）", "To (min)"), "value": ("数值", "Value"),
    "item_id": ("事项编号", "Item ID"), "item": ("事项", "Item"),
    "item_en": ("事项（英文）", "Item (English)"), "source": ("来源", "Source"),
    "window_id": ("窗口编号", "Window ID"), "window_number": ("窗口", "Window"),
    "group": ("窗口组", "Group"), "group_en": ("窗口组（英文）", "Group (English)"),
    "user_id": ("人员编号", "Staff ID"), "staff": ("工作人员", "Staff"),
    "mean_handling_minutes": ("平均办理（分钟）", "Mean handling (min)"),
    "ratings": ("评价数", "Ratings"), "satisfaction": ("满意度", "Satisfaction"),
    "hour": ("时段", "Hour"), "mon": ("周一", "Mon"), "tue": ("周二", "Tue"),
    "wed": ("周三", "Wed"), "thu": ("周四", "Thu"), "fri": ("周五", "Fri"),
    "sat": ("周六", "Sat"), "sun": ("周日", "Sun"), "total": ("合计", "Total"),
}
BOM = "\ufeff"


def heading(key: str, lang: str | None) -> str:
    """The column's heading in `lang` ("zh" or "en"); without one, its machine key."""
    if lang not in ("zh", "en") or key not in HEADINGS:
        return key
    return HEADINGS[key][0 if lang == "zh" else 1]


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


def to_csv(name: str, report: dict[str, Any], lang: str | None = None) -> str:
    """The table as CSV with a byte-order mark, so Excel on Chinese Windows reads UTF-8 (张华,
    not mojibake); headings in the page's language, or machine keys when none is asked."""
    header, rows = table(name, report)
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([heading(k, lang) for k in header])
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()
