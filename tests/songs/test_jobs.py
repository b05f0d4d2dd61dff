"""Generation jobs: queued with a ledger line, claimed fairly, run once, cancelled, reaped."""

import pytest
from django.utils import timezone

from accounts.errors import ApplicationError, LimitExceeded
from accounts.models import Membership, Plan, Team, UsageEntry
from engine.contract import MusicRequest
from songs.models import GenerationJob, JobStatus, Project, SongVersion
from songs.services.jobs import job_cancel, job_claim_next, job_create, job_reap_stalled
from songs.services.results import song_version_store
from songs.services.run import job_execute
from songs.tasks import run_next_job
from tests.songs.fakes import ScriptedProvider, transient

pytestmark = pytest.mark.django_db

SONG = {"model": "music-2.6", "prompt": "slow blues", "lyrics": "[Verse]\nRain on the window pane"}


@pytest.fixture
def provider(monkeypatch):
    scripted = ScriptedProvider()
    monkeypatch.setattr("songs.services.run.provider_named", lambda name: scripted)
    return scripted


@pytest.fixture
def project(world):
    return Project.objects.create(team=world.team, title="Album", created_by=world.owner)


def queue(world, project, user=None, **kwargs):
    actor = world.membership(user or world.editor)
    job, _ = job_create(actor=actor, kind="music", request=dict(SONG), project=project, **kwargs)
    return job


def test_a_job_is_queued_with_its_ledger_line_and_enqueued_on_commit(
    world, project, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        job = queue(world, project)

    assert job.status == JobStatus.QUEUED
    assert job.usage.credits == 10
    assert job.usage.kind == "music"
    assert len(callbacks) == 1


def test_the_same_idempotency_key_returns_the_same_job(world, project):
    first = queue(world, project, idempotency_key="abc")
    actor = world.membership(world.editor)

    second, created = job_create(
        actor=actor, kind="music", request=dict(SONG), project=project, idempotency_key="abc"
    )

    assert not created
    assert second.pk == first.pk
    assert GenerationJob.objects.count() == 1


def test_a_viewer_cannot_start_a_generation(world, project):
    with pytest.raises(ApplicationError) as error:
        queue(world, project, user=world.viewer)

    assert error.value.status == 403


def test_an_invalid_request_is_refused_naming_the_field(world, project):
    with pytest.raises(ApplicationError) as error:
        job_create(
            actor=world.membership(world.editor),
            kind="music",
            request={"model": "music-2.6"},
            project=project,
        )

    assert error.value.code == 2013
    assert error.value.field == "lyrics"
    assert not GenerationJob.objects.exists()


def test_a_worker_runs_the_job_and_files_a_version(world, project, provider):
    job = queue(world, project)

    run_next_job()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 100
    version = SongVersion.objects.get(job=job)
    assert version.song.current_version == version
    assert version.number == 1
    assert version.audio.read(4) == b"RIFF"
    assert len(version.peaks) > 10
    assert UsageEntry.objects.get(pk=job.usage_id).status_code == 0


def test_a_killed_workers_job_is_run_again_exactly_once(world, project, provider):
    job = queue(world, project)
    claimed_by_dead_worker = job_claim_next()
    GenerationJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timezone.timedelta(minutes=10)
    )

    assert job_reap_stalled(stale_after_s=60) == {"requeued": 1, "failed": 0}
    run_next_job()
    late_result = provider.generate_music(claimed_by_dead_worker, lambda *args: None)
    late = song_version_store(
        job=claimed_by_dead_worker,
        attempt=1,
        result=late_result,
        request=MusicRequest.from_json(SONG),
    )

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 2
    assert late is None
    assert SongVersion.objects.filter(song__project=project).count() == 1


def test_a_job_out_of_attempts_fails_with_1001(world, project):
    job = queue(world, project)
    GenerationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=3,
        heartbeat_at=timezone.now() - timezone.timedelta(minutes=10),
    )

    job_reap_stalled(stale_after_s=60)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_code == 1001
    assert UsageEntry.objects.get(pk=job.usage_id).credits == 0


def test_a_cancelled_queued_job_is_never_run(world, project, provider):
    job = queue(world, project)

    job_cancel(actor=world.membership(world.editor), job=job)
    run_next_job()

    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert provider.calls == 0


def test_a_job_cancelled_while_running_stores_nothing(world, project, provider):
    job = queue(world, project)
    provider.on_progress = lambda: job_cancel(actor=world.membership(world.owner), job=job)

    run_next_job()

    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert not SongVersion.objects.exists()


def test_a_viewer_cannot_cancel(world, project):
    job = queue(world, project)

    with pytest.raises(ApplicationError):
        job_cancel(actor=world.membership(world.viewer), job=job)


def test_a_transient_failure_is_retried(world, project, provider):
    provider.failures = [transient()]
    job = queue(world, project)

    run_next_job()
    assert GenerationJob.objects.get(pk=job.pk).status == JobStatus.QUEUED
    run_next_job()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 2


def test_a_permanent_failure_fails_at_once_with_its_code(world, project, provider):
    from engine.errors import EngineError

    provider.failures = [EngineError("lyrics: nothing to sing", code=2013)]
    job = queue(world, project)

    run_next_job()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_code == 2013
    assert "nothing to sing" in job.error_message
    assert job.attempts == 1


def test_a_crash_fails_the_job_as_an_internal_error(world, project, provider):
    provider.failures = [ZeroDivisionError()]
    job = queue(world, project)

    run_next_job()

    job.refresh_from_db()
    assert (job.status, job.error_code) == (JobStatus.FAILED, 1024)


def test_one_teams_burst_does_not_starve_another_team(world, project):
    other_team = Team.objects.create(name="Other")
    Membership.objects.create(team=other_team, user=world.editor, role="editor")
    other_project = Project.objects.create(team=other_team, title="Other album")
    burst = [queue(world, project) for _ in range(4)]
    job_claim_next()  # the burst's first job is running
    late_other = job_create(
        actor=Membership.objects.get(team=other_team, user=world.editor),
        kind="music",
        request=dict(SONG),
        project=other_project,
    )[0]

    claimed = job_claim_next()

    assert claimed.pk == late_other.pk
    assert GenerationJob.objects.get(pk=burst[1].pk).status == JobStatus.QUEUED


def test_a_team_at_its_running_limit_waits(world, project):
    world.team.plan = Plan.objects.create(name="tiny", max_running_jobs=1)
    world.team.save()
    queue(world, project)
    queue(world, project)

    assert job_claim_next() is not None
    assert job_claim_next() is None


def test_out_of_credits_is_refused_with_1008(world, project):
    world.team.plan = Plan.objects.create(name="broke", monthly_credits=15)
    world.team.save()
    queue(world, project)

    with pytest.raises(LimitExceeded) as error:
        queue(world, project)

    assert error.value.code == 1008


def test_a_finished_job_is_not_executed_twice(world, project, provider):
    queue(world, project)
    claimed = job_claim_next()
    job_execute(claimed)

    job_execute(claimed)

    assert SongVersion.objects.count() == 1
