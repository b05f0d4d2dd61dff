"""Writes of the song workspace."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accounts.errors import ApplicationError
from accounts.models import Membership
from songs.models import Project, SongVersion


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


@transaction.atomic
def project_update(*, actor: Membership, project: Project, title: str, description: str, default_style: str) -> Project:
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot change projects.", status=403)
    title = title.strip()
    if not title or len(title) > 200:
        raise ApplicationError("A title has 1 to 200 characters.", field="title")
    if len(default_style) > 2000:
        raise ApplicationError("A style prompt has at most 2000 characters.", field="default_style")
    project.title, project.description, project.default_style = title, description.strip(), default_style.strip()
    project.save(update_fields=["title", "description", "default_style", "updated_at"])
    return project


@transaction.atomic
def project_archive(*, actor: Membership, project: Project, archived: bool = True) -> Project:
    """Archive (hide from the list, keep everything) or bring back a project: admins and owners."""
    if not actor.can_manage:
        raise ApplicationError("Only admins and owners archive projects.", status=403)
    project.archived_at = timezone.now() if archived else None
    project.save(update_fields=["archived_at", "updated_at"])
    return project


@transaction.atomic
def project_delete(*, actor: Membership, project: Project) -> None:
    """Delete a project with its drafts, songs and versions: admins and owners, archived first."""
    if not actor.can_manage:
        raise ApplicationError("Only admins and owners delete projects.", status=403)
    if project.archived_at is None:
        raise ApplicationError("Archive the project before deleting it.", status=409)
    names = set()
    for audio, midi, stems in SongVersion.objects.filter(song__project=project).values_list("audio", "midi", "stems"):
        names.update(name for name in (audio, midi, *stems.values()) if name)
    project.delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


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
