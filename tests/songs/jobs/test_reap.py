"""Reaping: a dead worker's job runs again exactly once; one out of attempts fails with 1001."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import UsageEntry
from engine.contract import MusicRequest
from songs.jobs.claim import job_claim_next
from songs.jobs.reap import job_reap_stalled
from songs.jobs.store import attempt_folder, song_version_store
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


def test_the_reaper_removes_the_files_a_worker_killed_while_storing_left(
    queue, provider, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = queue()
    job_claim_next()
    GenerationJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timezone.timedelta(minutes=10)
    )
    # Its store saved the audio and died before the transaction that names it committed.
    left = default_storage.save(f"{attempt_folder(job, 1)}/v1.wav", ContentFile(b"RIFF"))

    job_reap_stalled(stale_after_s=60)
    run_next_job()

    version = SongVersion.objects.get(job=job)
    assert not default_storage.exists(left)
    assert version.audio.name.startswith(attempt_folder(job, 2) + "/")
    assert default_storage.exists(version.audio.name)
