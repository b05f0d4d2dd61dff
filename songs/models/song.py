from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models

from songs.models.lyric import LyricRevision
from songs.models.project import Project


class VersionKind(models.TextChoices):
    ORIGINAL = "original", "Original"
    INSTRUMENTAL = "instrumental", "Instrumental"
    COVER = "cover", "Cover"
    RESTORED = "restored", "Restored"


class Song(models.Model):
    """A song of a project; every generation adds a version, one of which is current."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="songs")
    title = models.CharField(max_length=200)
    current_version = models.ForeignKey(
        "songs.SongVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # How many versions were ever made: the next one is numbered after it, even when the newest
    # was deleted (a number names one rendering, for good).
    versions_made = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # In the trash since then: hidden everywhere but the trash, purged with its files 30 days on.
    trashed_at = models.DateTimeField(null=True, blank=True)
    trashed_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        app_label = "songs"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def next_version_number(self) -> int:
        """Count a new version and return its number; call it on a row locked for update."""
        self.versions_made += 1
        Song.objects.filter(pk=self.pk).update(versions_made=self.versions_made)
        return self.versions_made


def song_file_path(song: Song, filename: str) -> str:
    """Where a song's files are stored: its versions' audio, MIDI and stems."""
    return f"teams/{song.project.team_id}/songs/{song.pk}/{filename}"


def _version_path(version: SongVersion, filename: str) -> str:  # upload_to, named in migrations
    return song_file_path(version.song, filename)


class SongVersion(models.Model):
    """An immutable rendering of a song with its provenance."""

    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(
        max_length=12, choices=VersionKind.choices, default=VersionKind.ORIGINAL
    )
    prompt = models.TextField(blank=True)
    lyrics = models.TextField(blank=True)
    lyric_revision = models.ForeignKey(
        LyricRevision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="song_versions",
    )
    settings = models.JSONField(
        default=dict, blank=True
    )  # the request: audio setting, flags, model
    provider = models.CharField(max_length=20, blank=True)
    model = models.CharField(max_length=40, blank=True)
    seed = models.BigIntegerField(null=True, blank=True)
    audio = models.FileField(upload_to=_version_path, max_length=300)
    format = models.CharField(max_length=8)
    duration_ms = models.PositiveIntegerField()
    sample_rate = models.PositiveIntegerField()
    bitrate = models.PositiveIntegerField()
    channels = models.PositiveSmallIntegerField()
    size = models.PositiveIntegerField()
    peaks = models.JSONField(default=list, blank=True)  # waveform: max |sample| per bucket, 0..1
    lrc = models.TextField(blank=True)
    stems = models.JSONField(default=dict, blank=True)  # role -> storage name
    midi = models.FileField(upload_to=_version_path, max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)  # tempo, key, sections ...
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="restorations"
    )
    job = models.OneToOneField(
        "songs.GenerationJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="song_version",
    )
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "songs"
        ordering = ["song_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["song", "number"], name="songs_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.song} v{self.number}"


class Favourite(models.Model):
    """A song someone starred: their own list, not the team's."""

    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites"
    )
    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="favourites")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "songs"
        constraints = [
            models.UniqueConstraint(fields=["user", "song"], name="songs_favourite_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} likes {self.song}"
