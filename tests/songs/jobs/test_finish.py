"""Cancelling: a queued job never runs, a running one stores nothing, viewers cannot."""

import pytest

from accounts.errors import ApplicationError
from songs.jobs.finish import job_cancel
from songs.jobs.tasks import run_next_job
from songs.models import JobStatus, SongVersion

pytestmark = pytest.mark.django_db


def test_a_cancelled_queued_job_is_never_run(world, queue, provider):
    job = queue()

    job_cancel(actor=world.membership(world.editor), job=job)
    run_next_job()

    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert provider.calls == 0
    assert job.usage.status_code == -1 and job.usage.credits == 0


def test_a_job_cancelled_while_running_stores_nothing(world, queue, provider):
    job = queue()
    provider.on_progress = lambda: job_cancel(actor=world.membership(world.owner), job=job)

    run_next_job()

    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert not SongVersion.objects.exists()


def test_a_viewer_cannot_cancel(world, queue):
    job = queue()

    with pytest.raises(ApplicationError) as error:
        job_cancel(actor=world.membership(world.viewer), job=job)

    assert error.value.status == 403


def test_a_finished_job_cannot_be_cancelled(world, queue):
    job = queue()
    job_cancel(actor=world.membership(world.editor), job=job)

    with pytest.raises(ApplicationError) as error:
        job_cancel(actor=world.membership(world.editor), job=job)

    assert error.value.status == 409
