"""Jobs whose worker stopped beating (killed, lost its machine) go back in the queue, or fail when
they are out of attempts, and the files the dead attempt was storing are removed. Every worker
host's main process runs it every REFRAIN_REAP_EVERY s (`cluster.reap`); django-q2's schedule
(`tasks.reap_stalled_jobs`, every minute) runs it too, for clusters started without ours."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from engine.errors import REQUEST_TIMEOUT
from songs.jobs.enqueue import job_enqueue_if_any_queued
from songs.jobs.finish import job_fail, job_requeue
from songs.models import GenerationJob, JobStatus

GONE = "the worker stopped responding"

logger = logging.getLogger(__name__)


def job_reap_stalled(*, stale_after_s: int = 60) -> dict[str, int]:
    """Requeue running jobs without a heartbeat for `stale_after_s`; fail those out of attempts
    (1001). Also gives the queue a turn, so jobs that waited on a team's limit are taken."""
    cutoff = timezone.now() - timedelta(seconds=stale_after_s)
    stalled = GenerationJob.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at=None)
    )
    requeued = failed = 0
    for job in stalled.select_related("usage"):
        attempt = job.attempts
        requeue = attempt < job.max_attempts
        if not requeue:
            message = f"request timeout: {GONE}"
            taken = job_fail(job=job, attempt=attempt, code=REQUEST_TIMEOUT, message=message)
            failed += taken
        else:
            taken = job_requeue(job=job, attempt=attempt, reason=GONE)
            requeued += taken
        if taken:
            reaped = {"job": str(job.pk), "attempt": attempt, "heartbeat_at": str(job.heartbeat_at)}
            logger.warning("stalled job reaped", extra=reaped | {"failed": not requeue})
    job_enqueue_if_any_queued()
    return {"requeued": requeued, "failed": failed}
