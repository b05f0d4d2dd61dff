"""A claimed job runs on its provider. Every progress report is also the job's heartbeat and the
check that this attempt still owns it; how the job ends follows from what the run raised."""

from __future__ import annotations

import logging
import time

from django.utils import timezone

from engine.errors import INTERNAL_ERROR, EngineError
from songs.jobs.enqueue import job_enqueue_if_any_queued
from songs.jobs.finish import job_fail, job_requeue
from songs.jobs.kinds import kind_handler
from songs.models import GenerationJob, JobStatus
from songs.providers import provider_named

logger = logging.getLogger(__name__)

# Where each stage sits on the job's 0-100 progress bar.
STAGE_SPANS = {
    "starting": (0, 2),
    "fetching": (0, 2),
    "writing": (2, 12),
    "composing": (12, 25),
    "rendering": (25, 45),
    "singing": (45, 70),
    "mixing": (70, 85),
    "encoding": (85, 97),
    "analysing": (2, 95),
    "streaming": (5, 95),
    "storing": (97, 99),
}


class JobAbandoned(Exception):
    """This worker no longer owns the job: it was cancelled or handed to another worker."""


class ProgressReporter:
    """Writes stage + percent to the job row; each write is also the job's heartbeat."""

    def __init__(
        self,
        job: GenerationJob,
        attempt: int,
        *,
        min_interval_s: float = 0.5,
        heartbeat_s: float = 10.0,
    ):
        self.job, self.attempt = job, attempt
        self.min_interval_s, self.heartbeat_s = min_interval_s, heartbeat_s
        self._stage, self._percent, self._written_at = "", 0, 0.0

    def __call__(self, stage: str, fraction: float) -> None:
        low, high = STAGE_SPANS.get(stage, (self._percent, self._percent))
        percent = max(self._percent, int(low + (high - low) * min(max(fraction, 0.0), 1.0)))
        elapsed = time.monotonic() - self._written_at
        interval = self.min_interval_s if percent > self._percent else self.heartbeat_s
        if stage == self._stage and elapsed < interval:
            return
        self._stage, self._percent, self._written_at = stage, percent, time.monotonic()
        now = timezone.now()
        owned = GenerationJob.objects.filter(
            pk=self.job.pk, status=JobStatus.RUNNING, attempts=self.attempt
        ).update(stage=stage, progress=percent, heartbeat_at=now, updated_at=now)
        if not owned:
            raise JobAbandoned(str(self.job.pk))


def job_execute(job: GenerationJob) -> None:
    """Run a job this worker has claimed, and record how it ended."""
    attempt = job.attempts
    progress = ProgressReporter(job, attempt)
    log = {"job": str(job.pk), "kind": job.kind, "attempt": attempt, "trace_id": job.trace_id}
    logger.info("job started", extra=log)
    try:
        kind_handler(job.kind).run(job, attempt, provider_named(job.provider), progress)
    except JobAbandoned:
        logger.info("job abandoned by this worker", extra=log)
    except EngineError as error:
        failure = log | {"code": error.code, "error": error.message}
        if not error.permanent and attempt < job.max_attempts:
            logger.warning("job failed, will retry", extra=failure)
            job_requeue(job=job, attempt=attempt, reason=error.status_msg)
        else:
            logger.warning("job failed", extra=failure)
            job_fail(job=job, attempt=attempt, code=error.code, message=error.status_msg)
    except Exception as error:
        logger.exception("job crashed", extra=log)
        message = f"internal error: {error.__class__.__name__}"
        job_fail(job=job, attempt=attempt, code=INTERNAL_ERROR, message=message)
    else:
        logger.info("job finished", extra=log)
    finally:
        job_enqueue_if_any_queued()
