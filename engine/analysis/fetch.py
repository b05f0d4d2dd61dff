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

from engine.analysis.decode import MAX_BYTES
from engine.errors import invalid_params

MAX_REDIRECTS = 3
FIELD = "audio_url"
DEFAULT_PORTS = {"http": 80, "https": 443}

Resolver = Callable[..., list]


def fetch_reference(
    url: str,
    *,
    allow_hosts: frozenset[str] = frozenset(),
    max_bytes: int = MAX_BYTES,
    timeout_s: float = 20.0,
    resolver: Resolver = socket.getaddrinfo,
    transport: httpx.BaseTransport | None = None,
) -> bytes:
    """The bytes at a public http(s) `url`, at most `max_bytes`, within `timeout_s`; 2013 errors."""
    deadline = time.monotonic() + timeout_s
    allowed = frozenset(host.lower() for host in allow_hosts)
    timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0))
    # trust_env off: a proxy from the environment would do its own, unchecked, DNS lookup.
    with httpx.Client(transport=transport, timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            request = _checked_request(client, url, allowed, resolver)
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException as error:
                raise invalid_params(f"{FIELD}: the server did not answer in time") from error
            except httpx.HTTPError as error:
                raise invalid_params(f"{FIELD}: could not be fetched ({type(error).__name__})") from error
            try:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    if not location:
                        raise invalid_params(f"{FIELD}: redirect without a Location")
                    url = urljoin(url, location)
                    continue
                if response.status_code != 200:
                    raise invalid_params(f"{FIELD}: the server answered HTTP {response.status_code}")
                return _read_capped(response, max_bytes, deadline)
            finally:
                response.close()
    raise invalid_params(f"{FIELD}: more than {MAX_REDIRECTS} redirects")


def is_public_address(address: str) -> bool:
    """True for an address on the public internet: not loopback, private, link-local, multicast..."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    blocked = (
        ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified
    )  # fmt: skip
    # is_global also rules out shared (carrier-grade NAT) and documentation ranges.
    return ip.is_global and not blocked


def _checked_request(client: httpx.Client, url: str, allowed: frozenset[str], resolver: Resolver) -> httpx.Request:
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
