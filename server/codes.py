"""The codes on tickets, guide papers and bookings, as SVG: Code128 barcodes and QR codes."""

from __future__ import annotations

import io
from itertools import groupby

import segno
from barcode import Code128


def code128_svg(value: str, *, height: int = 60, scale: float | None = None) -> str:
    """A Code128 barcode (python-barcode encodes it) drawn in module units, so it scales
    to any width crisply; the quiet zone is 10 modules on each side. With `scale` the
    image has its own size (`scale` pixels a module), for a page that does not size it."""
    modules = "".join(Code128(value).build())
    quiet = 10
    bars, x = [], quiet
    for bit, run in groupby(modules):
        width = len(list(run))
        if bit == "1":
            bars.append(f'<rect x="{x}" y="0" width="{width}" height="{height}"/>')
        x += width
    total = x + quiet
    size = f'width="{total * scale:g}" height="{height * scale:g}" ' if scale else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" {size}viewBox="0 0 {total} {height}" '
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
