"""Reads of the song workspace."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Team
from songs.models import Project


def project_list_for_team(*, team: Team, include_archived: bool = False) -> QuerySet[Project]:
    projects = Project.objects.filter(team=team)
    return projects if include_archived else projects.filter(archived_at=None)
