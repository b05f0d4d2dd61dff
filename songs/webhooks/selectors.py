"""Reads for the webhook pages and API: a team's endpoints, an endpoint's messages and log."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from accounts.models import Team
from songs.models import MessageStatus, WebhookEndpoint, WebhookMessage


def webhook_endpoint_list(*, team: Team | int) -> QuerySet[WebhookEndpoint]:
    """The team's endpoints, each with its count of failed messages (`failed_count`)."""
    return WebhookEndpoint.objects.filter(team=team).annotate(
        failed_count=Count("messages", filter=Q(messages__status=MessageStatus.FAILED))
    )


def webhook_message_list(
    *, endpoint: WebhookEndpoint, status: str | None = None
) -> QuerySet[WebhookMessage]:
    """The endpoint's messages, newest first, with their attempts (`attempt_log`)."""
    messages = WebhookMessage.objects.filter(endpoint=endpoint).prefetch_related("attempt_log")
    return messages.filter(status=status) if status else messages


def webhook_message_get(*, endpoint: WebhookEndpoint, message_id: int) -> WebhookMessage | None:
    return (
        WebhookMessage.objects.select_related("endpoint")
        .filter(endpoint=endpoint, pk=message_id)
        .first()
    )
