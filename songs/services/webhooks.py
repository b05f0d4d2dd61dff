"""A team's webhook endpoints, managed by its owners and admins: create (the secret is shown
once), change, disable, delete, rotate the secret, send a test event, retry a failed message."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.errors import ApplicationError, Conflict
from accounts.models import Membership
from songs.models import MessageStatus, WebhookEndpoint, WebhookEvent, WebhookMessage
from songs.models.webhook import TEST_EVENT
from songs.webhooks import payloads
from songs.webhooks.emit import messages_enqueue, webhook_event_emit
from songs.webhooks.secrets import secret_new, secret_seal
from songs.webhooks.targets import webhook_target

MAX_URL_CHARS = 2000
MAX_ENDPOINTS_PER_TEAM = 20


def _require_manager(actor: Membership) -> None:
    if not actor.can_manage:
        raise ApplicationError("Only the team's owners and admins manage webhooks.", status=403)


def _require_own(actor: Membership, endpoint: WebhookEndpoint) -> None:
    if endpoint.team_id != actor.team_id:
        raise ApplicationError("No such webhook endpoint.", status=404)
    _require_manager(actor)


def check_webhook_url(url: str) -> str:
    """The URL, trimmed, if a delivery may go there now (see `songs.webhooks.targets`)."""
    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        raise ApplicationError(f"A URL has at most {MAX_URL_CHARS} characters.", field="url")
    webhook_target(url)
    return url


def check_webhook_events(events: list[str]) -> list[str]:
    """The subscribed events, each once, in the catalogue's order; at least one."""
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if unknown:
        raise ApplicationError(f"Unknown event: {', '.join(unknown)}.", field="events")
    if not events:
        raise ApplicationError("Subscribe to at least one event.", field="events")
    return [event for event in WebhookEvent.values if event in events]


@transaction.atomic
def webhook_endpoint_create(
    *, actor: Membership, url: str, events: list[str], description: str = "", enabled: bool = True
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret, which is not shown again."""
    _require_manager(actor)
    if WebhookEndpoint.objects.filter(team_id=actor.team_id).count() >= MAX_ENDPOINTS_PER_TEAM:
        raise Conflict(f"A team has at most {MAX_ENDPOINTS_PER_TEAM} webhook endpoints.")
    secret = secret_new()
    endpoint = WebhookEndpoint.objects.create(
        team_id=actor.team_id,
        url=check_webhook_url(url),
        events=check_webhook_events(events),
        description=description.strip()[:200],
        enabled=enabled,
        sealed_secret=secret_seal(secret),
        created_by=actor.user,
    )
    return endpoint, secret


@transaction.atomic
def webhook_endpoint_update(
    *,
    actor: Membership,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    events: list[str] | None = None,
    description: str | None = None,
    enabled: bool | None = None,
) -> WebhookEndpoint:
    """Change what is given; a disabled endpoint is sent nothing (its pending messages wait)."""
    _require_own(actor, endpoint)
    if url is not None:
        endpoint.url = check_webhook_url(url)
    if events is not None:
        endpoint.events = check_webhook_events(events)
    if description is not None:
        endpoint.description = description.strip()[:200]
    if enabled is not None:
        endpoint.enabled = enabled
    endpoint.save()
    return endpoint


def webhook_endpoint_delete(*, actor: Membership, endpoint: WebhookEndpoint) -> None:
    """Delete the endpoint with its messages and their log."""
    _require_own(actor, endpoint)
    endpoint.delete()


def webhook_secret_rotate(*, actor: Membership, endpoint: WebhookEndpoint) -> str:
    """A new secret, shown this once; deliveries are signed with it from now on."""
    _require_own(actor, endpoint)
    secret = secret_new()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        sealed_secret=secret_seal(secret), updated_at=timezone.now()
    )
    return secret


@transaction.atomic
def webhook_test_send(*, actor: Membership, endpoint: WebhookEndpoint) -> WebhookMessage:
    """Queue a `webhook.test` event to this endpoint alone."""
    _require_own(actor, endpoint)
    if not endpoint.enabled:
        raise Conflict("This endpoint is disabled: enable it to send it a test event.")
    data = payloads.test_data(endpoint_id=endpoint.pk, requested_by=actor.user.username)
    [message] = webhook_event_emit(
        team_id=endpoint.team_id, event_type=TEST_EVENT, data=data, endpoints=[endpoint]
    )
    return message


@transaction.atomic
def webhook_message_retry(*, actor: Membership, message: WebhookMessage) -> WebhookMessage:
    """Try a failed message once more, now (again on the same backoff if it is still within its
    24 h, else once)."""
    _require_own(actor, message.endpoint)
    if not message.endpoint.enabled:
        raise Conflict("This endpoint is disabled: enable it to retry its messages.")
    now = timezone.now()
    retried = WebhookMessage.objects.filter(pk=message.pk, status=MessageStatus.FAILED).update(
        status=MessageStatus.PENDING, next_attempt_at=now, finished_at=None
    )
    if not retried:
        raise Conflict(f"Only a failed message can be retried; this one is {message.status}.")
    transaction.on_commit(lambda: messages_enqueue([message.pk]))
    message.refresh_from_db()
    return message
