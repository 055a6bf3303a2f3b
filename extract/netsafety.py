"""Refuse requests to private, loopback, link-local and multicast addresses.

A feed can point anywhere, including at the analyst's own router or a cloud
metadata endpoint. The check runs after DNS resolution (a public name can
resolve to 127.0.0.1) and again on every redirect hop. Hosts listed in
`[fetch].allow_private` (names, addresses or networks) are let through; that is
how the demo and the tests reach their server on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

from extract.errors import BlockedAddress, NetworkError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_forbidden_ip(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise NetworkError(f"cannot resolve host {host!r}: {e}") from None
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


class AddressPolicy:
    """Decides whether a host may be contacted."""

    def __init__(self, allow_private: Iterable[str] = ()) -> None:
        self._names: set[str] = set()
        self._networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in allow_private:
            try:
                self._networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self._names.add(entry.lower().rstrip("."))

    def _allowed(self, host: str, ip: IPAddress) -> bool:
        if host.lower().rstrip(".") in self._names:
            return True
        return any(ip in net for net in self._networks if net.version == ip.version)

    def check(self, host: str, port: int) -> None:
        """Raise BlockedAddress unless every address of `host` may be contacted."""
        host = host.strip("[]")
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            addresses = resolve(host, port)
        for ip in addresses:
            if is_forbidden_ip(ip) and not self._allowed(host, ip):
                raise BlockedAddress(
                    f"refused to contact {host} ({ip}): private/loopback/link-local address "
                    "not listed in [fetch].allow_private"
                )
