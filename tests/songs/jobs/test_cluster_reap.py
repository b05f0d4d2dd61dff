"""Each worker host's main process reaps stalled jobs itself, outside the queue."""

import logging

import pytest
from django.db.utils import OperationalError
from django.utils import timezone

from songs.jobs.claim import job_claim_next
from songs.jobs.cluster import reap
from songs.models import GenerationJob, JobStatus

pytestmark = pytest.mark.django_db


# Transactional: the reaper closes a connection past its age, as a loop that runs for months must.
@pytest.mark.django_db(transaction=True)
def test_the_main_process_reaper_requeues_a_job_whose_worker_stopped_beating(queue, settings):
    settings.REFRAIN_JOB_STALE_AFTER_S = 10
    job = queue()
    job_claim_next()
    GenerationJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timezone.timedelta(seconds=11)
    )

    reap()

    job.refresh_from_db()
    assert (job.status, job.attempts, job.stage) == (JobStatus.QUEUED, 1, "retrying")


def test_a_failed_reap_is_logged_and_the_main_process_carries_on(monkeypatch, caplog):
    def database_away(**kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("songs.jobs.cluster.job_reap_stalled", database_away)

    with caplog.at_level(logging.ERROR, logger="songs.jobs.cluster"):
        reap()

    assert "reaping stalled jobs failed" in caplog.text
