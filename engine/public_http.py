"""HTTP to public addresses only, for URLs that users give us (a reference recording, a webhook).

A URL's host is resolved once and every address it resolves to must be public (unless the host is
allow-listed); the request then goes to that checked address, with the real name in Host and SNI,
so a second DNS answer cannot swap in a private one (DNS rebinding). Redirects are the caller's
business: each hop is a new `public_target`.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from engine.errors import invalid_params

DEFAULT_PORTS = {"http": 80, "https": 443}

Resolver = Callable[..., list]


@dataclass(frozen=True)
class PublicTarget:
    """Where a checked URL goes: the URL as given, its host and port, and the address to dial."""

    url: str
    scheme: str
    host: str
    port: int
    address: str


def public_target(
    url: str,
    *,
    field: str,
    allow_hosts: frozenset[str] = frozenset(),
    resolver: Resolver = socket.getaddrinfo,
) -> PublicTarget:
    """`url` checked: http(s), a host whose every address is public or that is allow-listed
    (`allow_hosts`, lower case). Refusals are 2013 errors whose message starts with `field`."""
    try:
        parts = urlsplit(url)
        httpx.URL(url)  # what the request will be built from must take it too
    except (ValueError, httpx.InvalidURL) as error:
        raise invalid_params(f"{field}: not a valid URL") from error
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise invalid_params(f"{field}: only http and https URLs, got {scheme or 'none'}")
    host = (parts.hostname or "").lower()
    if not host:
        raise invalid_params(f"{field}: the URL has no host")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError as error:
        raise invalid_params(f"{field}: the URL has a bad port") from error
    address = _resolve(host, port, host in allow_hosts, resolver, field)
    return PublicTarget(url=url, scheme=scheme, host=host, port=port, address=address)


def pinned_request(
    client: httpx.Client,
    method: str,
    target: PublicTarget,
    *,
    headers: dict[str, str] | None = None,
    content: bytes | None = None,
) -> httpx.Request:
    """A request for `target.url` aimed at its checked address, with the real host in Host and
    SNI (the certificate is checked against the name asked for, not the address dialled)."""
    pinned = httpx.URL(target.url).copy_with(host=target.address, port=target.port)
    default_port = target.port == DEFAULT_PORTS[target.scheme]
    host_header = target.host if default_port else f"{target.host}:{target.port}"
    return client.build_request(
        method,
        pinned,
        headers={"Host": host_header, **(headers or {})},
        content=content,
        extensions={"sni_hostname": target.host},
    )


def _resolve(host: str, port: int, allowed: bool, resolver: Resolver, field: str) -> str:
    """One address for `host`; refuse when any of its addresses is not public (unless allowed)."""
    try:
        answers = resolver(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise invalid_params(f"{field}: the host {host} cannot be resolved") from error
    addresses = [answer[4][0] for answer in answers]
    if not addresses:
        raise invalid_params(f"{field}: the host {host} cannot be resolved")
    if not allowed:
        for address in addresses:
            if not is_public_address(address):
                raise invalid_params(f"{field}: the host {host} is a private or reserved address")
    return addresses[0]


# NAT64 prefixes (RFC 6052, RFC 8215): a translator sends traffic for these to the IPv4 inside.
NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
NAT64_LOCAL_USE = ipaddress.IPv6Network("64:ff9b:1::/48")
# The prefix lengths a local-use NAT64 network inside 64:ff9b:1::/48 may have (RFC 6052 2.2).
NAT64_LOCAL_PREFIX_LENGTHS = (48, 56, 64, 96)


def is_public_address(address: str) -> bool:
    """True for an address on the public internet: not loopback, private, link-local, multicast...

    An IPv6 address that carries an IPv4 address (6to4, Teredo, NAT64, IPv4-compatible) is public
    only if every IPv4 inside it is too: a relay or translator would deliver the request there."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv4Address):
        return _is_public(ip)
    if ip.ipv4_mapped is not None:  # the IPv4 address itself, as a dual-stack socket writes it
        return _is_public(ip.ipv4_mapped)
    return _is_public(ip) and all(_is_public(inside) for inside in embedded_ipv4(ip))


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: IPv4-mapped and -compatible (::ffff:a.b.c.d,
    ::a.b.c.d), 6to4 (2002::/16), Teredo's server and client (2001::/32), NAT64 (64:ff9b::/96,
    and each place RFC 6052 allows inside the local-use 64:ff9b:1::/48)."""
    found = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if int(ip) >> 32 == 0 or ip in NAT64_WELL_KNOWN:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip in NAT64_LOCAL_USE:
        found += [_rfc6052_ipv4(ip, length) for length in NAT64_LOCAL_PREFIX_LENGTHS]
    return [inside for inside in found if inside is not None]


def _rfc6052_ipv4(ip: ipaddress.IPv6Address, prefix_length: int) -> ipaddress.IPv4Address:
    """The IPv4 octets right after a NAT64 prefix, skipping bits 64-71 (RFC 6052's "u" octet)."""
    octets = ip.packed
    after = [octets[i] for i in range(prefix_length // 8, 16) if i != 8]
    return ipaddress.IPv4Address(bytes(after[:4]))


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    blocked = (
        ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified
    )  # fmt: skip
    # is_global also rules out shared (carrier-grade NAT) and documentation ranges.
    return ip.is_global and not blocked
