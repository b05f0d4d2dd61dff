"""Writes of the song workspace."""

from __future__ import annotations

from django.db import transaction

from accounts.errors import ApplicationError
from accounts.models import Membership
from songs.models import Project


@transaction.atomic
def project_create(*, actor: Membership, title: str, description: str = "", default_style: str = "") -> Project:
    """A new project in the actor's team; editors and above may create."""
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot create projects.", status=403)
    title = title.strip()
    if not title:
        raise ApplicationError("Give the project a title.", field="title")
    if len(title) > 200:
        raise ApplicationError("A title has at most 200 characters.", field="title")
    if len(default_style) > 2000:
        raise ApplicationError("A style prompt has at most 2000 characters.", field="default_style")
    return Project.objects.create(
        team=actor.team,
        title=title,
        description=description.strip(),
        default_style=default_style.strip(),
        created_by=actor.user,
    )


API_PROJECT_TITLE = "API"


def project_for_api(*, team, named: str | int | None) -> Project:
    """The project an API call files its result in: the one named (id or title), else "API"."""
    if named not in (None, ""):
        projects = Project.objects.filter(team=team, archived_at=None)
        found = (
            projects.filter(pk=int(named)).first()
            if isinstance(named, int) or str(named).isdigit()
            else projects.filter(title=str(named)).first()
        )
        if found is None:
            raise ApplicationError(f"refrain_project: no project {named!r} in this team", field="refrain_project", code=2013)
        return found
    project, _ = Project.objects.get_or_create(
        team=team,
        title=API_PROJECT_TITLE,
        archived_at=None,
        defaults={"description": "Songs and lyrics generated through the Music API."},
    )
    return project
