"""The ticket and the guide paper as ESC/POS bytes (python-escpos, collected by its Dummy).

Pure functions of plain data: they read no database and no Flask. Every line is
bilingual (Chinese first) so that the same paper serves every resident.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from server.printing.text import PrinterSetupError, TextWriter, quiet

BLANK = "________"
SOURCE_LABELS = {
    "reservation": ("预约", "Reservation"),
    "follow_up": ("补件复办", "Follow-up visit"),
    "transfer": ("转办", "Transferred"),
}


@dataclass(frozen=True)
class PrinterStyle:
    """How papers are rendered: the python-escpos profile and the way Chinese is printed."""

    profile: str = "default"
    chinese: str = "gb18030"
    font_path: str = ""

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> PrinterStyle:
        return cls(profile=config.get("QMS_PRINTER_PROFILE") or "default",
                   chinese=config.get("QMS_PRINTER_CHINESE") or "gb18030",
                   font_path=config.get("QMS_PRINTER_FONT") or "")


@dataclass(frozen=True)
class TicketPaper:
    """What a ticket says. `issued_at` is already in the center's time zone."""

    center_name: str
    center_name_en: str
    number: str
    item_name: str
    item_name_en: str
    windows: Sequence[int]
    ahead: int
    estimated_wait_minutes: int | None
    issued_at: dt.datetime
    code: str
    status_url: str
    source: str = "walk_in"


def _printer(style: PrinterStyle) -> tuple[Dummy, TextWriter]:
    try:
        printer = Dummy(profile=style.profile)
    except KeyError as exc:
        raise PrinterSetupError(
            f"QMS_PRINTER_PROFILE {style.profile!r} is not a python-escpos profile "
            "(e.g. default, TM-T88V, RP326, POS-5890)."
        ) from exc
    writer = TextWriter(printer, chinese=style.chinese, font_path=style.font_path)
    writer.start()
    return printer, writer


def window_ranges(numbers: Sequence[int]) -> str:
    """[1, 2, 3, 5] -> "1-3, 5": fifteen comprehensive windows fit on one line."""
    parts: list[str] = []
    ordered = sorted(set(numbers))
    start = prev = None
    for n in [*ordered, None]:
        if n is not None and prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(parts)


def number_size(number: str, columns: int) -> int:
    """The largest character size (2-5 times) at which the number fits on one line."""
    return max(2, min(5, columns // max(1, len(number))))


def _qr(printer: Dummy, url: str) -> None:
    printer.set(align="center")
    with quiet():
        if printer.profile.supports("qrCode"):
            printer.qr(url, ec=QR_ECLEVEL_M, size=6, native=True)
            printer._raw(b"\n")
        else:
            printer.qr(url, ec=QR_ECLEVEL_M, size=6, native=False, center=True)


def render_ticket(paper: TicketPaper, style: PrinterStyle | None = None) -> bytes:
    printer, w = _printer(style or PrinterStyle())
    w.line(paper.center_name, align="center", bold=True)
    if paper.center_name_en:
        w.line(paper.center_name_en, align="center")
    w.rule()
    w.line("您的号码  Your number", align="center")
    w.line(paper.number, align="center", size=number_size(paper.number, w.columns), bold=True)
    if paper.source in SOURCE_LABELS:
        zh, en = SOURCE_LABELS[paper.source]
        w.line(f"{zh}  {en}", align="center", bold=True)
    w.feed()
    w.line(f"办理事项：{paper.item_name}", bold=True)
    if paper.item_name_en:
        w.line(f"Item: {paper.item_name_en}")
    windows = window_ranges(paper.windows)
    if windows:
        w.line("请到窗口  Go to window")
        w.line(windows, size=2, bold=True)
    else:
        w.line("请留意叫号屏  Please watch the hall board")
    w.line(f"前面还有 {paper.ahead} 人  {paper.ahead} ahead of you")
    if paper.estimated_wait_minutes is None:
        w.line("预计等候：窗口开放后计算  Wait: once a window opens")
    else:
        minutes = paper.estimated_wait_minutes
        w.line(f"预计等候约 {minutes} 分钟  About {minutes} min")
    w.line(f"取号时间 Issued  {paper.issued_at:%Y-%m-%d %H:%M}")
    w.feed()
    with quiet():
        printer.barcode("{B" + paper.code, "CODE128", height=60, width=2, pos="BELOW",
                        font="B", align_ct=True)
    w.feed()
    _qr(printer, paper.status_url)
    w.forget()
    w.line("扫码查看排队进度", align="center")
    w.line("Scan to follow your turn", align="center")
    w.line("过号请到服务台  Missed it? Ask at the desk", align="center")
    printer.cut()
    return printer.output


def render_guide_paper(data: Mapping[str, Any], style: PrinterStyle | None = None) -> bytes:
    """The "specific guide paper": items, materials checklist, precautions, the answers given.

    `data` is the shape of `server.guides.service.paper_print_data`.
    """
    printer, w = _printer(style or PrinterStyle())
    w.line(data.get("center_name", ""), align="center", bold=True)
    if data.get("center_name_en"):
        w.line(data["center_name_en"], align="center")
    w.rule()
    w.line("办事指引", align="center", size=2, bold=True)
    w.line("Service guide", align="center", bold=True)
    if data.get("title"):
        w.line(data["title"], align="center", bold=True)
    if data.get("title_en"):
        w.line(data["title_en"], align="center")
    if data.get("tickets"):
        numbers = ", ".join(data["tickets"])
        w.feed()
        w.line(f"您的号码  Your numbers: {numbers}", align="center", bold=True)
    _section(w, "办理事项", "Items", "·",
             [(i.get("name"), i.get("name_en")) for i in data.get("items", [])])
    _section(w, "材料清单", "Materials checklist", "□",
             [(m.get("zh"), m.get("en")) for m in data.get("materials", [])])
    _section(w, "注意事项", "Precautions", "",
             [(p.get("zh"), p.get("en")) for p in data.get("precautions", [])])
    _section(w, "您的情况", "Your answers", "·", [_answer(a) for a in data.get("answers", [])])
    if data.get("url"):
        w.feed()
        _qr(printer, data["url"])
        w.forget()
        w.line("扫码打开可打印的指引", align="center")
        w.line("Scan for the printable guide", align="center")
    printer.cut()
    return printer.output


def _answer(answer: Mapping[str, Any]) -> tuple[str, str | None]:
    """A form field as filled in each language; a line to write on where it is not."""
    zh = answer.get("value_zh") or answer.get("value") or BLANK
    en = answer.get("value_en") or answer.get("value") or BLANK
    label_en = answer.get("label_en")
    return f"{answer.get('label_zh', '')}：{zh}", f"{label_en}: {en}" if label_en else None


def _section(w: TextWriter, zh: str, en: str, bullet: str,
             rows: list[tuple[str | None, str | None]]) -> None:
    """A heading, then each row in Chinese with its English below, both under the bullet
    ("1." when there is none)."""
    rows = [(a, b) for a, b in rows if a or b]
    if not rows:
        return
    w.feed()
    w.line(f"{zh}  {en}", bold=True)
    for n, (first, second) in enumerate(rows, start=1):
        mark = bullet or f"{n}."
        w.line(f"{mark} {first or second}", hang=len(mark) + 1)
        if first and second:
            w.line(" " * (len(mark) + 1) + second, hang=len(mark) + 1)
