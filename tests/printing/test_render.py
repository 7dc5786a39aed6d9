"""The ticket and the guide paper as a printer receives them, read back command by command."""

from __future__ import annotations

import datetime as dt

import pytest

from server.printing.render import (
    PrinterStyle,
    TicketPaper,
    number_size,
    render_guide_paper,
    render_ticket,
    window_ranges,
)
from server.printing.text import PrinterSetupError, display_width, find_cjk_font
from tests.conftest import ARTIFACTS
from tests.printing.escpos_reader import QR, Barcode, Cut, Image, preview, read

SCREENSHOTS = ARTIFACTS / "screenshots"

TICKET = TicketPaper(
    center_name="静安区行政服务中心",
    center_name_en="Jing'an District Administrative Service Center", number="A012",
    item_name="食品经营许可—新办（含网络经营）",
    item_name_en="Food business license — new (incl. online sales)",
    windows=[1, 2, 3, 5, 7, 8], ahead=4, estimated_wait_minutes=12,
    issued_at=dt.datetime(2026, 11, 27, 9, 15), code="1-261127-A012",
    status_url="https://hall.example.cn/t/Zx3k9Qw2LmN8pR4tVb6yHc1J", source="walk_in",
)

GUIDE = {
    "center_name": "静安区行政服务中心",
    "center_name_en": "Jing'an District Administrative Service Center",
    "title": "开办超市（标准型，零售，现场制售）",
    "title_en": "Opening a supermarket (standard, retail, food made on site)",
    "items": [{"name": "食品经营许可", "name_en": "Food business license"},
              {"name": "营业执照", "name_en": "Business license"}],
    "materials": [{"zh": "营业执照副本", "en": "Copy of the business license"},
                  {"zh": "法定代表人身份证", "en": "ID card of the legal representative"}],
    "precautions": [{"zh": "现场制售区域需与销售区分开", "en": "Keep on-site preparation apart"}],
    "answers": [{"label_zh": "经营面积", "label_en": "Floor area", "value": "320 m²"},
                {"label_zh": "现场制售", "label_en": "Made on site", "value": "含现场制售",
                 "value_zh": "含现场制售", "value_en": "Food made on site"},
                {"label_zh": "经营者名称", "label_en": "Name of the business", "value": ""}],
    "tickets": ["A012", "B003"],
    "url": "https://hall.example.cn/g/q8Yw2",
}


def test_the_ticket_reads_back_with_a_large_number_a_barcode_a_qr_code_and_the_cut():
    stream = render_ticket(TICKET)
    paper = read(stream)
    number = next(t for t in paper.texts() if t.text.strip() == "A012")
    assert number.width >= 4 and number.height >= 4 and number.bold and number.align == 1
    assert all(t.height == 1 for t in paper.texts() if t is not number and "1-3" not in t.text)
    assert paper.of(Barcode) == [Barcode(73, b"{B1-261127-A012")]  # GS k 73: CODE128
    assert [q.data for q in paper.of(QR)] == [TICKET.status_url]
    assert isinstance(paper.ops[-1], Cut)
    order = [type(op) for op in paper.ops if isinstance(op, Barcode | QR | Cut)]
    assert order == [Barcode, QR, Cut]
    preview(stream, SCREENSHOTS / "printed_ticket.png")


def test_the_ticket_says_where_to_go_how_many_are_ahead_the_wait_and_when_it_was_taken():
    text = read(render_ticket(TICKET)).text()
    for line in ("静安区行政服务中心", "您的号码  Your number", "办理事项：食品经营许可—新办",
                 "Item: Food business license — new", "请到窗口  Go to window", "1-3, 5, 7-8",
                 "前面还有 4 人  4 ahead of you", "预计等候约 12 分钟  About 12 min",
                 "取号时间 Issued  2026-11-27 09:15", "扫码查看排队进度",
                 "Scan to follow your turn"):
        assert line in text
    unknown = read(render_ticket(TicketPaper(**{**TICKET.__dict__, "windows": [],
                                                "estimated_wait_minutes": None,
                                                "source": "reservation"}))).text()
    for line in ("请留意叫号屏", "窗口开放后计算", "预约  Reservation"):
        assert line in unknown


