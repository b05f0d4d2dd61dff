"""Songs and their versions: every generation adds a version; restoring is itself a version."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet

from accounts.errors import ApplicationError, Conflict
from accounts.models import Membership
from songs.models import Song, SongVersion, VersionKind
from songs.services.downloads import download_names_for
from songs.webhooks.emit import version_created_emit

# Fields a restored version carries over from the version it restores.
_COPIED = (
    "prompt",
    "lyrics",
    "lyric_revision",
    "settings",
    "provider",
    "model",
    "seed",
    "audio",
    "format",
    "duration_ms",
    "sample_rate",
    "bitrate",
    "channels",
    "size",
    "peaks",
    "lrc",
    "stems",
    "midi",
    "details",
)


@transaction.atomic
def song_version_restore(*, actor: Membership, version: SongVersion) -> SongVersion:
    """Make an older version current by recording a new `restored` version that shares its files."""
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot restore versions.", status=403)
    song = Song.objects.select_for_update().get(pk=version.song_id)
    if song.current_version_id == version.pk:
        raise ApplicationError(f"v{version.number} is the current version already.", status=409)
    number = song.next_version_number()
    restored = SongVersion(
        song=song,
        number=number,
        parent=song.current_version,
        kind=VersionKind.RESTORED,
        restored_from=version,
        created_by=actor.user,
        **{name: getattr(version, name) for name in _COPIED},
    )
    restored.save()
    song.current_version = restored
    song.save(update_fields=["current_version", "updated_at"])
    version_created_emit(restored)
    return restored


def stored_files(versions: QuerySet[SongVersion]) -> set[str]:
    """The storage names of the versions' audio, MIDI and stems, and of the downloads kept for
    their audio (in other formats, `songs.services.downloads`)."""
    names: set[str] = set()
    for audio, midi, stems in versions.values_list("audio", "midi", "stems"):
        names.update(name for name in (audio, midi, *(stems or {}).values()) if name)
        names.update(download_names_for(audio) if audio else ())
    return names


def delete_stored_files_on_commit(names: set[str]) -> None:
    """Remove files once the rows that named them are gone for good (not if the delete rolls back)."""
    transaction.on_commit(lambda: [default_storage.delete(name) for name in sorted(names)])


def song_delete(*, actor: Membership, song: Song) -> None:
    """Delete a song with every version and their files now: editors and above (people delete
    into the trash, `songs.services.library`; this empties it)."""
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot delete songs.", status=403)
    song_remove(song)


@transaction.atomic
def song_remove(song: Song) -> None:
    """Remove the song's rows and, once that commits, its files."""
    song = Song.objects.select_for_update().get(pk=song.pk)
    names = stored_files(song.versions.all())
    song.delete()
    delete_stored_files_on_commit(names)


@transaction.atomic
def song_version_delete(*, actor: Membership, version: SongVersion) -> Song:
    """Delete one version and the files no other version shares (a restore shares its original's).

    The song keeps its other versions; if this one was current, the newest remaining becomes
    current. Numbers are never reused, and versions that pointed at this one (made from it,
    restored from it) keep everything but that link. A song's only version goes with the song."""
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot delete versions.", status=403)
    song = Song.objects.select_for_update().get(pk=version.song_id)
    remaining = song.versions.exclude(pk=version.pk)
    if not remaining.exists():
        raise Conflict(f"v{version.number} is the song's only version: delete the song instead.")
    names = stored_files(SongVersion.objects.filter(pk=version.pk))
    names -= stored_files(SongVersion.objects.filter(~Q(pk=version.pk), Q(song=song)))
    if song.current_version_id == version.pk:
        song.current_version = remaining.order_by("-number").first()
        song.save(update_fields=["current_version", "updated_at"])
    version.delete()
    delete_stored_files_on_commit(names)
    return song
