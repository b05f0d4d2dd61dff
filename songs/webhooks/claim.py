"""A worker claims a due message with a conditional update: of two clusters that pick the same
message, one gets it (for one attempt, until its claim runs out) and the other takes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q

from songs.models import MessageStatus, WebhookEndpoint, WebhookMessage

# A claim outlives the attempt it is for (the send is bounded by the timeout) by this much; a
# message whose worker died is taken up again after it.
CLAIM_MARGIN_S = 60


def _due(now: datetime) -> Q:
    waiting = Q(status=MessageStatus.PENDING, next_attempt_at__lte=now)
    abandoned = Q(status=MessageStatus.SENDING, claimed_until__lt=now)
    # A subquery on the endpoints, not a join: with a join Django updates "WHERE id IN (SELECT
    # ...)", and PostgreSQL would not check the status again on a row another claim just took.
    enabled = Q(endpoint__in=WebhookEndpoint.objects.filter(enabled=True).values("id"))
    return (waiting | abandoned) & enabled


def message_claim(message_id: int, *, now: datetime) -> WebhookMessage | None:
    """Claim message `message_id` for its next attempt (counted), or None if it is not due or
    another worker has it."""
    lease = timedelta(seconds=settings.REFRAIN_WEBHOOK_TIMEOUT_S + CLAIM_MARGIN_S)
    claimed = WebhookMessage.objects.filter(_due(now), pk=message_id).update(
        status=MessageStatus.SENDING, claimed_until=now + lease, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return WebhookMessage.objects.select_related("endpoint").get(pk=message_id)


def due_message_ids(*, now: datetime, limit: int) -> list[int]:
    """The messages due now, the longest waiting first."""
    due = WebhookMessage.objects.filter(_due(now)).order_by("next_attempt_at", "id")
    return list(due.values_list("id", flat=True)[:limit])


def waiting_messages_expire(*, now: datetime) -> int:
    """Messages that waited out their window on a disabled endpoint have failed."""
    disabled = WebhookEndpoint.objects.filter(enabled=False).values("id")
    return WebhookMessage.objects.filter(
        status=MessageStatus.PENDING, retry_until__lt=now, endpoint__in=disabled
    ).update(status=MessageStatus.FAILED, finished_at=now, next_attempt_at=None)


def finished_messages_forget(*, before: datetime) -> int:
    """Delete messages (and their attempts) delivered or failed before `before`."""
    finished = WebhookMessage.objects.filter(
        status__in=[MessageStatus.SUCCEEDED, MessageStatus.FAILED], finished_at__lt=before
    )
    return finished.delete()[1].get(WebhookMessage._meta.label, 0)
