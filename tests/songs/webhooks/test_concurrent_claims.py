"""Worker clusters sweeping at the same moment, each on its own database connection: every
message is sent once, never twice (the claim is a conditional update; on PostgreSQL in CI)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from songs.models import WebhookAttempt, WebhookEvent
from songs.webhooks.deliver import due_messages_deliver
from songs.webhooks.emit import webhook_event_emit
from tests.songs.webhooks.receivers import Receiver

pytestmark = pytest.mark.django_db(transaction=True)

CLUSTERS = 4
MESSAGES = 30


def test_clusters_sweeping_at_once_send_each_message_once(world, hooks_host, endpoint_on):
    with Receiver() as receiver:
        endpoint_on(receiver)
        for n in range(MESSAGES):
            webhook_event_emit(
                team_id=world.team.pk, event_type=WebhookEvent.JOB_SUCCEEDED, data={"n": n}
            )
        start = threading.Barrier(CLUSTERS)
        errors: list[BaseException] = []

        def sweep() -> None:
            try:
                start.wait()
                due_messages_deliver()
            except BaseException as error:  # seen by the test, not lost in the thread
                errors.append(error)
            finally:
                connection.close()

        clusters = [threading.Thread(target=sweep) for _ in range(CLUSTERS)]
        for cluster in clusters:
            cluster.start()
        for cluster in clusters:
            cluster.join(60)

    assert errors == []
    sent = Counter(got.headers["webhook-id"] for got in receiver.received)
    assert len(sent) == MESSAGES
    assert set(sent.values()) == {1}
    assert WebhookAttempt.objects.filter(succeeded=True).count() == MESSAGES
