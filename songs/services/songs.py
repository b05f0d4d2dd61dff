"""Songs and their versions: every generation adds a version; restoring is itself a version."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from accounts.errors import ApplicationError
from accounts.models import Membership
from songs.models import Project, Song, SongVersion, VersionKind

# Fields a restored version carries over from the version it restores.
_COPIED = (
    "prompt", "lyrics", "lyric_revision", "settings", "provider", "model", "seed", "audio", "format", "duration_ms",
    "sample_rate", "bitrate", "channels", "size", "peaks", "lrc", "stems", "midi", "details",
)


@transaction.atomic
def song_create(*, actor: Membership, project: Project, title: str) -> Song:
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot create songs.", status=403)
    if project.team_id != actor.team_id:
        raise ApplicationError("No such project.", status=404)
    title = title.strip()
    if not title or len(title) > 200:
        raise ApplicationError("A song title has 1 to 200 characters.", field="title")
    return Song.objects.create(project=project, title=title, created_by=actor.user)


@transaction.atomic
def song_rename(*, actor: Membership, song: Song, title: str) -> Song:
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot rename songs.", status=403)
    title = title.strip()
    if not title or len(title) > 200:
        raise ApplicationError("A song title has 1 to 200 characters.", field="title")
    song.title = title
    song.save(update_fields=["title", "updated_at"])
    return song


@transaction.atomic
def song_version_restore(*, actor: Membership, version: SongVersion) -> SongVersion:
    """Make an older version current by recording a new `restored` version that shares its files."""
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot restore versions.", status=403)
    song = Song.objects.select_for_update().get(pk=version.song_id)
    if song.current_version_id == version.pk:
        raise ApplicationError(f"v{version.number} is the current version already.", status=409)
    number = (song.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    restored = SongVersion(
        song=song, number=number, parent=song.current_version, kind=VersionKind.RESTORED,
        restored_from=version, created_by=actor.user, **{name: getattr(version, name) for name in _COPIED},
    )
    restored.save()
    song.current_version = restored
    song.save(update_fields=["current_version", "updated_at"])
    return restored
