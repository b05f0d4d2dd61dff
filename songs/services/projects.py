"""Writes of the song workspace."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.errors import ApplicationError
from accounts.models import Membership
from accounts.validation import clean_name
from songs.models import Project, SongVersion
from songs.services.songs import delete_stored_files_on_commit, stored_files

MAX_STYLE_CHARS = 2000


def _check_style(default_style: str) -> None:
    if len(default_style) > MAX_STYLE_CHARS:
        raise ApplicationError(
            f"A style prompt has at most {MAX_STYLE_CHARS} characters.", field="default_style"
        )


@transaction.atomic
def project_create(
    *, actor: Membership, title: str, description: str = "", default_style: str = ""
) -> Project:
    """A new project in the actor's team; editors and above may create."""
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot create projects.", status=403)
    _check_style(default_style)
    return Project.objects.create(
        team=actor.team,
        title=clean_name(title, what="project"),
        description=description.strip(),
        default_style=default_style.strip(),
        created_by=actor.user,
    )


@transaction.atomic
def project_update(
    *, actor: Membership, project: Project, title: str, description: str, default_style: str
) -> Project:
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot change projects.", status=403)
    _check_style(default_style)
    project.title, project.description, project.default_style = (
        clean_name(title, what="project"),
        description.strip(),
        default_style.strip(),
    )
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
    names = stored_files(SongVersion.objects.filter(song__project=project))
    project.delete()
    delete_stored_files_on_commit(names)


API_PROJECT_TITLE = "API"
_MAX_ID = 2**63 - 1


def project_for_api(*, team, named: str | int | None) -> Project:
    """The project an API call files its result in: the one named (id or title), else the team's
    API inbox, made on first use (concurrent first calls share one)."""
    if named not in (None, ""):
        return _project_named(team, named)
    inbox = Project.objects.filter(team=team, is_api_inbox=True, archived_at=None).first()
    if inbox is not None:
        return inbox
    try:
        with transaction.atomic():
            return Project.objects.create(
                team=team,
                title=API_PROJECT_TITLE,
                is_api_inbox=True,
                description="Songs and lyrics generated through the Music API.",
            )
    except IntegrityError:  # another call of this team made the inbox meanwhile
        return Project.objects.get(team=team, is_api_inbox=True, archived_at=None)


def _project_named(team, named: str | int) -> Project:
    if isinstance(named, bool) or not isinstance(named, str | int):
        raise ApplicationError(
            "refrain_project: must be a project id or title", field="refrain_project"
        )
    projects = Project.objects.filter(team=team, archived_at=None)
    text = str(named)
    if text.isascii() and text.isdigit():
        found = projects.filter(pk=int(text)).first() if int(text) <= _MAX_ID else None
    else:
        found = projects.filter(title=text).first()
    if found is None:
        raise ApplicationError(
            f"refrain_project: no project {named!r} in this team",
            field="refrain_project",
        )
    return found
