"""The pages where a job waits say so when no worker is running to take it."""

from __future__ import annotations

import pytest

from tests.ops.clusters import queued_job, report_cluster

pytestmark = pytest.mark.django_db
NOTICE = "No worker is running: this generation waits until one starts"


def test_the_job_panel_of_a_queued_job_says_no_worker_is_running(world, client_for):
    job = queued_job(world, waited_s=0)

    panel = client_for(world.owner).get(f"/jobs/{job.pk}/panel")

    assert panel.status_code == 200
    assert NOTICE in panel.content.decode()
    assert "manage.py qcluster" in panel.content.decode()


def test_the_job_page_and_the_job_list_say_it_too(world, client_for):
    job = queued_job(world, waited_s=0)
    client = client_for(world.owner, world.team)

    assert NOTICE in client.get(f"/jobs/{job.pk}/").content.decode()
    assert NOTICE in client.get("/jobs/").content.decode()


def test_no_notice_while_a_worker_cluster_reports_in(world, client_for):
    job = queued_job(world, waited_s=0)
    report_cluster(workers=1)
    client = client_for(world.owner, world.team)

    assert NOTICE not in client.get(f"/jobs/{job.pk}/panel").content.decode()
    assert NOTICE not in client.get("/jobs/").content.decode()


def test_no_notice_for_a_job_that_already_runs(world, client_for):
    job = queued_job(world, waited_s=0)
    job.status = "running"
    job.save(update_fields=["status"])

    assert NOTICE not in client_for(world.owner).get(f"/jobs/{job.pk}/panel").content.decode()
