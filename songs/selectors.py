"""Reads of the song workspace."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Team, User
from songs.models import GenerationJob, Project


def project_list_for_team(*, team: Team, include_archived: bool = False) -> QuerySet[Project]:
    projects = Project.objects.filter(team=team)
    return projects if include_archived else projects.filter(archived_at=None)


def job_list_for_user(*, user: User, team_id: int | None = None) -> QuerySet[GenerationJob]:
    """Jobs of the teams the user is in (or of one of them)."""
    jobs = GenerationJob.objects.filter(team__memberships__user=user).select_related("project", "created_by")
    if team_id is not None:
        jobs = jobs.filter(team_id=team_id)
    return jobs.order_by("-created_at")


def job_get_for_user(*, user: User, job_id) -> GenerationJob | None:
    return job_list_for_user(user=user).filter(pk=job_id).first()
