"""Printer addresses as an installer types them, and what a printer's status byte means."""

from __future__ import annotations

import pytest

from server.printing.printers import (
    PrinterSpec,
    PrinterTrouble,
    open_printer,
    paper_state,
    parse_printer,
)


@pytest.mark.parametrize("text, spec, shown", [
    ("usb:0416:5011", PrinterSpec("usb", "0416:5011", vendor=0x0416, product=0x5011),
     "usb:0416:5011"),
    ("serial:/dev/ttyUSB0@19200", PrinterSpec("serial", "/dev/ttyUSB0", baudrate=19200),
     "serial:/dev/ttyUSB0"),
    ("file:/dev/usb/lp0", PrinterSpec("file", "/dev/usb/lp0"), "file:/dev/usb/lp0"),
    ("network:10.0.8.31", PrinterSpec("network", "10.0.8.31", port=9100),
     "network:10.0.8.31:9100"),
    ("NETWORK:printer.hall.local:9101", PrinterSpec("network", "printer.hall.local", port=9101),
     "network:printer.hall.local:9101"),
])
def test_the_four_printer_forms(text, spec, shown):
    assert parse_printer(text) == spec and str(spec) == shown


@pytest.mark.parametrize("text, says", [
    ("lpt1", "give usb:VID:PID, serial:DEVICE[@BAUD], file:PATH or network:HOST[:PORT]"),
    ("usb:0416", "is not a printer"), ("usb:xyz:5011", "hexadecimal"),
    ("network:10.0.8.31:http", "the port is a number"), ("serial:/dev/ttyS0@fast", "baud"),
])
def test_a_mistyped_printer_is_refused_with_the_right_form(text, says):
    with pytest.raises(ValueError, match=says.replace("[", r"\[").replace("]", r"\]")):
        parse_printer(text)


def test_the_paper_sensor_answer():
    assert paper_state(0x12) == "online"
    assert paper_state(0x1E) == "paper_low"
    assert paper_state(0x72) == "paper_out" and paper_state(0x7E) == "paper_out"


def test_a_usb_printer_without_pyusb_says_what_to_install(monkeypatch):
    monkeypatch.setattr("escpos.printer.usb._DEP_USB", False)  # as where pyusb is not installed
    with pytest.raises(PrinterTrouble, match=r"pip install 'hallqueue\[kiosk\]'") as trouble:
        open_printer(parse_printer("usb:0416:5011"))
    assert trouble.value.state == "error"
