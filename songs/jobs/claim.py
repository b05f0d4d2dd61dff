"""A worker claims the queued job that is fairest to run now, with a conditional update: of two
workers that pick the same job, one gets it and the other takes nothing."""

from __future__ import annotations

from django.db.models import Count, F
from django.utils import timezone

from accounts.models import Team
from accounts.usage import plan_for_team
from songs.models import GenerationJob, JobStatus

CLAIM_TRIES = 5
QUEUE_WINDOW = 500  # the oldest queued jobs considered at each claim


def _running_limit(team_id: int) -> int:
    return plan_for_team(team=Team.objects.select_related("plan").get(pk=team_id)).max_running_jobs


def _fairest_queued_job_id() -> object | None:
    """Teams at their plan's running-job limit wait; among the others the team with the fewest
    running jobs goes first, so one team's burst does not starve another's queue."""
    running = dict(
        GenerationJob.objects.filter(status=JobStatus.RUNNING)
        .values_list("team_id")
        .annotate(n=Count("id"))
        .values_list("team_id", "n")
    )
    queued = GenerationJob.objects.filter(status=JobStatus.QUEUED).order_by("created_at")
    limits: dict[int, int] = {}
    eligible = []
    for job_id, team_id, created_at in queued.values_list("id", "team_id", "created_at")[
        :QUEUE_WINDOW
    ]:
        if team_id not in limits:
            limits[team_id] = _running_limit(team_id)
        if running.get(team_id, 0) < limits[team_id]:
            eligible.append((running.get(team_id, 0), created_at, job_id))
    return min(eligible)[2] if eligible else None


def job_claim_next() -> GenerationJob | None:
    """Claim the fairest queued job (its attempt counted), or None when none may run now."""
    for _ in range(CLAIM_TRIES):
        job_id = _fairest_queued_job_id()
        if job_id is None:
            return None
        now = timezone.now()
        claimed = GenerationJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            heartbeat_at=now,
            stage="starting",
            updated_at=now,
        )
        if claimed:
            return GenerationJob.objects.select_related(
                "team", "project", "song", "draft", "created_by", "sung_revision"
            ).get(pk=job_id)
    return None
