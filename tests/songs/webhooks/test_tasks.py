"""The workers' side: an event's messages are handed to django-q2 when it commits and delivered
by its task (sync mode here, as a worker would run it); retries are swept every minute by a
schedule that the migration installs."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils.module_loading import import_string
from django_q.models import Schedule

from songs.models import MessageStatus, WebhookMessage
from tests.songs.webhooks.receivers import verify

pytestmark = pytest.mark.django_db


def test_the_sweep_of_due_webhooks_is_scheduled_every_minute():
    sweep = Schedule.objects.get(name="deliver due webhooks")

    assert (sweep.schedule_type, sweep.minutes, sweep.repeats) == (Schedule.MINUTES, 1, -1)
    assert callable(import_string(sweep.func))


def test_the_test_button_reaches_the_receiver_through_the_queue_once_committed(
    world, receiver, endpoint_on, client_for, q_sync, settings, django_capture_on_commit_callbacks
):
    settings.REFRAIN_WARM_UP_WORKERS = False  # django-q2's sync mode spawns a worker per task
    endpoint, secret = endpoint_on(receiver)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.owner).post(reverse("webhook_test", args=[endpoint.pk]))

    [got] = receiver.received
    assert verify(secret=secret, headers=got.headers, body=got.body)
    body = json.loads(got.body)
    assert body["type"] == "webhook.test"
    assert body["data"] == {
        "endpoint_id": endpoint.pk,
        "requested_by": "olivia",
        "message": "Hello from Refrain",
    }
    assert WebhookMessage.objects.get().status == MessageStatus.SUCCEEDED
