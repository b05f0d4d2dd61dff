"""A message's turn: claimed, sent, its attempt logged, then delivered, failed (its 24 h are
over) or due again later (backoff). The outcome is written only by the claim that still holds
the message (fenced by its attempt number)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from songs.models import MessageStatus, WebhookAttempt, WebhookMessage
from songs.webhooks.backoff import retry_at
from songs.webhooks.claim import (
    due_message_ids,
    finished_messages_forget,
    message_claim,
    waiting_messages_expire,
)
from songs.webhooks.secrets import secret_open
from songs.webhooks.send import Outcome, message_send

SWEEP_LIMIT = 200
SWEEP_BUDGET_S = 45  # a sweep runs every minute: it leaves what is left to the next one
LOG_KEPT = timedelta(days=30)  # how long the log keeps a finished message


def message_deliver(message_id: int, *, now: datetime | None = None) -> WebhookAttempt | None:
    """Make the next attempt of message `message_id` if it is due: the attempt, or None."""
    now = now or timezone.now()
    message = message_claim(message_id, now=now)
    if message is None:
        return None
    outcome = message_send(
        message,
        secret=secret_open(message.endpoint.sealed_secret),
        timeout_s=settings.REFRAIN_WEBHOOK_TIMEOUT_S,
    )
    return attempt_record(message=message, outcome=outcome, now=now)


@transaction.atomic
def attempt_record(*, message: WebhookMessage, outcome: Outcome, now: datetime) -> WebhookAttempt:
    """Log the attempt and move the message on, if its claim still holds."""
    attempt = WebhookAttempt.objects.create(
        message=message,
        number=message.attempts,
        started_at=outcome.started_at,
        status_code=outcome.status_code,
        error=outcome.error[:300],
        response_ms=outcome.response_ms,
        response_body=outcome.response_body,
        succeeded=outcome.succeeded,
    )
    ended = now + timedelta(milliseconds=outcome.response_ms)
    owned = WebhookMessage.objects.filter(
        pk=message.pk, status=MessageStatus.SENDING, attempts=message.attempts
    )
    later = None
    if not outcome.succeeded:
        later = retry_at(
            failed_attempts=message.attempts, now=ended, retry_until=message.retry_until
        )
    if later is not None:
        owned.update(status=MessageStatus.PENDING, next_attempt_at=later, claimed_until=None)
    else:
        owned.update(
            status=MessageStatus.SUCCEEDED if outcome.succeeded else MessageStatus.FAILED,
            finished_at=ended,
            next_attempt_at=None,
            claimed_until=None,
        )
    return attempt


def due_messages_deliver(*, now: datetime | None = None) -> dict[str, int]:
    """Every minute: attempt the messages due (retries, and any whose worker died), within a
    time budget; fail those that waited out their window on a disabled endpoint; forget those
    finished over 30 days ago."""
    started = time.monotonic()
    expired = waiting_messages_expire(now=now or timezone.now())
    forgotten = finished_messages_forget(before=(now or timezone.now()) - LOG_KEPT)
    attempted = 0
    for message_id in due_message_ids(now=now or timezone.now(), limit=SWEEP_LIMIT):
        if time.monotonic() - started > SWEEP_BUDGET_S:
            break
        attempted += message_deliver(message_id, now=now) is not None
    return {"attempted": attempted, "expired": expired, "forgotten": forgotten}
