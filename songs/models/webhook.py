"""Webhooks: a team's endpoints, the messages queued for each, and every attempt to deliver one."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Team


class WebhookEvent(models.TextChoices):
    """What an endpoint may subscribe to (`webhook.test` is sent on request, to one endpoint)."""

    JOB_SUCCEEDED = "job.succeeded", "A generation succeeded"
    JOB_FAILED = "job.failed", "A generation failed"
    VERSION_CREATED = "version.created", "A song version was made"
    REVISION_CREATED = "revision.created", "A lyric revision was saved"
    COMMENT_CREATED = "comment.created", "A comment was written"


TEST_EVENT = "webhook.test"


class WebhookEndpoint(models.Model):
    """A URL of an integration that is told of the team's events, signed with its own secret."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.CharField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list)  # WebhookEvent values
    enabled = models.BooleanField(default=True)
    # The signing secret (whsec_...), sealed with a key derived from SECRET_KEY: the workers need
    # it back to sign, so it cannot be hashed like an API key (songs/webhooks/secrets.py).
    sealed_secret = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "songs"
        ordering = ["team_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.url

    def subscribes_to(self, event_type: str) -> bool:
        return event_type in self.events


class MessageStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # waiting for its next attempt
    SENDING = "sending", "Sending"  # claimed by a worker, until `claimed_until`
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Failed"  # no 2xx within the retry window


class WebhookMessage(models.Model):
    """One event for one endpoint: the exact body that is signed and sent, and where its
    delivery stands. `msg_id` (the `webhook-id` header) is the event's: the same on every retry
    and for every endpoint told of the event."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="messages")
    msg_id = models.CharField(max_length=40)
    event_type = models.CharField(max_length=40)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A worker that claimed the message sends it before this, or the message is taken up again.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # No attempt starts after this (24 h after the event); then the message has failed.
    retry_until = models.DateTimeField()
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "songs"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "msg_id"], name="songs_webhook_message_unique"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["endpoint", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.msg_id} ({self.status})"


class WebhookAttempt(models.Model):
    """One POST of a message: when, what the endpoint answered (or the error), how fast."""

    message = models.ForeignKey(
        WebhookMessage, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    response_ms = models.PositiveIntegerField()
    response_body = models.TextField(blank=True)  # the first characters of it
    succeeded = models.BooleanField()

    class Meta:
        app_label = "songs"
        ordering = ["message_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "number"], name="songs_webhook_attempt_unique"
            )
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.message_id}"
