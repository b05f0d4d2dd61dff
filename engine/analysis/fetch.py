"""Fetching a reference recording by URL without letting the URL reach inside our network.

Each hop goes through `engine.public_http`: resolved once, every address public (unless the host
is allow-listed), dialled at the checked address. Redirects are followed by hand, checked the same.
"""

from __future__ import annotations

import socket
import time
from urllib.parse import urljoin

import httpx

from engine.contract import MAX_REFERENCE_BYTES
from engine.errors import invalid_params
from engine.public_http import Resolver, pinned_request, public_target

MAX_REDIRECTS = 3
FIELD = "audio_url"
ACCEPT = "audio/*, */*;q=0.5"


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
            target = public_target(url, field=FIELD, allow_hosts=allowed, resolver=resolver)
            request = pinned_request(client, "GET", target, headers={"Accept": ACCEPT})
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
