"""django-q2's entry points: a turn to run the fairest queued job, and the reaper's schedule."""

from __future__ import annotations

from django.conf import settings

from songs.jobs.claim import job_claim_next
from songs.jobs.reap import job_reap_stalled
from songs.jobs.run import job_execute


def run_next_job() -> str | None:
    """Claim the fairest queued job and run it. Its id, or None when nothing could be claimed."""
    job = job_claim_next()
    if job is None:
        return None
    job_execute(job)
    return str(job.pk)


def reap_stalled_jobs() -> dict[str, int]:
    """Every minute: requeue jobs whose worker died (no heartbeat), fail those out of attempts."""
    return job_reap_stalled(stale_after_s=settings.REFRAIN_JOB_STALE_AFTER_S)
