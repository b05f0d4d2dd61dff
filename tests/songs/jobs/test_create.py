"""Creating a job: its ledger line, its enqueueing on commit, who may, idempotency, credits."""

import pytest

from accounts.errors import ApplicationError, LimitExceeded
from accounts.models import Plan
from engine.errors import EngineError
from songs.jobs.requests import parse_request
from songs.models import GenerationJob, JobStatus, Project

pytestmark = pytest.mark.django_db


def test_a_job_is_queued_with_its_ledger_line_and_enqueued_on_commit(
    queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        job = queue()

    assert job.status == JobStatus.QUEUED
    assert job.usage.credits == 10
    assert job.usage.kind == "music"
    assert len(callbacks) == 1


def test_the_same_idempotency_key_returns_the_same_job(queue):
    first = queue(idempotency_key="abc")

    second, created = queue(idempotency_key="abc", created=True)

    assert not created
    assert second.pk == first.pk
    assert GenerationJob.objects.count() == 1


def test_a_viewer_cannot_start_a_generation(world, queue):
    with pytest.raises(ApplicationError) as error:
        queue(world.viewer)

    assert error.value.status == 403
    assert error.value.code == 1004


def test_a_project_of_another_team_is_refused_as_unknown(world, queue):
    elsewhere = Project.objects.create(team=world.outsider.personal_team, title="Theirs")

    with pytest.raises(ApplicationError) as error:
        queue(in_project=elsewhere)

    assert error.value.status == 404


def test_an_invalid_request_is_refused_naming_the_field(world, project):
    with pytest.raises(EngineError) as error:
        parse_request(kind="music", payload={"model": "music-2.6"})

    assert error.value.code == 2013
    assert error.value.field == "lyrics"
    assert not GenerationJob.objects.exists()


def test_out_of_credits_is_refused_with_1008(world, queue):
    world.team.plan = Plan.objects.create(name="broke", monthly_credits=15)
    world.team.save()
    queue()

    with pytest.raises(LimitExceeded) as error:
        queue()

    assert error.value.code == 1008
