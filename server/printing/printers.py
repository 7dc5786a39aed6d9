"""Printer addresses ("usb:VID:PID", "serial:DEVICE", "file:PATH", "network:HOST[:PORT]"),
the python-escpos printer behind each, and the printer's paper state.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from escpos.escpos import Escpos
from escpos.printer import File, Network

FORMS = "usb:VID:PID, serial:DEVICE[@BAUD], file:PATH or network:HOST[:PORT]"
PRINTER_STATES = ("online", "paper_low", "paper_out", "error", "offline")
PAPER_STATUS = b"\x10\x04\x04"  # DLE EOT 4: the paper roll sensor, answered in real time
NETWORK_PORT = 9100


class PrinterTrouble(Exception):
    """The printer cannot take paper now; `state` is one of PRINTER_STATES."""

    def __init__(self, state: str, detail: str) -> None:
        super().__init__(detail)
        self.state = state
        self.detail = detail


@dataclass(frozen=True)
class PrinterSpec:
    kind: str
    target: str
    port: int = 0
    vendor: int = 0
    product: int = 0
    baudrate: int = 9600

    def __str__(self) -> str:
        if self.kind == "network":
            return f"network:{self.target}:{self.port}"
        if self.kind == "usb":
            return f"usb:{self.vendor:04x}:{self.product:04x}"
        return f"{self.kind}:{self.target}"


def _hex(value: str, what: str, spec: str) -> int:
    try:
        return int(value, 16)
    except ValueError:
        raise ValueError(f"{spec!r}: the USB {what} id is hexadecimal, e.g. usb:0416:5011."
                         ) from None


def parse_printer(spec: str) -> PrinterSpec:
    """The printer an address names; a ValueError says which forms exist."""
    kind, _, rest = spec.strip().partition(":")
    kind = kind.lower()
    if kind == "network" and rest:
        host, _, port = rest.rpartition(":") if rest.count(":") == 1 else (rest, "", "")
        try:
            number = int(port) if port else NETWORK_PORT
        except ValueError:
            raise ValueError(f"{spec!r}: the port is a number, e.g. network:10.0.0.9:9100."
                             ) from None
        if not 0 < number < 65536:
            raise ValueError(f"{spec!r}: the port is between 1 and 65535.")
        return PrinterSpec("network", host or rest, port=number)
    if kind == "usb" and rest.count(":") == 1:
        vendor, product = rest.split(":")
        return PrinterSpec("usb", rest, vendor=_hex(vendor, "vendor", spec),
                           product=_hex(product, "product", spec))
    if kind == "serial" and rest:
        device, _, baud = rest.partition("@")
        if baud and not baud.isdigit():
            raise ValueError(f"{spec!r}: the baud rate is a number, e.g. serial:/dev/ttyS0@19200.")
        return PrinterSpec("serial", device, baudrate=int(baud) if baud else 9600)
    if kind == "file" and rest:
        return PrinterSpec("file", rest)
    raise ValueError(f"{spec!r} is not a printer; give {FORMS}.")


class AppendFile(File):
    """A file printer that appends: a device (/dev/usb/lp0) or a file that keeps every paper."""

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            self.close()
        try:
            self.device = open(self.devfile, "ab")  # noqa: SIM115 (held while the agent runs)
        except OSError as exc:
            self.device = None
            raise PrinterTrouble("offline", f"Cannot open {self.devfile}: {exc.strerror}."
                                 ) from exc


def open_printer(spec: PrinterSpec, *, timeout: float = 5.0, profile: str = "default") -> Escpos:
    """The python-escpos printer for an address, connected (PrinterTrouble when it is not)."""
    if spec.kind in ("usb", "serial"):
        from escpos.printer import Serial, Usb

        kind = Usb if spec.kind == "usb" else Serial
        if not kind.is_usable():
            raise PrinterTrouble("error", f"A {spec.kind} printer needs an extra package: "
                                          "pip install 'hallqueue[kiosk]' (pyusb, pyserial).")
    if spec.kind == "network":
        printer: Escpos = Network(spec.target, port=spec.port, timeout=timeout, profile=profile)
    elif spec.kind == "file":
        printer = AppendFile(spec.target, profile=profile)
    elif spec.kind == "usb":
        printer = Usb(spec.vendor, spec.product, timeout=int(timeout * 1000), profile=profile)
    else:
        printer = Serial(spec.target, baudrate=spec.baudrate, timeout=timeout, profile=profile)
    try:
        printer.open()
    except PrinterTrouble:
        raise
    except Exception as exc:
        if spec.kind == "network":
            detail = (f"The printer at {spec.target}:{spec.port} does not take connections; "
                      "is it switched on and on the network?")
        else:
            detail = f"The printer {spec} is not reachable: {' '.join(str(exc).split())}"
        raise PrinterTrouble("offline", detail) from exc
    return printer


def paper_state(status: int) -> str:
    """The paper state in a DLE EOT 4 answer: bits 5-6 paper end, bits 2-3 near end."""
    if status & 0x60:
        return "paper_out"
    if status & 0x0C:
        return "paper_low"
    return "online"


def probe(printer: Escpos, spec: PrinterSpec) -> str:
    """The printer's paper state; "online" when it cannot tell (a file, a silent USB cable).

    A network printer must answer the real-time status request: one that accepts
    the connection but never answers is taken as hung, not as online, so that
    its papers stay pending instead of vanishing into a socket.
    """
    if spec.kind == "file":
        return "online"
    try:
        printer._raw(PAPER_STATUS)
        answer = printer._read()
    except TimeoutError as exc:
        if spec.kind != "network":
            return "online"
        raise PrinterTrouble("error", f"The printer {spec} does not answer.") from exc
    except Exception as exc:
        if spec.kind != "network":
            return "online"
        raise PrinterTrouble("error", f"The printer {spec} failed: {exc}") from exc
    if not answer:
        if spec.kind == "network":
            raise PrinterTrouble("offline", f"The printer {spec} closed the connection.")
        return "online"
    state = paper_state(answer[-1])
    if state == "paper_out":
        raise PrinterTrouble("paper_out", "The printer is out of paper.")
    return state


def print_bytes(printer: Escpos, spec: PrinterSpec, data: bytes) -> None:
    try:
        printer._raw(data)
        if hasattr(printer, "flush"):
            printer.flush()
    except Exception as exc:
        raise PrinterTrouble("error", f"The printer {spec} stopped while printing: {exc}"
                             ) from exc


def close_quietly(printer: Escpos | None) -> None:
    if printer is None:
        return
    with contextlib.suppress(Exception):
        printer.close()
