"""Where a webhook may point: http(s) on a public address, unless private ones are allowed.

A subscriber's address is checked when it is registered and again before each send (a
name may resolve elsewhere later): the hall's server must not become a way into the
hall's own network (the database, printers, the router).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


def refusal(url: str, *, allow_private: bool) -> str | None:
    """Why the hall will not send to `url`, or None when it may."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "The address is not a valid URL."
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "The address must be an http:// or https:// URL with a host."
    if parts.username or parts.password:
        return "Put no user name or password in the address; the secret signs each body."
    try:
        found = socket.getaddrinfo(parts.hostname, port or (443 if parts.scheme == "https"
                                                            else 80), type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return f"The host {parts.hostname} cannot be resolved."
    if allow_private:
        return None
    for *_, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            return (f"The host {parts.hostname} is a private, loopback or reserved address "
                    f"({address}); only public receivers are allowed.")
    return None
