"""Lines of text on an ESC/POS printer, Chinese included.

Two ways to get Chinese onto the paper (see the README, "Printing Chinese"):

- `gb18030` (default): the printer's own Chinese font. The stream switches the
  printer into Chinese character mode (FS &) and every line is encoded as
  GB18030, of which GBK and ASCII are subsets. This is what the thermal
  printers sold in China (Xprinter, Gprinter, HPRT, SNBC, Rongta, Sunmi, the
  Chinese Epson models) read. We do not use python-escpos's `text()`: its
  magic encoder has no GB18030 code page in any profile and only sends a line
  as GB18030 when it holds a character in U+4E00..U+9FA5; other lines go out in
  single-byte code pages after an ESC t switch (a "·" or "—" becomes a byte
  that a printer in Chinese mode reads as half of a Chinese character), and
  rarer characters become "?".
- `raster`: every line that is not plain ASCII is drawn with a CJK font and
  sent as a raster image (GS v 0). For printers without a Chinese font; slower
  and some kilobytes per line.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from escpos.escpos import Escpos

CHINESE_MODES = ("gb18030", "raster")
FS_CHINESE_ON = b"\x1c&"
ASCII_DOTS = 12  # font A: 12 x 24 dots; a Chinese character is 24 x 24
LINE_DOTS = 24

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


class PrinterSetupError(RuntimeError):
    """The printing settings cannot work on this machine; the message says what to set."""


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """python-escpos `print()`s notes ("Using hardware barcode renderer") to stdout."""
    with contextlib.redirect_stdout(io.StringIO()):
        yield


def display_width(text: str) -> int:
    """Columns the text takes in font A. Whatever is not ASCII goes out as a GB18030 multibyte
    character and prints in the 24-dot Chinese font: two columns ("□", "—" and "²" too)."""
    return sum(1 if ord(c) < 128 else 2 for c in text)


def _tokens(text: str) -> list[str]:
    """Latin words and spaces stay whole; each wide character is a token of its own."""
    out: list[str] = []
    word = ""
    for char in text:
        if char == " " or display_width(char) == 2:
            if word:
                out.append(word)
                word = ""
            out.append(char)
        else:
            word += char
    if word:
        out.append(word)
    return out


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most `columns` display columns, broken between words or wide characters."""
    columns = max(1, columns)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _tokens(paragraph):
            if display_width(line + token) <= columns:
                line += token
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = "" if token == " " else token
            while display_width(line) > columns:
                cut = _fit(line, columns)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines


def _fit(text: str, columns: int) -> int:
    used = 0
    for i, char in enumerate(text):
        used += display_width(char)
        if used > columns:
            return max(1, i)
    return len(text)


class TextWriter:
    """Writes styled, wrapped lines to a python-escpos printer (a Dummy, to collect bytes)."""

    def __init__(self, printer: Escpos, *, chinese: str = "gb18030", font_path: str = "") -> None:
        if chinese not in CHINESE_MODES:
            raise PrinterSetupError(
                f"QMS_PRINTER_CHINESE is one of {', '.join(CHINESE_MODES)}, not {chinese!r}."
            )
        self.printer = printer
        self.chinese = chinese
        self.columns = _columns(printer)
        self.width_dots = _width_dots(printer, self.columns)
        self.font_path = font_path
        self._style: tuple[str | None, int | None, bool | None] = ("left", 1, False)
        if chinese == "raster":
            self.font_path = font_path or find_cjk_font()

    def start(self) -> None:
        self.printer.hw("INIT")
        self._style = ("left", 1, False)  # what ESC @ leaves
        if self.chinese == "gb18030":
            self.printer._raw(FS_CHINESE_ON)

    def forget(self) -> None:
        """Styles were changed behind the writer's back (a barcode centers itself)."""
        self._style = (None, None, None)

    def _set(self, align: str, size: int, bold: bool) -> None:
        now_align, now_size, now_bold = self._style
        if align != now_align:
            self.printer.set(align=align)
        if size != now_size:
            self.printer.set(custom_size=True, width=size, height=size)
        if bold != now_bold:
            self.printer.set(bold=bold)
        self._style = (align, size, bold)

    def line(self, text: str, *, align: str = "left", size: int = 1, bold: bool = False,
             hang: int = 0) -> None:
        """One paragraph, wrapped; `hang` indents the lines after the first (under a bullet)."""
        lines = wrap(text, self.columns // size)
        if hang and len(lines) > 1:
            rest = wrap(text[len(lines[0]):].lstrip(" "), self.columns // size - hang)
            lines = [lines[0], *(" " * hang + line for line in rest)]
        if self.chinese == "raster" and not text.isascii():
            self._raster(lines, align=align, size=size, bold=bold)
            return
        self._set(align, size, bold)
        self.printer._raw("".join(f"{line}\n" for line in lines).encode("gb18030"))

    def rule(self, char: str = "-") -> None:
        self.line(char * self.columns)

    def feed(self, lines: int = 1) -> None:
        self.printer._raw(b"\n" * lines)

    def _raster(self, lines: list[str], *, align: str, size: int, bold: bool) -> None:
        """Each line as an image just as wide as its text, placed by the printer's own
        justification like a line of text."""
        from PIL import Image, ImageDraw

        font = _font(self.font_path, LINE_DOTS * size)
        height = LINE_DOTS * size + 4
        self._set(align, 1, False)
        for text in lines:
            if not text.strip():
                self.feed()
                continue
            width = min(self.width_dots, int(font.getlength(text)) + 2)
            image = Image.new("1", (width, height), 1)
            ImageDraw.Draw(image).text((0, 0), text, font=font, fill=0,
                                       stroke_width=1 if bold else 0, stroke_fill=0)
            with quiet():
                self.printer.image(image, impl="bitImageRaster")


def _columns(printer: Escpos) -> int:
    try:
        return int(printer.profile.get_columns("a"))
    except Exception:
        return 32


def _width_dots(printer: Escpos, columns: int) -> int:
    pixels = printer.profile.profile_data.get("media", {}).get("width", {}).get("pixels")
    return pixels if isinstance(pixels, int) else columns * ASCII_DOTS


def find_cjk_font() -> str:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return path
    raise PrinterSetupError(
        "Raster printing needs a Chinese font: install one (apt install fonts-noto-cjk) or "
        "set QMS_PRINTER_FONT to a .ttf/.ttc/.otf file."
    )


@lru_cache(maxsize=16)
def _font(path: str, size: int):
    """The font's Simplified Chinese face (a .ttc holds JP, KR, SC, TC faces)."""
    from PIL import ImageFont

    if not Path(path).exists():
        raise PrinterSetupError(f"QMS_PRINTER_FONT {path!r} does not exist.")
    for index in range(8):
        try:
            font = ImageFont.truetype(path, size, index=index)
        except OSError:
            break
        if " SC" in " ".join(font.getname()) or (index == 0 and not path.endswith(".ttc")):
            return font
    return ImageFont.truetype(path, size)
