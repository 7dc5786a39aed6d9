"""The codes on a ticket and a guide paper, as SVG: a Code128 barcode and QR codes."""

from __future__ import annotations

import io
from itertools import groupby

import segno
from barcode import Code128


def code128_svg(value: str, *, height: int = 60) -> str:
    """A Code128 barcode (python-barcode encodes it) drawn in module units, so it scales
    to any width crisply; the quiet zone is 10 modules on each side."""
    modules = "".join(Code128(value).build())
    quiet = 10
    bars, x = [], quiet
    for bit, run in groupby(modules):
        width = len(list(run))
        if bit == "1":
            bars.append(f'<rect x="{x}" y="0" width="{width}" height="{height}"/>')
        x += width
    total = x + quiet
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total} {height}" '
        f'preserveAspectRatio="none" shape-rendering="crispEdges" role="img" '
        f'aria-label="{value}"><rect width="{total}" height="{height}" fill="#fff"/>'
        f'<g fill="#000">{"".join(bars)}</g></svg>'
    )


def qr_svg(data: str) -> str:
    """A QR code (error correction M) that scales with its box."""
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="svg", scale=1, border=2, xmldecl=False,
                                     omitsize=True, svgclass="qr", title=data)
    return out.getvalue().decode()
