"""An event becomes one message per enabled endpoint of the team that subscribes to it.

The messages are written in the event's own transaction (an event that rolls back was never
sent, and one that commits cannot be lost between the commit and the queue); the workers are
asked to deliver them once it commits (`transaction.on_commit`)."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from songs.models import (
    GenerationJob,
    JobStatus,
    LyricComment,
    LyricRevision,
    SongVersion,
    WebhookEndpoint,
    WebhookEvent,
    WebhookMessage,
)
from songs.webhooks import payloads
from songs.webhooks.signing import msg_id_new

RETRY_WINDOW = timedelta(hours=24)
DELIVER_ONE = "songs.webhooks.tasks.deliver_webhook"


def webhook_event_emit(
    *, team_id: int, event_type: str, data: dict, endpoints: list[WebhookEndpoint] | None = None
) -> list[WebhookMessage]:
    """Queue `event_type` with `data` for the team's subscribed endpoints (or for `endpoints`)."""
    if endpoints is None:
        endpoints = [
            endpoint
            for endpoint in WebhookEndpoint.objects.filter(team_id=team_id, enabled=True)
            if endpoint.subscribes_to(event_type)
        ]
    if not endpoints:
        return []
    now = timezone.now()
    body = json.dumps(
        {"type": event_type, "timestamp": now.isoformat().replace("+00:00", "Z"), "data": data},
        separators=(",", ":"),
    )
    msg_id = msg_id_new()
    messages = [
        WebhookMessage.objects.create(
            endpoint=endpoint,
            msg_id=msg_id,
            event_type=event_type,
            body=body,
            next_attempt_at=now,
            retry_until=now + RETRY_WINDOW,
            created_at=now,
        )
        for endpoint in endpoints
    ]
    transaction.on_commit(partial(messages_enqueue, [message.pk for message in messages]))
    return messages


def messages_enqueue(message_ids: list[int]) -> None:
    """Ask the workers to deliver these messages now (each is claimed, so asking twice is safe)."""
    for message_id in message_ids:
        async_task(DELIVER_ONE, message_id, task_name="deliver_webhook", group="webhooks")


def job_finished_emit(job: GenerationJob) -> None:
    """`job.succeeded` or `job.failed`, read from the job's row as it now stands."""
    job = GenerationJob.objects.get(pk=job.pk)
    event = (
        WebhookEvent.JOB_SUCCEEDED if job.status == JobStatus.SUCCEEDED else WebhookEvent.JOB_FAILED
    )
    webhook_event_emit(team_id=job.team_id, event_type=event, data=payloads.job_data(job))


def version_created_emit(version: SongVersion) -> None:
    webhook_event_emit(
        team_id=version.song.project.team_id,
        event_type=WebhookEvent.VERSION_CREATED,
        data=payloads.version_data(version),
    )


def revision_created_emit(revision: LyricRevision) -> None:
    webhook_event_emit(
        team_id=revision.draft.project.team_id,
        event_type=WebhookEvent.REVISION_CREATED,
        data=payloads.revision_data(revision),
    )


def comment_created_emit(comment: LyricComment) -> None:
    webhook_event_emit(
        team_id=comment.revision.draft.project.team_id,
        event_type=WebhookEvent.COMMENT_CREATED,
        data=payloads.comment_data(comment),
    )
