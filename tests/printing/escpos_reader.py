"""Reading an ESC/POS stream back: what a printer would do with it, op by op.

Only what our papers use is understood; anything else fails loudly, so a test
notices a command it did not expect. `preview()` draws the ops as a PNG so that
a person can look at a paper without a printer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10
CONTROL = {ESC, GS, FS, DLE}
ONE_BYTE_ESC = {ord(c) for c in "a!Et-GM{VJd3"}


@dataclass
class Text:
    text: str
    width: int
    height: int
    bold: bool
    align: int


@dataclass
class Barcode:
    system: int
    data: bytes


@dataclass
class QR:
    data: str
    module: int


@dataclass
class Image:
    width: int
    height: int
    rows: list[list[bool]]
    align: int = 0


@dataclass
class Cut:
    mode: int


@dataclass
class Paper:
    ops: list = field(default_factory=list)
    chinese_mode: bool = False
    raw_text: bytes = b""

    def texts(self) -> list[Text]:
        return [op for op in self.ops if isinstance(op, Text)]

    def text(self) -> str:
        return "".join(t.text for t in self.texts())

    def of(self, kind: type) -> list:
        return [op for op in self.ops if isinstance(op, kind)]


def read(stream: bytes) -> Paper:
    paper = Paper()
    width = height = 1
    bold = False
    align = 0
    qr_module = 3
    i = 0
    n = len(stream)

    def take(count: int) -> bytes:
        nonlocal i
        chunk = stream[i:i + count]
        assert len(chunk) == count, f"the stream ends inside a command at {i}"
        i += count
        return chunk

    while i < n:
        b = stream[i]
        if b not in CONTROL:
            start = i
            while i < n and stream[i] not in CONTROL:
                i += 1
            raw = stream[start:i]
            paper.raw_text += raw
            paper.ops.append(Text(raw.decode("gb18030"), width, height, bold, align))
            continue
        i += 1
        cmd = take(1)[0]
        if b == ESC:
            if cmd == ord("@"):
                width = height = 1
                bold, align = False, 0
            elif cmd == ord("!"):
                mode = take(1)[0]
                width, height = (2 if mode & 0x20 else 1), (2 if mode & 0x10 else 1)
                bold = bool(mode & 0x08)
            elif cmd == ord("E"):
                bold = bool(take(1)[0])
            elif cmd == ord("a"):
                align = take(1)[0] % 48
            elif cmd == ord("2"):
                pass
            elif cmd == ord("*"):
                m = take(1)[0]
                count = int.from_bytes(take(2), "little")
                take(count * (3 if m & 0x20 else 1))
            elif cmd in ONE_BYTE_ESC:
                take(1)
            else:
                raise AssertionError(f"unknown ESC {cmd:#x} at {i - 2}")
        elif b == GS:
            if cmd == ord("!"):
                size = take(1)[0]
                width, height = (size >> 4) + 1, (size & 0x0F) + 1
            elif cmd in (ord("h"), ord("w"), ord("f"), ord("H")):
                take(1)
            elif cmd == ord("k"):
                system = take(1)[0]
                if system >= 65:
                    paper.ops.append(Barcode(system, take(take(1)[0])))
                else:
                    end = stream.index(b"\x00", i)
                    paper.ops.append(Barcode(system, take(end - i)))
                    take(1)
            elif cmd == ord("("):
                fn_group = take(1)
                length = int.from_bytes(take(2), "little")
                payload = take(length)
                if fn_group == b"k" and payload[:2] == b"1C":
                    qr_module = payload[2]
                if fn_group == b"k" and payload[:3] == b"1P0":
                    paper.ops.append(QR(payload[3:].decode("utf-8"), qr_module))
            elif cmd == ord("v"):
                take(2)
                xbytes = int.from_bytes(take(2), "little")
                rows = int.from_bytes(take(2), "little")
                data = take(xbytes * rows)
                bits = [[bool(data[r * xbytes + c // 8] & (0x80 >> (c % 8)))
                         for c in range(xbytes * 8)] for r in range(rows)]
                paper.ops.append(Image(xbytes * 8, rows, bits, align))
            elif cmd == ord("V"):
                mode = take(1)[0]
                if mode in (65, 66):
                    take(1)
                paper.ops.append(Cut(mode))
            else:
                raise AssertionError(f"unknown GS {cmd:#x} at {i - 2}")
        elif b == FS:
            if cmd == ord("&"):
                paper.chinese_mode = True
            elif cmd == ord("."):
                paper.chinese_mode = False
            else:
                raise AssertionError(f"unknown FS {cmd:#x} at {i - 2}")
        elif b == DLE:
            take(1)
    return paper


FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def preview(stream: bytes, path: Path, width: int = 576) -> Path:
    """Draw a paper as a printer would, roughly: text, barcodes, QR codes, images, the cut."""
    import barcode
    import segno
    from barcode.writer import ImageWriter
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    paper = read(stream)
    blocks: list[PILImage.Image] = []
    line: list[Text] = []

    def font(size: int):
        return ImageFont.truetype(str(FONT), size, index=2) if FONT.exists() \
            else ImageFont.load_default(size)

    def flush_line() -> None:
        if not line:
            return
        h = max(t.height for t in line) * 34
        img = PILImage.new("L", (width, h), 255)
        draw = ImageDraw.Draw(img)
        text = "".join(t.text for t in line)
        first = line[0]
        f = font(24 * first.height)
        x_scale = first.width / first.height
        w = draw.textlength(text, font=f) * x_scale
        x = {1: (width - w) / 2, 2: width - w}.get(first.align, 0)
        glyphs = PILImage.new("L", (int(w / x_scale) + 4, h), 255)
        ImageDraw.Draw(glyphs).text((0, 0), text, font=f, fill=0,
                                    stroke_width=1 if first.bold else 0, stroke_fill=0)
        glyphs = glyphs.resize((max(1, int(glyphs.width * x_scale)), h))
        img.paste(glyphs, (int(max(0, x)), 0))
        blocks.append(img)
        line.clear()

    for op in paper.ops:
        if isinstance(op, Text):
            parts = op.text.split("\n")
            for k, part in enumerate(parts):
                if part:
                    line.append(Text(part, op.width, op.height, op.bold, op.align))
                if k < len(parts) - 1:
                    if not line:
                        blocks.append(PILImage.new("L", (width, 34), 255))
                    flush_line()
        elif isinstance(op, Barcode):
            flush_line()
            code = op.data.decode("ascii")[2:] if op.data[:1] == b"{" else op.data.decode()
            img = barcode.get("code128", code, writer=ImageWriter()).render(
                {"module_height": 8, "font_size": 8, "text_distance": 4, "quiet_zone": 2})
            img = img.convert("L")
            img.thumbnail((width, 160))
            canvas = PILImage.new("L", (width, img.height), 255)
            canvas.paste(img, ((width - img.width) // 2, 0))
            blocks.append(canvas)
        elif isinstance(op, QR):
            flush_line()
            qr = segno.make(op.data, error="m")
            size = qr.symbol_size(scale=op.module)[0]
            img = PILImage.new("L", (width, size), 255)
            qr_img = PILImage.new("L", (size, size), 255)
            draw = ImageDraw.Draw(qr_img)
            for r, row in enumerate(qr.matrix_iter(scale=op.module, border=1)):
                for c, dark in enumerate(row):
                    if dark:
                        draw.point((c, r), 0)
            img.paste(qr_img, ((width - size) // 2, 0))
            blocks.append(img)
        elif isinstance(op, Image):
            flush_line()
            img = PILImage.new("L", (width, op.height), 255)
            left = max(0, (width - op.width) // 2) if op.align == 1 else 0
            for r, row in enumerate(op.rows):
                for c, dark in enumerate(row[:width - left]):
                    if dark:
                        img.putpixel((left + c, r), 0)
            blocks.append(img)
        elif isinstance(op, Cut):
            flush_line()
            img = PILImage.new("L", (width, 20), 255)
            ImageDraw.Draw(img).line((0, 10, width, 10), fill=128, width=2)
            blocks.append(img)
    flush_line()
    margin = 24
    total = sum(b.height for b in blocks) + 2 * margin
    sheet = PILImage.new("L", (width + 2 * margin, total), 255)
    y = margin
    for block in blocks:
        sheet.paste(block, (margin, y))
        y += block.height
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path)
    return path
