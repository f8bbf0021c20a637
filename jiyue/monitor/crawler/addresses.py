"""Which addresses a crawl may connect to (SSRF: docs/decisions/0512).

A crawl started for a site that is not on the platform must not reach the machine
it runs on, the internal network or a cloud's metadata service (169.254.169.254).
``is_public`` says whether an address may be connected to; ``PublicOnlyResolver``
is the aiohttp resolver that refuses a host name when any of its addresses is not
public. The crawler connects only to the addresses the resolver returned, so a name
that changes its answer between a check and the connection (DNS rebinding) is
checked again at the connection itself.
"""

from __future__ import annotations

import ipaddress
import socket

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class NonPublicAddressError(OSError):
    """A host is, or resolves to, an address the crawl may not connect to."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} -> {address}")
        self.host = host
        self.address = address


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(address: str | IPAddress) -> bool:
    """Whether ``address`` is a global unicast address: not loopback, private
    (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10),
    shared (100.64/10), unspecified, multicast or reserved."""
    try:
        ip = ipaddress.ip_address(str(address).strip("[]").split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return is_public(embedded)
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_reserved
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_unspecified
        or ip.is_private
    )


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return False
    return True


def is_localhost_name(host: str) -> bool:
    """``localhost`` and ``*.localhost`` always mean this machine (RFC 6761)."""
    host = host.lower().rstrip(".")
    return host == "localhost" or host.endswith(".localhost")


def check_addresses(host: str, addresses: list[str]) -> None:
    """Raises :class:`NonPublicAddressError` unless every address is public."""
    if not addresses:
        raise NonPublicAddressError(host, "")
    for address in addresses:
        if not is_public(address):
            raise NonPublicAddressError(host, address)


def resolve(host: str, port: int = 80) -> list[str]:
    """Every address ``host`` resolves to (an IP literal: itself); ``OSError``
    when the name does not resolve."""
    bare = host.strip("[]")
    if is_ip_literal(bare):
        return [bare]
    infos = socket.getaddrinfo(bare, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_host(host: str, port: int = 80) -> None:
    """Raises :class:`NonPublicAddressError` when ``host`` is a localhost name or
    any address it resolves to is not public; a name that does not resolve passes
    (the crawl reports it unreachable, and the resolver checks again)."""
    if is_localhost_name(host):
        raise NonPublicAddressError(host, "127.0.0.1")
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError):
        return
    check_addresses(host, addresses)


class PublicOnlyResolver(AbstractResolver):
    """aiohttp's resolver, refusing a name when any of its addresses is not public
    (names in ``exempt``, the platform's own sites, resolve as usual)."""

    def __init__(self, exempt: frozenset[str] = frozenset()) -> None:
        self._resolver = ThreadedResolver()  # the system resolver, as the pre-check
        self._exempt = frozenset(h.lower().rstrip(".") for h in exempt)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._resolver.resolve(host, port, family=family)
        if host.lower().rstrip(".") not in self._exempt:
            check_addresses(host, [str(entry["host"]) for entry in found])
        return found

    async def close(self) -> None:
        await self._resolver.close()
