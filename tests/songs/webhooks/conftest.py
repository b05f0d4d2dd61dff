"""The webhooks' world: a loopback receiver reached as `hooks.test` (allow-listed, "resolved"
to 127.0.0.1 by a stub, so no lookup leaves the machine), and an endpoint of the team on it."""

from __future__ import annotations

import pytest

from songs.models import WebhookEvent
from songs.services.webhooks import webhook_endpoint_create
from tests.songs.webhooks.receivers import Receiver


@pytest.fixture
def hooks_host(settings, resolve_as):
    settings.REFRAIN_WEBHOOK_ALLOW_HOSTS = ["hooks.test"]
    settings.REFRAIN_WEBHOOK_TIMEOUT_S = 1
    return resolve_as({"hooks.test": "127.0.0.1"})


@pytest.fixture
def receiver(hooks_host):
    with Receiver() as running:
        yield running


@pytest.fixture
def endpoint_on(world):
    """An endpoint of the team at `receiver`'s URL, subscribed to `events` (default: all):
    (endpoint, secret)."""

    def make(receiver: Receiver, events: list[str] | None = None):
        return webhook_endpoint_create(
            actor=world.membership(world.admin),
            url=receiver.url(),
            events=events or list(WebhookEvent.values),
        )

    return make
