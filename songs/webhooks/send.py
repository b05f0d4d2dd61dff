"""One delivery attempt: the message's body POSTed, signed, to the endpoint's checked address.

The URL is checked again here, not only when the endpoint was saved: DNS may answer otherwise
now. Redirects are not followed (a 3xx is a failed attempt); the whole attempt, a trickled
answer included, is bounded by the timeout."""

from __future__ import annotations

import ssl
import time
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import httpx
from django.utils import timezone

from engine.errors import EngineError
from engine.public_http import pinned_request
from songs.models import WebhookMessage
from songs.webhooks.signing import signed_headers
from songs.webhooks.targets import webhook_target

MAX_RESPONSE_BYTES = 4096  # read of the answer, of which the log keeps
MAX_LOGGED_CHARS = 1000


@dataclass(frozen=True)
class Outcome:
    """What one attempt found: an HTTP status, or an error in words; its duration."""

    started_at: datetime
    response_ms: int
    status_code: int | None = None
    error: str = ""
    response_body: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every attempt: making one loads the CA bundle (~45 ms an attempt)."""
    return httpx.create_ssl_context()


def message_send(message: WebhookMessage, *, secret: str, timeout_s: float) -> Outcome:
    """POST `message` to its endpoint once and say how it went (never raises for the network)."""
    started_at = timezone.now()
    clock = time.monotonic()

    def outcome(**fields) -> Outcome:
        elapsed_ms = round((time.monotonic() - clock) * 1000)
        return Outcome(started_at=started_at, response_ms=elapsed_ms, **fields)

    try:
        target = webhook_target(message.endpoint.url)
    except EngineError as error:
        return outcome(error=error.message)
    headers = signed_headers(
        secret=secret, msg_id=message.msg_id, timestamp=int(time.time()), body=message.body
    )
    # trust_env off: a proxy from the environment would do its own, unchecked, DNS lookup.
    with httpx.Client(
        timeout=httpx.Timeout(timeout_s), verify=_tls(), follow_redirects=False, trust_env=False
    ) as client:
        request = pinned_request(
            client, "POST", target, headers=headers, content=message.body.encode("utf-8")
        )
        try:
            response = client.send(request, stream=True)
            try:
                answer = _read_start(response, deadline=clock + timeout_s)
            finally:
                response.close()
        except httpx.TimeoutException:
            return outcome(error=f"no answer within {timeout_s:g} s")
        except httpx.HTTPError as error:
            return outcome(error=f"could not deliver ({type(error).__name__}: {error})"[:300])
    text = answer.decode("utf-8", "replace")[:MAX_LOGGED_CHARS]
    if response.is_redirect:
        return outcome(
            status_code=response.status_code,
            error="redirects are not followed: give the final URL",
            response_body=text,
        )
    return outcome(status_code=response.status_code, response_body=text)


def _read_start(response: httpx.Response, *, deadline: float) -> bytes:
    """The first bytes of the answer, within the attempt's time."""
    received = b""
    for chunk in response.iter_bytes():
        received += chunk
        if len(received) >= MAX_RESPONSE_BYTES:
            break
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("the answer took too long")
    return received[:MAX_RESPONSE_BYTES]
