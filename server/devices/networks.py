"""Where the server may print: a kiosk's network printer is on the hall's printer network.

A manager sets a kiosk's printer ("network:HOST:PORT") and the server then connects
there and writes bytes: without a limit that is a way to reach any host and port
the server can (its database, a cloud metadata address, the loopback). The
networks and ports are settings (QMS_PRINTER_ALLOWED_NETWORKS, _PORTS).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

from server.errors import InvalidRequest


@dataclass(frozen=True)
class PrinterNetworks:
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
    ports: tuple[tuple[int, int], ...]

    @classmethod
    def from_settings(cls, networks: str, ports: str) -> PrinterNetworks:
        nets = tuple(ipaddress.ip_network(n.strip(), strict=False)
                     for n in networks.split(",") if n.strip())
        spans = []
        for part in ports.split(","):
            low, _, high = part.strip().partition("-")
            if low:
                spans.append((int(low), int(high or low)))
        return cls(networks=nets, ports=tuple(spans))

    def check(self, host: str, port: int) -> None:
        """Refuse (400) a printer outside the allowed networks and ports."""
        if not any(low <= port <= high for low, high in self.ports):
            allowed = ", ".join(f"{lo}-{hi}" if lo != hi else str(lo) for lo, hi in self.ports)
            raise InvalidRequest("A network printer listens on port {allowed}, not {port}.",
                                 allowed=allowed, port=port)
        addresses = _addresses(host)
        if not addresses:
            raise InvalidRequest("The printer host {host!r} is not known on this network.",
                                 host=host)
        outside = [a for a in addresses if not any(a in net for net in self.networks)]
        if outside:
            raise InvalidRequest(
                "The printer {host} ({address}) is outside the printer networks ({networks}); "
                "see QMS_PRINTER_ALLOWED_NETWORKS.", host=host, address=str(outside[0]),
                networks=", ".join(map(str, self.networks)) or "none")


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return []
    return sorted({ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}, key=str)
