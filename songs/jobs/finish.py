"""How a job ends: succeeded, failed, back in the queue for another attempt, or cancelled. Each
is one conditional update fenced by the attempt number: an attempt that lost the job (reaped,
cancelled) changes nothing. The ledger line is closed with the job: a failed or cancelled call
costs nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.errors import ApplicationError
from accounts.models import Membership
from accounts.usage import usage_close
from songs.jobs.attempt_files import attempt_files_remove_on_commit
from songs.jobs.enqueue import job_enqueue
from songs.models import GenerationJob, JobStatus
from songs.models.job import ACTIVE_STATUSES

MAX_MESSAGE_CHARS = 2000
CANCELLED = -1  # the ledger's status for a call its caller cancelled


def job_lock_if_owned(job: GenerationJob, attempt: int) -> GenerationJob | None:
    """The job's row, locked for this transaction, if attempt `attempt` still runs it; else None.
    What a worker stores, it stores under this lock."""
    locked = GenerationJob.objects.select_for_update().filter(pk=job.pk).first()
    if locked is None or locked.status != JobStatus.RUNNING or locked.attempts != attempt:
        return None
    return locked


def job_succeed(job: GenerationJob, result: dict) -> None:
    """Mark a job done with its result; call it on the row `job_lock_if_owned` returned."""
    now = timezone.now()
    GenerationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED,
        progress=100,
        stage="done",
        result=result,
        finished_at=now,
        updated_at=now,
        error_code=None,
        error_message="",
    )
    if job.usage_id:
        usage_close(entry=job.usage, status_code=0)
    attempt_files_remove_on_commit(job, range(1, job.attempts))


def job_fail(*, job: GenerationJob, attempt: int, code: int, message: str) -> bool:
    """Mark a running job failed, if this attempt still owns it."""
    now = timezone.now()
    failed = GenerationJob.objects.filter(
        pk=job.pk, status=JobStatus.RUNNING, attempts=attempt
    ).update(
        status=JobStatus.FAILED,
        error_code=code,
        error_message=message[:MAX_MESSAGE_CHARS],
        finished_at=now,
        stage="failed",
        updated_at=now,
    )
    if failed and job.usage_id:
        usage_close(entry=job.usage, status_code=code)
    if failed:
        attempt_files_remove_on_commit(job, range(1, attempt + 1))
    return bool(failed)


def job_requeue(*, job: GenerationJob, attempt: int, reason: str) -> bool:
    """Put a running job back in the queue for another attempt (a failure retrying may mend)."""
    requeued = GenerationJob.objects.filter(
        pk=job.pk, status=JobStatus.RUNNING, attempts=attempt
    ).update(
        status=JobStatus.QUEUED,
        stage="retrying",
        error_message=reason[:MAX_MESSAGE_CHARS],
        updated_at=timezone.now(),
    )
    if requeued:
        attempt_files_remove_on_commit(job, [attempt])
        transaction.on_commit(job_enqueue)
    return bool(requeued)


def job_cancel(*, actor: Membership, job: GenerationJob) -> GenerationJob:
    """Cancel a queued or running job. A running one stops at its next progress report."""
    if job.team_id != actor.team_id:
        raise ApplicationError("No such job.", status=404)
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot cancel generations.", status=403)
    now = timezone.now()
    updated = GenerationJob.objects.filter(pk=job.pk, status__in=ACTIVE_STATUSES).update(
        status=JobStatus.CANCELLED, finished_at=now, stage="cancelled", updated_at=now
    )
    job.refresh_from_db()
    if not updated:
        raise ApplicationError(f"This job has {job.status} already.", status=409)
    if job.usage_id:
        usage_close(entry=job.usage, status_code=CANCELLED)
    attempt_files_remove_on_commit(job, range(1, job.attempts + 1))
    return job
