"""Delivering a message to a receiver on loopback: signed as the receiver checks, retried on the
backoff until a 2xx (time is driven forward, never slept through), a hang cut off at the
timeout, no redirect followed, failed after 24 h, and claimed by one worker at a time."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest

from songs.models import MessageStatus, WebhookAttempt, WebhookEvent, WebhookMessage
from songs.services.webhooks import webhook_endpoint_update, webhook_message_retry
from songs.webhooks.backoff import JITTER, RETRY_DELAYS_S
from songs.webhooks.claim import CLAIM_MARGIN_S, message_claim
from songs.webhooks.deliver import attempt_record, due_messages_deliver, message_deliver
from songs.webhooks.emit import webhook_event_emit
from songs.webhooks.send import Outcome
from tests.songs.webhooks.receivers import HANG, Receiver, verify

pytestmark = pytest.mark.django_db


def emit(world, event=WebhookEvent.JOB_SUCCEEDED, data=None) -> WebhookMessage:
    [message] = webhook_event_emit(team_id=world.team.pk, event_type=event, data=data or {"n": 1})
    return message


def test_a_message_is_posted_signed_and_the_receiver_verifies_it(world, receiver, endpoint_on):
    endpoint, secret = endpoint_on(receiver)
    message = emit(world, data={"id": "job-1"})

    attempt = message_deliver(message.pk)

    [got] = receiver.received
    assert got.path == "/refrain"
    assert got.headers["host"] == f"hooks.test:{receiver.port}"
    assert got.headers["webhook-id"] == message.msg_id
    assert got.headers["content-type"] == "application/json"
    assert verify(secret=secret, headers=got.headers, body=got.body)
    sent = json.loads(got.body)
    assert sent["type"] == "job.succeeded"
    assert sent["data"] == {"id": "job-1"}
    assert sent["timestamp"].endswith("Z")
    assert (attempt.number, attempt.status_code, attempt.succeeded) == (1, 200, True)
    assert attempt.response_body == '{"ok": true}'
    assert 0 <= attempt.response_ms < 1000
    message.refresh_from_db()
    assert message.status == MessageStatus.SUCCEEDED
    assert message.finished_at is not None


def test_a_receiver_that_fails_twice_then_succeeds_gets_three_attempts_on_the_backoff(
    world, hooks_host, endpoint_on
):
    with Receiver([500, 503]) as receiver:
        _, secret = endpoint_on(receiver)
        message = emit(world)
        start = message.created_at

        message_deliver(message.pk, now=start)
        message.refresh_from_db()
        first_retry = message.next_attempt_at
        assert message.status == MessageStatus.PENDING
        assert start + timedelta(seconds=5) <= first_retry
        assert first_retry <= start + timedelta(seconds=5 * (1 + JITTER) + 1)
        assert due_messages_deliver(now=start + timedelta(seconds=4))["attempted"] == 0

        due_messages_deliver(now=first_retry)
        message.refresh_from_db()
        second_retry = message.next_attempt_at
        assert timedelta(minutes=5) <= second_retry - first_retry
        assert second_retry - first_retry <= timedelta(seconds=300 * (1 + JITTER) + 1)

        due_messages_deliver(now=second_retry)

    message.refresh_from_db()
    assert message.status == MessageStatus.SUCCEEDED
    attempts = list(message.attempt_log.all())
    assert [(a.number, a.status_code, a.succeeded) for a in attempts] == [
        (1, 500, False),
        (2, 503, False),
        (3, 200, True),
    ]
    assert attempts[0].response_body == "receiver says no"
    assert len(receiver.received) == 3
    assert {got.headers["webhook-id"] for got in receiver.received} == {message.msg_id}
    assert all(verify(secret=secret, headers=g.headers, body=g.body) for g in receiver.received)


def test_a_hanging_receiver_is_a_failed_attempt_cut_off_at_the_timeout(
    world, hooks_host, endpoint_on
):
    with Receiver([HANG]) as receiver:
        endpoint_on(receiver)
        message = emit(world)
        started = time.monotonic()

        attempt = message_deliver(message.pk)

        elapsed_s = time.monotonic() - started
    assert elapsed_s < 3  # the timeout is 1 s here (REFRAIN_WEBHOOK_TIMEOUT_S)
    assert attempt.status_code is None
    assert attempt.error == "no answer within 1 s"
    assert 900 <= attempt.response_ms < 3000
    assert not attempt.succeeded
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert message.next_attempt_at > attempt.started_at


def test_a_redirect_is_a_failed_attempt_and_is_not_followed(world, hooks_host, endpoint_on):
    with Receiver([302]) as receiver:
        endpoint_on(receiver)
        message = emit(world)

        attempt = message_deliver(message.pk)

    assert len(receiver.received) == 1
    assert attempt.status_code == 302
    assert not attempt.succeeded
    assert attempt.error == "redirects are not followed: give the final URL"


def test_a_message_still_failing_after_24_hours_has_failed(world, hooks_host, endpoint_on):
    with Receiver(then=500) as receiver:
        endpoint_on(receiver)
        message = emit(world)
        planned = [message.created_at]
        while message.status == MessageStatus.PENDING:
            due_messages_deliver(now=planned[-1])
            message.refresh_from_db()
            if message.next_attempt_at:
                planned.append(message.next_attempt_at)

    assert message.status == MessageStatus.FAILED
    gaps_s = [
        (later - earlier).total_seconds()
        for earlier, later in zip(planned, planned[1:], strict=False)
    ]
    for gap_s, delay_s in zip(gaps_s[:-1], RETRY_DELAYS_S, strict=False):
        assert delay_s <= gap_s <= delay_s * (1 + JITTER) + 1
    assert planned[-1] == message.retry_until == message.created_at + timedelta(hours=24)
    assert message.attempts == len(receiver.received) == 8  # at once, 6 retries, and at 24 h


def test_a_message_claimed_by_one_cluster_is_not_sent_by_another(world, receiver, endpoint_on):
    endpoint_on(receiver)
    message = emit(world)
    now = message.created_at

    claimed = message_claim(message.pk, now=now)
    assert message_claim(message.pk, now=now) is None
    assert due_messages_deliver(now=now + timedelta(seconds=30))["attempted"] == 0
    assert receiver.received == []

    # Its worker died: once the claim runs out, another takes it up as the next attempt.
    later = now + timedelta(seconds=1 + CLAIM_MARGIN_S + 1)
    assert due_messages_deliver(now=later)["attempted"] == 1
    assert len(receiver.received) == 1
    assert claimed.attempts == 1
    assert list(message.attempt_log.values_list("number", flat=True)) == [2]


def test_the_outcome_of_an_attempt_that_lost_its_claim_changes_nothing(
    world, receiver, endpoint_on
):
    endpoint_on(receiver)
    message = emit(world)
    slow = message_claim(message.pk, now=message.created_at)
    later = message.created_at + timedelta(minutes=5)
    message_deliver(message.pk, now=later)  # took over the expired claim and delivered

    attempt_record(
        message=slow,
        outcome=Outcome(started_at=later, response_ms=5, status_code=500),
        now=later,
    )

    message.refresh_from_db()
    assert message.status == MessageStatus.SUCCEEDED
    assert WebhookAttempt.objects.filter(message=message).count() == 2


def test_a_disabled_endpoint_is_sent_nothing_and_its_waiting_messages_fail_after_24_hours(
    world, receiver, endpoint_on
):
    endpoint, _ = endpoint_on(receiver)
    message = emit(world)
    webhook_endpoint_update(actor=world.membership(world.owner), endpoint=endpoint, enabled=False)

    assert due_messages_deliver(now=message.created_at)["attempted"] == 0
    assert message_deliver(message.pk) is None
    after = due_messages_deliver(now=message.retry_until + timedelta(seconds=1))

    assert after == {"attempted": 0, "expired": 1, "forgotten": 0}
    assert receiver.received == []
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


def test_retry_now_gives_a_failed_message_one_more_attempt(world, hooks_host, endpoint_on):
    with Receiver([500]) as receiver:
        endpoint_on(receiver)
        message = emit(world)
        message_deliver(message.pk, now=message.retry_until)  # its last chance, failed
        message.refresh_from_db()
        assert message.status == MessageStatus.FAILED

        webhook_message_retry(actor=world.membership(world.admin), message=message)
        attempt = message_deliver(message.pk)

    assert attempt.number == 2 and attempt.succeeded
    message.refresh_from_db()
    assert message.status == MessageStatus.SUCCEEDED


def test_the_log_forgets_messages_finished_over_30_days_ago(world, receiver, endpoint_on):
    endpoint_on(receiver)
    old, recent = emit(world), emit(world)
    message_deliver(old.pk)
    message_deliver(recent.pk, now=recent.created_at + timedelta(days=25))

    swept = due_messages_deliver(now=old.created_at + timedelta(days=31))

    assert swept["forgotten"] == 1
    assert list(WebhookMessage.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not WebhookAttempt.objects.filter(message_id=old.pk).exists()
