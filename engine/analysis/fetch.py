"""Fetching a reference recording by URL without letting the URL reach inside our network.

The host is resolved once per hop and every address it resolves to must be public (unless the
host is allow-listed); the connection then goes to that checked address, so a second DNS answer
cannot swap in a private one (DNS rebinding). Redirects are followed by hand and checked the same.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import httpx

from engine.contract import MAX_REFERENCE_BYTES
from engine.errors import invalid_params

MAX_REDIRECTS = 3
FIELD = "audio_url"
DEFAULT_PORTS = {"http": 80, "https": 443}

Resolver = Callable[..., list]


def fetch_reference(
    url: str,
    *,
    allow_hosts: frozenset[str] = frozenset(),
    max_bytes: int = MAX_REFERENCE_BYTES,
    timeout_s: float = 20.0,
    resolver: Resolver = socket.getaddrinfo,
    transport: httpx.BaseTransport | None = None,
) -> bytes:
    """The bytes at a public http(s) `url`, at most `max_bytes`, within `timeout_s`; 2013 errors."""
    deadline = time.monotonic() + timeout_s
    allowed = frozenset(host.lower() for host in allow_hosts)
    timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0))
    # trust_env off: a proxy from the environment would do its own, unchecked, DNS lookup.
    with httpx.Client(
        transport=transport, timeout=timeout, follow_redirects=False, trust_env=False
    ) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            request = _checked_request(client, url, allowed, resolver)
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException as error:
                raise invalid_params(f"{FIELD}: the server did not answer in time") from error
            except httpx.HTTPError as error:
                raise invalid_params(
                    f"{FIELD}: could not be fetched ({type(error).__name__})"
                ) from error
            try:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    if not location:
                        raise invalid_params(f"{FIELD}: redirect without a Location")
                    url = urljoin(url, location)
                    continue
                if response.status_code != 200:
                    raise invalid_params(
                        f"{FIELD}: the server answered HTTP {response.status_code}"
                    )
                return _read_capped(response, max_bytes, deadline)
            finally:
                response.close()
    raise invalid_params(f"{FIELD}: more than {MAX_REDIRECTS} redirects")


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


def _checked_request(
    client: httpx.Client, url: str, allowed: frozenset[str], resolver: Resolver
) -> httpx.Request:
    """A request for `url` aimed at a checked IP address, with the real host in Host and SNI."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise invalid_params(f"{FIELD}: only http and https URLs, got {scheme or 'none'}")
    host = (parts.hostname or "").lower()
    if not host:
        raise invalid_params(f"{FIELD}: the URL has no host")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError as error:
        raise invalid_params(f"{FIELD}: the URL has a bad port") from error
    address = _resolve(host, port, host in allowed, resolver)
    target = httpx.URL(url).copy_with(host=address, port=port)
    host_header = host if port == DEFAULT_PORTS[scheme] else f"{host}:{port}"
    return client.build_request(
        "GET",
        target,
        headers={"Host": host_header, "Accept": "audio/*, */*;q=0.5"},
        # The certificate is checked against the name asked for, not the address we dialled.
        extensions={"sni_hostname": host},
    )


def _resolve(host: str, port: int, allowed: bool, resolver: Resolver) -> str:
    """One address for `host`; refuse when any of its addresses is not public (unless allowed)."""
    try:
        answers = resolver(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise invalid_params(f"{FIELD}: the host {host} cannot be resolved") from error
    addresses = [answer[4][0] for answer in answers]
    if not addresses:
        raise invalid_params(f"{FIELD}: the host {host} cannot be resolved")
    if not allowed:
        for address in addresses:
            if not is_public_address(address):
                raise invalid_params(f"{FIELD}: the host {host} is a private or reserved address")
    return addresses[0]


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise invalid_params(f"{FIELD}: the file is over {_size(max_bytes)}")
    chunks: list[bytes] = []
    received = 0
    try:
        for chunk in response.iter_bytes():
            received += len(chunk)
            if received > max_bytes:
                raise invalid_params(f"{FIELD}: the file is over {_size(max_bytes)}")
            # The read timeout is per chunk; a server trickling bytes forever meets this one.
            if time.monotonic() > deadline:
                raise invalid_params(f"{FIELD}: the download took too long")
            chunks.append(chunk)
    except httpx.TimeoutException as error:
        raise invalid_params(f"{FIELD}: the download took too long") from error
    except httpx.HTTPError as error:
        raise invalid_params(f"{FIELD}: the download failed ({type(error).__name__})") from error
    return b"".join(chunks)


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 2**20:g} MB" if n_bytes >= 2**20 else f"{n_bytes} bytes"
