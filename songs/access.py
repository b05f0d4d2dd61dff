"""`access_*`: fetch a workspace object and check the user's role in its team, or raise.

Outsiders get 404 (the object's existence is not revealed); a role too low gets 403.
"""

from __future__ import annotations

from django.http import Http404

from accounts.access import access_team
from accounts.models import Membership, Role, User
from songs.models import GenerationJob, LyricDraft, Project, Song, SongVersion, WebhookEndpoint


def access_project(
    *, user: User, project_id: int, role: str = Role.VIEWER
) -> tuple[Project, Membership]:
    project = Project.objects.select_related("team").filter(pk=project_id).first()
    if project is None:
        raise Http404("No such project.")
    return project, access_team(user=user, team_id=project.team_id, role=role)


def access_draft(
    *, user: User, draft_id: int, role: str = Role.VIEWER
) -> tuple[LyricDraft, Membership]:
    draft = (
        LyricDraft.objects.select_related("project__team", "current_revision")
        .filter(pk=draft_id)
        .first()
    )
    if draft is None:
        raise Http404("No such draft.")
    return draft, access_team(user=user, team_id=draft.project.team_id, role=role)


def access_song(
    *, user: User, song_id: int, role: str = Role.VIEWER, in_trash: bool = False
) -> tuple[Song, Membership]:
    """The song and the member asking; a song in the trash is reached only from the trash."""
    song = (
        Song.objects.select_related("project__team", "current_version")
        .filter(pk=song_id, trashed_at__isnull=not in_trash)
        .first()
    )
    if song is None:
        raise Http404("No such song.")
    return song, access_team(user=user, team_id=song.project.team_id, role=role)


def access_version(
    *, user: User, version_id: int, role: str = Role.VIEWER
) -> tuple[SongVersion, Membership]:
    version = (
        SongVersion.objects.select_related("song__project__team")
        .filter(pk=version_id, song__trashed_at=None)
        .first()
    )
    if version is None:
        raise Http404("No such version.")
    return version, access_team(user=user, team_id=version.song.project.team_id, role=role)


def access_job(*, user: User, job_id, role: str = Role.VIEWER) -> tuple[GenerationJob, Membership]:
    job = GenerationJob.objects.select_related("project", "created_by").filter(pk=job_id).first()
    if job is None:
        raise Http404("No such job.")
    return job, access_team(user=user, team_id=job.team_id, role=role)


def access_webhook_endpoint(
    *, user: User, endpoint_id: int, role: str = Role.ADMIN
) -> tuple[WebhookEndpoint, Membership]:
    """An endpoint of the user's team; webhooks are the owners' and admins' business."""
    endpoint = WebhookEndpoint.objects.select_related("team").filter(pk=endpoint_id).first()
    if endpoint is None:
        raise Http404("No such webhook endpoint.")
    return endpoint, access_team(user=user, team_id=endpoint.team_id, role=role)
