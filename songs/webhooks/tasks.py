"""django-q2's entry points for webhooks: one message now (queued when its event commits), and
the sweep of due retries (every minute, `deliver due webhooks` in django-q2's schedules)."""

from __future__ import annotations

from songs.webhooks.deliver import due_messages_deliver, message_deliver


def deliver_webhook(message_id: int) -> int | None:
    """Attempt one message if it is due; the attempt's HTTP status (None: error or not due)."""
    attempt = message_deliver(message_id)
    return attempt.status_code if attempt is not None else None


def deliver_due_webhooks() -> dict[str, int]:
    return due_messages_deliver()