def test_chinese_is_sent_as_gb18030_to_a_printer_in_chinese_mode():
    stream = render_ticket(TICKET)
    assert stream.startswith(b"\x1b@\x1c&")  # ESC @, then FS &: Chinese character mode
    assert "静安区行政服务中心".encode("gb18030") in stream
    # Characters python-escpos's magic encoder would send through single-byte code pages:
    assert "—".encode("gb18030") in stream and "（含网络经营）".encode("gb18030") in stream
    assert b"\x1bt" not in stream  # no ESC t code page switch that would break Chinese mode
    assert read(stream).raw_text.decode("gb18030").count("\ufffd") == 0


@pytest.mark.parametrize("profile", ["default", "POS-5890"])
def test_every_line_fits_the_paper(profile):
    style = PrinterStyle(profile=profile)
    columns = 42 if profile == "default" else 32
    for stream in (render_ticket(TICKET, style), render_guide_paper(GUIDE, style)):
        for t in read(stream).texts():
            for line in t.text.split("\n"):
                assert display_width(line) * t.width <= columns, line


def test_a_58mm_printer_without_native_codes_or_cutter_gets_images_and_a_tear_off_feed():
    stream = render_ticket(TICKET, PrinterStyle(profile="POS-5890"))
    paper = read(stream)
    assert not paper.of(QR) and not paper.of(Barcode)
    images = paper.of(Image)
    assert len(images) == 2 and all(i.width <= 384 for i in images)
    assert not paper.of(Cut) and stream.endswith(b"\x1bd\x06")  # feed 6 lines to tear off


def test_the_raster_way_draws_chinese_lines_as_images_and_keeps_the_number_as_text():
    try:
        find_cjk_font()
    except PrinterSetupError as exc:
        pytest.skip(str(exc))
    stream = render_ticket(TICKET, PrinterStyle(chinese="raster"))
    paper = read(stream)
    assert not paper.chinese_mode and "静安".encode("gb18030") not in stream
    assert len(paper.of(Image)) >= 8
    number = next(t for t in paper.texts() if t.text.strip() == "A012")
    assert number.width >= 4 and paper.of(QR)[0].data == TICKET.status_url
    preview(stream, SCREENSHOTS / "printed_ticket_raster.png")


def test_the_guide_paper_carries_items_materials_precautions_answers_and_its_link():
    stream = render_guide_paper(GUIDE)
    paper = read(stream)
    text = paper.text()
    for line in ("办事指引\nService guide", "开办超市（标准型，零售，现场制售）",
                 "您的号码  Your numbers: A012, B003",
                 "· 食品经营许可\n  Food business license", "材料清单  Materials checklist",
                 "□ 营业执照副本\n  Copy of the business license",
                 "1. 现场制售区域需与销售区分开\n   Keep on-site preparation apart",
                 "· 经营面积：320 m²\n  Floor area: 320 m²",
                 "· 现场制售：含现场制售\n  Made on site: Food made on site",
                 "· 经营者名称：________\n  Name of the business: ________"):
        assert line in text
    assert paper.of(QR)[0].data == GUIDE["url"] and isinstance(paper.ops[-1], Cut)
    preview(stream, SCREENSHOTS / "printed_guide_paper.png")


def test_settings_that_cannot_work_are_refused_with_what_to_set():
    with pytest.raises(PrinterSetupError, match="QMS_PRINTER_PROFILE 'TM-XYZ'"):
        render_ticket(TICKET, PrinterStyle(profile="TM-XYZ"))
    with pytest.raises(PrinterSetupError, match="QMS_PRINTER_CHINESE is one of gb18030, raster"):
        render_ticket(TICKET, PrinterStyle(chinese="big5"))
    with pytest.raises(PrinterSetupError, match="does not exist"):
        render_ticket(TICKET, PrinterStyle(chinese="raster", font_path="/no/such/font.ttf"))


def test_window_lists_and_number_sizes_fit_the_line():
    assert window_ranges([8, 1, 2, 3, 5, 7]) == "1-3, 5, 7-8"
    assert window_ranges([4]) == "4" and window_ranges([]) == ""
    assert number_size("A012", 42) == 5 and number_size("R0123", 32) == 5
    assert number_size("VIP-A0012", 32) == 3
