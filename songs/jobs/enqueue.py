"""The workers are asked to run the fairest queued job, not a given one (see `claim`).

A turn that cannot be sent (Redis away for a moment) is not an error for whoever queued the job:
the job row is committed and queued, and the next turn takes it, at the latest the one every
worker host's reaper gives the queue (`cluster.reap`, every REFRAIN_REAP_EVERY s)."""

from __future__ import annotations

import logging

from django_q.tasks import async_task

from songs.models import GenerationJob, JobStatus

RUN_NEXT_JOB = "songs.jobs.tasks.run_next_job"

log = logging.getLogger(__name__)


def job_enqueue() -> None:
    """One more turn for the workers: a worker that takes it claims the fairest queued job."""
    try:
        async_task(RUN_NEXT_JOB, task_name="run_next_job", group="generation")
    except Exception as error:  # any broker's connection error
        log.warning("the queue is unreachable: the job waits for the next turn",
                    extra={"error": error.__class__.__name__})  # fmt: skip


def job_enqueue_if_any_queued() -> None:
    """A turn for jobs still waiting (after a job ended, a team may run its next)."""
    if GenerationJob.objects.filter(status=JobStatus.QUEUED).exists():
        job_enqueue()
