"""Running a claimed job: the result filed once, retries for transient failures, codes kept."""

import pytest

from accounts.models import UsageEntry
from engine.errors import EngineError
from songs.jobs.claim import job_claim_next
from songs.jobs.run import job_execute
from songs.jobs.tasks import run_next_job
from songs.models import GenerationJob, JobStatus, SongVersion
from tests.songs.fakes import transient

pytestmark = pytest.mark.django_db


def test_a_worker_runs_the_job_and_files_a_version(queue, provider):
    job = queue()

    run_next_job()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 100
    version = SongVersion.objects.get(job=job)
    assert version.song.current_version == version
    assert version.number == 1
    assert version.audio.read(4) == b"RIFF"
    assert len(version.peaks) > 10
    assert version.settings["prompt"] == "slow blues"
    assert UsageEntry.objects.get(pk=job.usage_id).status_code == 0


def test_a_transient_failure_is_retried(queue, provider):
    provider.failures = [transient()]
    job = queue()

    run_next_job()
    assert GenerationJob.objects.get(pk=job.pk).status == JobStatus.QUEUED
    run_next_job()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 2


def test_a_permanent_failure_fails_at_once_with_its_code(queue, provider):
    provider.failures = [EngineError("lyrics: nothing to sing", code=2013)]
    job = queue()

    run_next_job()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_code == 2013
    assert job.error_message == "invalid params, lyrics: nothing to sing"
    assert job.attempts == 1


def test_a_crash_fails_the_job_as_an_internal_error(queue, provider):
    provider.failures = [ZeroDivisionError()]
    job = queue()

    run_next_job()

    job.refresh_from_db()
    assert (job.status, job.error_code) == (JobStatus.FAILED, 1024)


def test_a_finished_job_is_not_executed_twice(queue, provider):
    queue()
    claimed = job_claim_next()
    job_execute(claimed)

    job_execute(claimed)

    assert SongVersion.objects.count() == 1
