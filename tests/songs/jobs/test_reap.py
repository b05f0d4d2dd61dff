"""Reaping: a dead worker's job runs again exactly once, and what it filed before dying goes; one
out of attempts fails with 1001."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import UsageEntry
from engine.contract import MusicRequest
from songs.jobs.attempt_files import attempt_folder
from songs.jobs.claim import job_claim_next
from songs.jobs.finish import job_fail
from songs.jobs.reap import job_reap_stalled
from songs.jobs.store import song_version_store
from songs.jobs.tasks import run_next_job
from songs.models import GenerationJob, JobStatus, SongVersion
from tests.songs.jobs.conftest import SONG

pytestmark = pytest.mark.django_db


def test_a_killed_workers_job_is_run_again_exactly_once(project, queue, provider):
    job = queue()
    claimed_by_dead_worker = job_claim_next()
    GenerationJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timezone.timedelta(minutes=10)
    )

    assert job_reap_stalled(stale_after_s=60) == {"requeued": 1, "failed": 0}
    run_next_job()
    request = MusicRequest.from_json(SONG)
    late_result = provider.generate_music(request, lambda *args: None)
    late = song_version_store(
        job=claimed_by_dead_worker, attempt=1, request=request, result=late_result
    )

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 2
    assert late is None
    assert SongVersion.objects.filter(song__project=project).count() == 1


def test_a_job_out_of_attempts_fails_with_1001(queue):
    job = queue()
    GenerationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=3,
        heartbeat_at=timezone.now() - timezone.timedelta(minutes=10),
    )

    job_reap_stalled(stale_after_s=60)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_code == 1001
    assert job.error_message == "request timeout: the worker stopped responding"
    assert UsageEntry.objects.get(pk=job.usage_id).credits == 0


def test_what_a_killed_attempt_filed_before_its_commit_is_removed_when_its_job_is_taken_up(
    project, queue, provider, s3, s3_bucket, django_capture_on_commit_callbacks
):
    job = queue()
    job_claim_next()
    # The dead attempt wrote its master and a stem, and died before the rows committed.
    for name in ("v1-dead.wav", "v1-dead-drums.flac"):
        default_storage.save(f"{attempt_folder(job, 1)}/{name}", ContentFile(b"RIFF"))
    GenerationJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timezone.timedelta(minutes=10)
    )

    with django_capture_on_commit_callbacks(execute=True):
        job_reap_stalled(stale_after_s=60)
    with django_capture_on_commit_callbacks(execute=True):
        run_next_job()

    version = SongVersion.objects.get(job=job)
    assert s3.keys(s3_bucket) == [version.audio.name]
    assert version.audio.name.startswith(attempt_folder(job, 2) + "/")


def test_a_failed_job_leaves_no_file_of_any_attempt(
    queue, s3, s3_bucket, django_capture_on_commit_callbacks
):
    job = queue()
    job_claim_next()
    default_storage.save(f"{attempt_folder(job, 1)}/v1-dead.wav", ContentFile(b"RIFF"))

    with django_capture_on_commit_callbacks(execute=True):
        assert job_fail(job=job, attempt=1, code=1024, message="internal error")

    assert s3.keys(s3_bucket) == []
