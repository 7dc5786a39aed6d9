"""What a simulated day says: waits per item and class, the target, the windows, the line
through the day, and whether the promise on each ticket came true."""

from __future__ import annotations

import html
import math
import statistics
from collections.abc import Iterable
from typing import Any

from server.simulation import erlang
from server.simulation.engine import Run, TicketLog
from server.simulation.scenario import hhmm

DAY = 24 * 60


def promise_kept(ticket: TicketLog) -> bool:
    """Within 20% of the promise or 2 minutes, whichever is larger."""
    if ticket.promised is None or ticket.wait is None:
        return False
    return abs(ticket.wait - ticket.promised) <= max(0.2 * ticket.promised, 2.0)


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def wait_figures(tickets: Iterable[TicketLog], target: float) -> dict[str, Any]:
    waits = [t.wait for t in tickets if t.wait is not None]
    return {
        "tickets": len(waits),
        "mean_wait_minutes": _r(statistics.fmean(waits)) if waits else None,
        "median_wait_minutes": _r(statistics.median(waits)) if waits else None,
        "p90_wait_minutes": _r(_quantile(waits, 0.9)),
        "within_target": _r(sum(w <= target for w in waits) / len(waits)) if waits else None,
    }


def _grouped(tickets: list[TicketLog], key, target: float) -> dict[str, Any]:
    return {name: wait_figures(group, target) for name, group in sorted(_by(tickets, key).items())}


def summary(run: Run) -> dict[str, Any]:
    scenario = run.scenario
    target = scenario.policy.target_wait_minutes
    counted = [t for t in run.tickets if t.counted]
    called = [t for t in counted if t.wait is not None]
    promised = [t for t in called if t.promised is not None]
    open_minutes = sum(w.open_minutes for w in run.windows)
    busy_minutes = sum(w.busy_minutes for w in run.windows)
    overall = wait_figures(counted, target)
    out: dict[str, Any] = {
        "scenario": scenario.name,
        "seed": run.seed,
        "visits": len(run.tickets),
        "counted": len(counted),
        "served": sum(1 for t in counted if t.called is not None and not t.no_show),
        "no_show": sum(1 for t in counted if t.no_show),
        "never_called": sum(1 for t in counted if t.called is None),
        "seconds": round(run.seconds, 2),
        **{k: overall[k] for k in ("mean_wait_minutes", "median_wait_minutes",
                                   "p90_wait_minutes")},
        "target_wait_minutes": target,
        "served_within_target": overall["within_target"],
        "by_item": _grouped(counted, lambda t: t.visit.item, target),
        "by_class": _grouped(counted, lambda t: t.klass, target),
        "utilisation": _r(busy_minutes / open_minutes) if open_minutes else None,
        "windows": [
            {"number": w.window.number, "kind": w.window.kind, "group": w.window.group,
             "open_minutes": round(w.open_minutes, 1), "served": w.served,
             "utilisation": _r(w.busy_minutes / w.open_minutes) if w.open_minutes else None}
            for w in run.windows
        ],
        "queue_length": [{"at": _clock(at), "waiting": n} for at, n in run.queue],
        "estimate_within_20pct": (
            _r(sum(map(promise_kept, promised)) / len(called)) if called else None),
        "estimate": {
            "tickets": len(called),
            "without_promise": len(called) - len(promised),
            "mean_error_minutes": _r(statistics.fmean(
                t.wait - t.promised for t in promised)) if promised else None,
            "by_class": {
                k: _r(sum(map(promise_kept, g)) / len(g))
                for k, g in _by(called, lambda t: t.klass).items()
            },
        },
        "bookings_moved_to_a_later_slot": run.booked_elsewhere,
    }
    if scenario.mmc is not None:
        rate, mean, servers = scenario.mmc
        out["theory"] = {
            "mean_wait_minutes": _r(erlang.mean_wait(rate, mean, servers)),
            "p90_wait_minutes": _r(erlang.wait_quantile(rate, mean, servers, 0.9)),
            "utilisation": _r(rate * mean / 60 / servers),
        }
        out["hours"] = round(scenario.days * (scenario.periods()[0][1]) / 60, 2)
    return out


def _by(tickets: list[TicketLog], key) -> dict[str, list[TicketLog]]:
    groups: dict[str, list[TicketLog]] = {}
    for ticket in tickets:
        groups.setdefault(key(ticket), []).append(ticket)
    return groups


