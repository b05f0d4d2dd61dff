"""The workers are asked to run the fairest queued job, not a given one (see `claim`)."""

from __future__ import annotations

from django_q.tasks import async_task

from songs.models import GenerationJob, JobStatus

RUN_NEXT_JOB = "songs.jobs.tasks.run_next_job"


def job_enqueue() -> None:
    """One more turn for the workers: a worker that takes it claims the fairest queued job."""
    async_task(RUN_NEXT_JOB, task_name="run_next_job", group="generation")


def job_enqueue_if_any_queued() -> None:
    """A turn for jobs still waiting (after a job ended, a team may run its next)."""
    if GenerationJob.objects.filter(status=JobStatus.QUEUED).exists():
        job_enqueue()
