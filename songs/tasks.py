"""django-q2 tasks: thin wrappers around the job services."""

from __future__ import annotations

from django.conf import settings

from songs.services.jobs import job_claim_next, job_reap_stalled
from songs.services.run import job_execute


def run_next_job() -> str | None:
    """Claim the fairest queued job and run it. Returns its id, or None when nothing was claimable."""
    job = job_claim_next()
    if job is None:
        return None
    job_execute(job)
    return str(job.pk)


def reap_stalled_jobs() -> dict[str, int]:
    """Periodic: requeue jobs whose worker died (no heartbeat), fail those out of attempts."""
    return job_reap_stalled(stale_after_s=settings.REFRAIN_JOB_STALE_AFTER_S)
