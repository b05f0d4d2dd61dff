"""Claiming the fairest queued job: teams at their limit wait, a burst does not starve others."""

import pytest

from accounts.models import Membership, Plan, Team
from songs.jobs.claim import job_claim_next
from songs.models import GenerationJob, JobStatus, Project

pytestmark = pytest.mark.django_db


def test_one_teams_burst_does_not_starve_another_team(world, queue):
    other_team = Team.objects.create(name="Other")
    Membership.objects.create(team=other_team, user=world.editor, role="editor")
    other_project = Project.objects.create(team=other_team, title="Other album")
    burst = [queue() for _ in range(4)]
    job_claim_next()  # the burst's first job is running
    other_editor = Membership.objects.select_related("team").get(team=other_team, user=world.editor)
    late_other = queue(actor=other_editor, in_project=other_project)

    claimed = job_claim_next()

    assert claimed.pk == late_other.pk
    assert GenerationJob.objects.get(pk=burst[1].pk).status == JobStatus.QUEUED


def test_a_team_at_its_running_limit_waits(world, queue):
    world.team.plan = Plan.objects.create(name="tiny", max_running_jobs=1)
    world.team.save()
    queue()
    queue()

    assert job_claim_next() is not None
    assert job_claim_next() is None


def test_a_claim_counts_the_attempt_and_marks_the_job_running(queue):
    job = queue()

    claimed = job_claim_next()

    assert claimed.pk == job.pk
    assert (claimed.status, claimed.attempts, claimed.stage) == (JobStatus.RUNNING, 1, "starting")
