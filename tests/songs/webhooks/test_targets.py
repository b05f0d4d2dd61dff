"""The SSRF guard of `audio_url`, for webhooks: a private, loopback, link-local or reserved
target is refused when the endpoint is saved and again when a message goes out (DNS may answer
otherwise by then), unless its host is allow-listed. Hostile names "resolve" through a stub:
nothing is looked up or dialled off the machine (the tripwire would say so)."""

from __future__ import annotations

import pytest

from engine.errors import EngineError
from songs.models import MessageStatus, WebhookEndpoint
from songs.services.webhooks import webhook_endpoint_create, webhook_endpoint_update
from songs.webhooks.deliver import message_deliver
from songs.webhooks.emit import webhook_event_emit
from tests.songs.webhooks.receivers import Receiver

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.215.14"
PRIVATE = ["10.0.0.7", "127.0.0.1", "172.16.0.9", "192.168.1.1", "169.254.169.254",
           "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.7",
           "64:ff9b::7f00:1"]  # fmt: skip


def create(world, url: str):
    return webhook_endpoint_create(
        actor=world.membership(world.admin), url=url, events=["job.succeeded"]
    )


@pytest.mark.parametrize("address", PRIVATE)
def test_an_endpoint_whose_host_resolves_to_a_private_address_is_refused(
    world, resolve_as, dialled, address
):
    resolve_as({"evil.example": address})

    with pytest.raises(EngineError) as refused:
        create(world, "https://evil.example/hooks")

    assert refused.value.field == "url"
    assert refused.value.message == "url: the host evil.example is a private or reserved address"
    assert not WebhookEndpoint.objects.exists()
    assert dialled() == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8000/hooks", "url: the host 127.0.0.1 is a private or reserved address"),
        ("http://[::1]/hooks", "url: the host ::1 is a private or reserved address"),
        ("ftp://example.com/hooks", "url: only http and https URLs, got ftp"),
        ("https:///hooks", "url: the URL has no host"),
        ("https://nowhere.example/", "url: the host nowhere.example cannot be resolved"),
    ],
)
def test_urls_that_cannot_be_delivered_to_are_refused(world, resolve_as, dialled, url, reason):
    resolve_as({})

    with pytest.raises(EngineError) as refused:
        create(world, url)

    assert refused.value.message == reason
    assert dialled() == []


def test_a_change_to_a_private_url_is_refused_and_the_endpoint_keeps_its_url(world, resolve_as):
    resolve_as({"hooks.example": PUBLIC, "evil.example": "10.0.0.7"})
    endpoint, _ = create(world, "https://hooks.example/in")

    with pytest.raises(EngineError):
        webhook_endpoint_update(
            actor=world.membership(world.admin), endpoint=endpoint, url="https://evil.example/"
        )

    endpoint.refresh_from_db()
    assert endpoint.url == "https://hooks.example/in"


def test_a_name_that_resolves_to_a_private_address_at_delivery_is_not_dialled(
    world, resolve_as, dialled
):
    resolve_as({"hooks.example": PUBLIC})
    create(world, "https://hooks.example/in")
    resolve_as({"hooks.example": "10.0.0.7"})  # its DNS answers otherwise now
    [message] = webhook_event_emit(team_id=world.team.pk, event_type="job.succeeded", data={})

    attempt = message_deliver(message.pk)

    assert attempt.error == "url: the host hooks.example is a private or reserved address"
    assert attempt.status_code is None and not attempt.succeeded
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING  # retried on the backoff, checked again then
    assert dialled() == []


def test_an_allow_listed_host_is_delivered_to_at_the_address_checked(world, hooks_host, dialled):
    with Receiver() as receiver:
        create(world, receiver.url())
        hooks_host.calls.clear()
        [message] = webhook_event_emit(team_id=world.team.pk, event_type="job.succeeded", data={})

        attempt = message_deliver(message.pk)

    assert attempt.status_code == 200
    assert hooks_host.calls == ["hooks.test"]  # resolved once; the connection used that answer
    assert receiver.received[0].headers["host"] == f"hooks.test:{receiver.port}"
    assert dialled() == []


def test_a_loopback_receiver_is_refused_when_its_host_is_not_allow_listed(world, resolve_as):
    resolve_as({"hooks.test": "127.0.0.1"})

    with pytest.raises(EngineError) as refused:
        create(world, "http://hooks.test:8080/in")

    assert refused.value.message == "url: the host hooks.test is a private or reserved address"
