"""The Standard Webhooks signature: `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")),
sent with the message id and the attempt's unix time in `webhook-id` and `webhook-timestamp`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid

from songs.webhooks.secrets import secret_key_bytes


def msg_id_new() -> str:
    """A message id: `msg_` and 32 hex digits (no `.`, which the signed content uses)."""
    return f"msg_{uuid.uuid4().hex}"


def signature(*, secret: str, msg_id: str, timestamp: int, body: str) -> str:
    """The `webhook-signature` value for `body` sent as message `msg_id` at `timestamp`."""
    signed = f"{msg_id}.{timestamp}.{body}".encode()
    digest = hmac.new(secret_key_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signed_headers(*, secret: str, msg_id: str, timestamp: int, body: str) -> dict[str, str]:
    """The headers of one delivery attempt."""
    return {
        "content-type": "application/json",
        "user-agent": "Refrain-Webhooks/1",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(
            secret=secret, msg_id=msg_id, timestamp=timestamp, body=body
        ),
    }
