"""Refuse requests to private, loopback, link-local and multicast addresses.

A feed can point anywhere, including at the analyst's own router or a cloud
metadata endpoint. The check runs after DNS resolution (a public name can
resolve to 127.0.0.1) and again on every redirect hop. Hosts listed in
`[fetch].allow_private` (names, addresses or networks) are let through; that is
how the demo and the tests reach their server on 127.0.0.1.

Checking a name and then letting the HTTP library resolve it again leaves a
gap: a hostile DNS server can answer a public address to the check and
127.0.0.1 to the connect ("DNS rebinding"). `GuardedBackend` closes it: it is
the httpcore network backend of the Fetcher's client, resolves each new
connection's host once, vets every address, connects to the vetted address
itself and checks the socket's peer again before a byte is sent.

The backend also enforces the Fetcher's total deadline on every socket read
and write, so a server that trickles header or body bytes cannot keep a
request alive past it (httpx's timeouts are per read, not per request).
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
import typing
from collections.abc import Callable, Iterable

import httpcore

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
    """Every address of `host`, in resolver order, without duplicates."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as e:
        raise NetworkError(f"cannot resolve host {host!r}: {e}") from None
    seen: dict[IPAddress, None] = {}
    for info in infos:
        seen.setdefault(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]), None)
    return list(seen)


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

    def check_ip(self, host: str, ip: IPAddress) -> None:
        if is_forbidden_ip(ip) and not self._allowed(host, ip):
            raise BlockedAddress(
                f"refused to contact {host} ({ip}): private/loopback/link-local address "
                "not listed in [fetch].allow_private"
            )

    def vetted(self, host: str, port: int) -> list[IPAddress]:
        """Resolve `host` once; its addresses if every one may be contacted, else BlockedAddress."""
        host = host.strip("[]")
        try:
            addresses: list[IPAddress] = [ipaddress.ip_address(host)]
        except ValueError:
            addresses = resolve(host, port)
        if not addresses:
            raise NetworkError(f"host {host!r} has no address")
        for ip in addresses:
            self.check_ip(host, ip)
        return addresses

    def check(self, host: str, port: int) -> None:
        """Raise BlockedAddress unless every address of `host` may be contacted."""
        self.vetted(host, port)


Deadline = Callable[[], float | None]  # time.monotonic() value, or None for no deadline
OnConnect = Callable[[str, str, int], None]  # host, peer address, port


def _bounded(timeout: float | None, deadline: float | None, what: type[Exception]) -> float | None:
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise what("total deadline passed")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write ends by the request's total deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, self._deadline(), httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, self._deadline(), httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        timeout = _bounded(timeout, self._deadline(), httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, timeout), self._deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore backend that connects only to vetted addresses, by address, never by name again."""

    def __init__(self, policy: AddressPolicy, *, deadline: Deadline = lambda: None,
                 on_connect: OnConnect | None = None) -> None:
        self.policy = policy
        self._deadline = deadline
        self._on_connect = on_connect
        self._plain = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        addresses = self.policy.vetted(host, port)  # raises BlockedAddress: nothing is sent anywhere
        last_error: Exception | None = None
        for ip in addresses:
            # An address literal: SyncBackend does no second DNS lookup.
            try:
                stream = self._plain.connect_tcp(
                    str(ip), port, _bounded(timeout, self._deadline(), httpcore.ConnectTimeout),
                    local_address=local_address, socket_options=socket_options)
            except httpcore.ConnectError as e:
                last_error = e
                continue
            try:
                peer = ipaddress.ip_address(str(stream.get_extra_info("server_addr")[0]).split("%", 1)[0])
                self.policy.check_ip(host, peer)  # the address actually connected, not the one asked for
            except BaseException:
                stream.close()
                raise
            if self._on_connect is not None:
                self._on_connect(host, str(peer), port)
            return _DeadlineStream(stream, self._deadline)
        raise httpcore.ConnectError(f"cannot connect to {host}:{port}: {last_error}")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by the crawler")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