def _clock(minutes: float) -> str:
    day, rest = divmod(minutes, DAY)
    return hhmm(rest) if not day else f"+{int(day)}d {hhmm(rest)}"


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def table(data: dict[str, Any]) -> str:
    """The summary as a plain-text report."""
    lines = [
        f"{data['scenario']}  seed {data['seed']}  {data['visits']} visits  "
        f"({data['seconds']} s)",
        f"served {data['served']}  no-show {data['no_show']}  "
        f"never called {data['never_called']}  window utilisation {_fmt(data['utilisation'])}",
        f"wait: mean {_fmt(data['mean_wait_minutes'])}  median "
        f"{_fmt(data['median_wait_minutes'])}  p90 {_fmt(data['p90_wait_minutes'])} min;  "
        f"within {data['target_wait_minutes']} min: {_fmt(data['served_within_target'])}",
        f"promise kept (within 20% or 2 min): {_fmt(data['estimate_within_20pct'])}",
    ]
    if "theory" in data:
        theory = data["theory"]
        lines.append(f"Erlang C: mean {_fmt(theory['mean_wait_minutes'])}  p90 "
                     f"{_fmt(theory['p90_wait_minutes'])} min  utilisation "
                     f"{_fmt(theory['utilisation'])}")
    for title, rows in (("item", data["by_item"]), ("class", data["by_class"])):
        lines += ["", f"{'by ' + title:36} {'n':>5} {'mean':>7} {'median':>7} {'p90':>7} "
                      f"{'target':>7}"]
        for name, row in rows.items():
            lines.append(f"{name[:36]:36} {row['tickets']:>5} {_fmt(row['mean_wait_minutes']):>7} "
                         f"{_fmt(row['median_wait_minutes']):>7} "
                         f"{_fmt(row['p90_wait_minutes']):>7} {_fmt(row['within_target']):>7}")
    lines += ["", "window  kind           served  open min  utilisation"]
    for w in data["windows"]:
        lines.append(f"{w['number']:>6}  {w['kind']:13} {w['served']:>7} {w['open_minutes']:>9} "
                     f"{_fmt(w['utilisation']):>12}")
    peak = max(data["queue_length"], key=lambda q: q["waiting"], default=None)
    if peak:
        lines.append(f"\nlongest line: {peak['waiting']} waiting at {peak['at']}")
    return "\n".join(lines)


def _bars(title: str, rows: list[tuple[str, float]], unit: str) -> str:
    """A horizontal bar chart as inline SVG."""
    top = max((v for _, v in rows), default=0) or 1
    height = 22 * len(rows) + 30
    bars = [f'<text x="0" y="16" class="t">{html.escape(title)}</text>']
    for i, (label, value) in enumerate(rows):
        y = 28 + 22 * i
        width = 420 * value / top
        bars.append(
            f'<text x="0" y="{y + 13}">{html.escape(label)}</text>'
            f'<rect x="240" y="{y}" width="{width:.1f}" height="16"></rect>'
            f'<text x="{246 + width:.1f}" y="{y + 13}">{value:.1f} {unit}</text>')
    return f'<svg viewBox="0 0 760 {height}" role="img" aria-label="{html.escape(title)}">' \
        + "".join(bars) + "</svg>"


def _line(title: str, points: list[tuple[str, int]]) -> str:
    top = max((n for _, n in points), default=0) or 1
    step = 700 / max(1, len(points) - 1)
    path = " ".join(f"{40 + i * step:.1f},{220 - 190 * n / top:.1f}"
                    for i, (_, n) in enumerate(points))
    labels = "".join(f'<text x="{40 + i * step:.1f}" y="240">{html.escape(at)}</text>'
                     for i, (at, _) in enumerate(points) if i % 4 == 0)
    return (f'<svg viewBox="0 0 760 250" role="img" aria-label="{html.escape(title)}">'
            f'<text x="0" y="16" class="t">{html.escape(title)} (max {top})</text>'
            f'<polyline points="{path}" fill="none" stroke-width="3"></polyline>{labels}</svg>')


def page(data: dict[str, Any]) -> str:
    """A self-contained HTML page with the day's charts."""
    items = [(k, v["mean_wait_minutes"] or 0.0) for k, v in data["by_item"].items()]
    p90 = [(k, v["p90_wait_minutes"] or 0.0) for k, v in data["by_item"].items()]
    windows = [(f"{w['number']} {w['kind']}", 100 * (w["utilisation"] or 0.0))
               for w in data["windows"]]
    queue = [(q["at"], q["waiting"]) for q in data["queue_length"]]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(data['scenario'])}</title>
<style>body{{font:18px system-ui,sans-serif;max-width:820px;margin:2rem auto;padding:0 1rem}}
svg{{width:100%;margin:1rem 0}} svg text{{font-size:13px}} .t{{font-size:16px;font-weight:600}}
rect{{fill:#2b6cb0}} polyline{{stroke:#c05621}} pre{{white-space:pre-wrap}}</style></head>
<body><h1>{html.escape(data['scenario'])}</h1><pre>{html.escape(table(data))}</pre>
{_line('People waiting through the day', queue)}
{_bars('Mean wait per item', items, 'min')}
{_bars('90th percentile wait per item', p90, 'min')}
{_bars('Window utilisation', windows, '%')}
</body></html>"""
