"""Where a webhook may go: the `audio_url` guard (engine.public_http) with its own allow-list."""

from __future__ import annotations

import socket

from django.conf import settings

from engine.public_http import PublicTarget, Resolver, public_target

FIELD = "url"


def webhook_target(url: str, *, resolver: Resolver = socket.getaddrinfo) -> PublicTarget:
    """`url` resolved and checked now: http(s), public addresses only unless its host is in
    REFRAIN_WEBHOOK_ALLOW_HOSTS. A refusal is a 2013 error on the field `url`."""
    allowed = frozenset(host.lower() for host in settings.REFRAIN_WEBHOOK_ALLOW_HOSTS)
    return public_target(url, field=FIELD, allow_hosts=allowed, resolver=resolver)
