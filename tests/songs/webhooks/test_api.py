"""`/api/v1/webhooks/`: endpoints added (the secret in that answer alone), read, changed and
deleted, their secret rotated, a test event sent, the delivery log read and a failed message
retried, by the team's owners and admins; editors and viewers get 403, outsiders 404."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.services import api_key_create
from songs.models import MessageStatus, WebhookEndpoint, WebhookMessage
from songs.services.webhooks import webhook_endpoint_create
from songs.webhooks.deliver import message_deliver
from songs.webhooks.emit import webhook_event_emit
from songs.webhooks.secrets import secret_open
from tests.songs.webhooks.receivers import Receiver

pytestmark = pytest.mark.django_db

BODY = {"url": "https://hooks.example/in", "events": ["job.succeeded", "revision.created"]}


def keyed(user, team) -> APIClient:
    _, raw = api_key_create(user=user, team=team, name="api")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def public(resolve_as):
    return resolve_as({"hooks.example": "93.184.215.14", "evil.example": "10.0.0.7"})


@pytest.fixture
def endpoint(world, public):
    made, _ = webhook_endpoint_create(
        actor=world.membership(world.admin), url=BODY["url"], events=["job.succeeded"]
    )
    return made


def test_an_admin_adds_an_endpoint_and_gets_its_secret_only_then(world, public):
    client = keyed(world.admin, world.team)

    made = client.post(reverse("api:webhooks"), BODY | {"description": "CI"}, format="json")

    assert made.status_code == 201
    assert made["Cache-Control"] == "no-store"
    body = made.json()
    endpoint = WebhookEndpoint.objects.get(pk=body["id"])
    assert body["secret"] == secret_open(endpoint.sealed_secret)
    assert body["team_id"] == world.team.pk
    assert body["events"] == ["job.succeeded", "revision.created"]
    assert body["enabled"] is True and body["description"] == "CI"
    read = client.get(reverse("api:webhook", args=[endpoint.pk])).json()
    listed = client.get(reverse("api:webhooks")).json()
    assert "secret" not in read and all("secret" not in row for row in listed)
    assert [row["id"] for row in listed] == [endpoint.pk]


def test_a_private_url_is_a_400_naming_the_field(world, public, dialled):
    answer = keyed(world.owner, world.team).post(
        reverse("api:webhooks"), BODY | {"url": "https://evil.example/"}, format="json"
    )

    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "url: the host evil.example is a private or reserved address",
        "field": "url",
    }
    assert not WebhookEndpoint.objects.exists()
    assert dialled() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (BODY | {"events": []}, "events"),
        (BODY | {"events": ["song.sung"]}, "events"),
        (BODY | {"url": "hooks.example/in"}, "url"),
        (BODY | {"secret": "whsec_mine"}, "secret"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(world, public, body, field):
    answer = keyed(world.owner, world.team).post(reverse("api:webhooks"), body, format="json")

    assert answer.status_code == 400
    assert answer.json()["field"] == field


def test_an_admin_changes_disables_rotates_and_deletes_an_endpoint(world, endpoint):
    client = keyed(world.admin, world.team)
    url = reverse("api:webhook", args=[endpoint.pk])
    before = secret_open(endpoint.sealed_secret)

    changed = client.patch(url, {"enabled": False, "events": ["job.failed"]}, format="json")
    rotated = client.post(reverse("api:webhook_rotate_secret", args=[endpoint.pk]))
    endpoint.refresh_from_db()

    assert changed.status_code == 200
    assert changed.json()["enabled"] is False and changed.json()["events"] == ["job.failed"]
    assert rotated.status_code == 200
    assert rotated.json()["secret"] == secret_open(endpoint.sealed_secret) != before
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_the_test_action_queues_a_test_event_and_refuses_a_disabled_endpoint(world, endpoint):
    client = keyed(world.owner, world.team)
    url = reverse("api:webhook_test", args=[endpoint.pk])

    queued = client.post(url)
    endpoint.enabled = False
    endpoint.save()
    refused = client.post(url)

    assert queued.status_code == 202
    assert queued.json()["event_type"] == "webhook.test"
    assert queued.json()["status"] == "pending" and queued.json()["attempts"] == []
    assert refused.status_code == 409
    assert WebhookMessage.objects.filter(event_type="webhook.test").count() == 1


def test_the_log_lists_messages_with_their_attempts_and_a_failed_one_is_retried(
    world, hooks_host, endpoint_on
):
    with Receiver([500]) as receiver:
        endpoint, _ = endpoint_on(receiver)
        [message] = webhook_event_emit(team_id=world.team.pk, event_type="job.failed", data={})
        message_deliver(message.pk, now=message.retry_until)
    client = keyed(world.admin, world.team)
    log_url = reverse("api:webhook_messages", args=[endpoint.pk])

    log = client.get(log_url).json()
    only_delivered = client.get(log_url, {"status": "succeeded"}).json()
    retried = client.post(reverse("api:webhook_message_retry", args=[endpoint.pk, message.pk]))
    again = client.post(reverse("api:webhook_message_retry", args=[endpoint.pk, message.pk]))

    [row] = log["results"]
    assert row["msg_id"] == message.msg_id and row["status"] == "failed"
    [attempt] = row["attempts"]
    assert attempt["number"] == 1 and attempt["status_code"] == 500
    assert attempt["response_body"] == "receiver says no" and attempt["succeeded"] is False
    assert attempt["response_ms"] >= 0
    assert only_delivered["results"] == []
    assert retried.status_code == 202 and retried.json()["status"] == MessageStatus.PENDING
    assert again.status_code == 409


@pytest.mark.parametrize(("who", "status"), [("editor", 403), ("viewer", 403), ("outsider", 404)])
def test_only_owners_and_admins_reach_webhooks_over_the_api(world, endpoint, who, status):
    user = getattr(world, who)
    team = world.team if who != "outsider" else user.personal_team
    client = keyed(user, team)
    [message] = webhook_event_emit(team_id=world.team.pk, event_type="job.succeeded", data={})
    calls = [
        ("get", reverse("api:webhook", args=[endpoint.pk])),
        ("patch", reverse("api:webhook", args=[endpoint.pk])),
        ("delete", reverse("api:webhook", args=[endpoint.pk])),
        ("post", reverse("api:webhook_rotate_secret", args=[endpoint.pk])),
        ("post", reverse("api:webhook_test", args=[endpoint.pk])),
        ("get", reverse("api:webhook_messages", args=[endpoint.pk])),
        ("post", reverse("api:webhook_message_retry", args=[endpoint.pk, message.pk])),
    ]

    for method, url in calls:
        answer = getattr(client, method)(url, {"enabled": False}, format="json")
        assert answer.status_code == status, (method, url)
    team_calls = client.get(reverse("api:webhooks"), {"team": world.team.pk})
    added = client.post(reverse("api:webhooks"), BODY | {"team": world.team.pk}, format="json")
    assert team_calls.status_code == added.status_code == status
    assert WebhookEndpoint.objects.count() == 1
    endpoint.refresh_from_db()
    assert endpoint.enabled


def test_an_outsider_listing_their_own_team_sees_none_of_ours(world, endpoint):
    mine = keyed(world.outsider, world.outsider.personal_team).get(reverse("api:webhooks"))

    assert mine.status_code == 200 and mine.json() == []


def test_the_webhook_operations_are_in_the_openapi_schema(client):
    schema = client.get(reverse("schema"), HTTP_ACCEPT="application/json").json()

    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/webhooks/"])
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/webhooks/{endpoint_id}/"])
    assert "post" in paths["/api/v1/webhooks/{endpoint_id}/test/"]
    assert "get" in paths["/api/v1/webhooks/{endpoint_id}/messages/"]
    assert "post" in paths["/api/v1/webhooks/{endpoint_id}/messages/{message_id}/retry/"]
