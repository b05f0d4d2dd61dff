"""The webhook pages: owners and admins add, change, test, rotate and delete endpoints and read
the delivery log; editors and viewers are refused (403), outsiders find nothing (404). A secret
is shown once, in the answer that made it, and never stored in the clear."""

from __future__ import annotations

import pytest
from django.urls import reverse

from songs.models import MessageStatus, WebhookEndpoint, WebhookMessage
from songs.services.webhooks import webhook_endpoint_create
from songs.webhooks.deliver import message_deliver
from songs.webhooks.emit import webhook_event_emit
from songs.webhooks.secrets import secret_open
from tests.songs.webhooks.receivers import Receiver

pytestmark = pytest.mark.django_db

FORM = {"url": "https://hooks.example/in", "description": "CI", "events": ["job.succeeded"]}


@pytest.fixture
def endpoint(world, resolve_as):
    resolve_as({"hooks.example": "93.184.215.14"})
    made, _ = webhook_endpoint_create(
        actor=world.membership(world.admin), url=FORM["url"], events=["job.succeeded"]
    )
    return made


def pages(world, endpoint) -> list[tuple[str, str]]:
    [message] = webhook_event_emit(
        team_id=world.team.pk, event_type="job.succeeded", data={}, endpoints=[endpoint]
    )
    return [
        ("get", reverse("webhooks", args=[world.team.pk])),
        ("post", reverse("webhooks", args=[world.team.pk])),
        ("get", reverse("webhook", args=[endpoint.pk])),
        ("post", reverse("webhook", args=[endpoint.pk])),
        ("post", reverse("webhook_delete", args=[endpoint.pk])),
        ("post", reverse("webhook_secret_rotate", args=[endpoint.pk])),
        ("post", reverse("webhook_test", args=[endpoint.pk])),
        ("post", reverse("webhook_message_retry", args=[endpoint.pk, message.pk])),
    ]


@pytest.mark.parametrize(("who", "status"), [("editor", 403), ("viewer", 403), ("outsider", 404)])
def test_only_owners_and_admins_reach_the_webhook_pages(world, endpoint, client_for, who, status):
    client = client_for(getattr(world, who))

    for method, url in pages(world, endpoint):
        answer = getattr(client, method)(url, FORM)
        assert answer.status_code == status, (method, url)

    endpoint.refresh_from_db()
    assert endpoint.description == "" and endpoint.enabled
    assert WebhookMessage.objects.filter(event_type="webhook.test").count() == 0


def test_someone_logged_out_is_sent_to_log_in(world, endpoint, client):
    for method, url in pages(world, endpoint):
        answer = getattr(client, method)(url)
        assert answer.status_code == 302 and "/login/" in answer["Location"], url


def test_an_owner_adds_an_endpoint_and_sees_its_secret_this_once(world, client_for, resolve_as):
    resolve_as({"hooks.example": "93.184.215.14"})
    client = client_for(world.owner)

    made = client.post(reverse("webhooks", args=[world.team.pk]), FORM)

    assert made.status_code == 201
    assert made["Cache-Control"] == "no-store"
    endpoint = WebhookEndpoint.objects.get()
    secret = secret_open(endpoint.sealed_secret)
    assert secret.startswith("whsec_")
    assert secret in made.content.decode()
    assert (endpoint.url, endpoint.description, endpoint.events) == (
        FORM["url"],
        "CI",
        ["job.succeeded"],
    )
    assert secret not in endpoint.sealed_secret
    again = client.get(reverse("webhook", args=[endpoint.pk]))
    listed = client.get(reverse("webhooks", args=[world.team.pk]))
    assert again.status_code == listed.status_code == 200
    assert secret not in again.content.decode() + listed.content.decode()
    assert FORM["url"] in listed.content.decode()


def test_a_private_url_is_refused_beside_its_field(world, client_for, resolve_as, dialled):
    resolve_as({"evil.example": "10.0.0.7"})

    answer = client_for(world.admin).post(
        reverse("webhooks", args=[world.team.pk]), FORM | {"url": "https://evil.example/"}
    )

    assert answer.status_code == 400
    assert answer.context["form"].errors["url"] == [
        "url: the host evil.example is a private or reserved address"
    ]
    assert not WebhookEndpoint.objects.exists()
    assert dialled() == []


def test_an_admin_changes_and_disables_an_endpoint(world, endpoint, client_for):
    answer = client_for(world.admin).post(
        reverse("webhook", args=[endpoint.pk]),
        {"url": FORM["url"], "description": "off", "events": ["job.failed", "comment.created"]},
    )

    assert answer.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.description == "off"
    assert endpoint.events == ["job.failed", "comment.created"]
    assert endpoint.enabled is False  # an unticked box


def test_the_test_button_queues_a_test_event_to_that_endpoint_alone(world, endpoint, client_for):
    webhook_endpoint_create(
        actor=world.membership(world.admin),
        url="https://hooks.example/other",
        events=["job.failed"],
    )

    answer = client_for(world.admin).post(reverse("webhook_test", args=[endpoint.pk]))

    assert answer.status_code == 302
    [message] = WebhookMessage.objects.all()
    assert (message.endpoint_id, message.event_type) == (endpoint.pk, "webhook.test")
    assert '"requested_by":"adam"' in message.body


def test_rotating_shows_a_new_secret_once_and_signs_with_it(world, endpoint, client_for):
    before = secret_open(endpoint.sealed_secret)

    answer = client_for(world.owner).post(reverse("webhook_secret_rotate", args=[endpoint.pk]))

    endpoint.refresh_from_db()
    after = secret_open(endpoint.sealed_secret)
    assert after != before
    assert after in answer.content.decode()
    assert answer["Cache-Control"] == "no-store"


def test_deleting_an_endpoint_deletes_its_log(world, endpoint, client_for):
    webhook_event_emit(team_id=world.team.pk, event_type="job.succeeded", data={})

    answer = client_for(world.admin).post(reverse("webhook_delete", args=[endpoint.pk]))

    assert answer.status_code == 302
    assert not WebhookEndpoint.objects.exists() and not WebhookMessage.objects.exists()


def test_the_log_shows_each_attempt_and_offers_a_retry_for_a_failed_message(
    world, hooks_host, endpoint_on, client_for
):
    with Receiver([500]) as receiver:
        endpoint, _ = endpoint_on(receiver)
        [message] = webhook_event_emit(team_id=world.team.pk, event_type="job.succeeded", data={})
        message_deliver(message.pk, now=message.retry_until)
        client = client_for(world.admin)

        page = client.get(reverse("webhook", args=[endpoint.pk]))
        delivered = client.get(reverse("webhook", args=[endpoint.pk]), {"status": "succeeded"})
        retried = client.post(reverse("webhook_message_retry", args=[endpoint.pk, message.pk]))

    html = page.content.decode()
    assert message.msg_id in html
    assert "HTTP 500" in html and "receiver says no" in html and " ms</td>" in html
    assert reverse("webhook_message_retry", args=[endpoint.pk, message.pk]) in html
    assert message.msg_id not in delivered.content.decode()
    assert retried.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
