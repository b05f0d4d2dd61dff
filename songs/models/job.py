from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from accounts.models import ApiKey, Team
from songs.models.project import Project


def new_trace_id() -> str:
    return uuid.uuid4().hex


class JobKind(models.TextChoices):
    LYRICS = "lyrics", "Lyrics"
    MUSIC = "music", "Song"
    COVER_PREPROCESS = "cover_preprocess", "Cover analysis"
    COVER = "cover", "Cover"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)
FINISHED_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class GenerationJob(models.Model):
    """One generation. The row is the truth about it, not the queue."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=JobKind.choices)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="jobs")
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    # Where the result lands: a new version of `song`, a new revision of `draft` (else new ones).
    song = models.ForeignKey(
        "songs.Song", on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    draft = models.ForeignKey(
        "songs.LyricDraft", on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    api_key = models.ForeignKey(
        ApiKey, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    usage = models.OneToOneField(
        "accounts.UsageEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="job"
    )
    # Refrain's own inputs, beside the Music API request: the new song's or draft's title, the
    # lyric revision a song sings, and the kept recording (covers.ReferenceAudio) a cover or an
    # analysis listens to: an id, not a foreign key, since songs knows nothing of covers.
    title = models.CharField(max_length=200, blank=True)
    sung_revision = models.ForeignKey(
        "songs.LyricRevision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference_id = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=30, blank=True)
    # The Music API request as validated at the edge (its contract type's `to_json()`); the
    # workers load it back with `songs.jobs.requests.stored_request`.
    request = models.JSONField(default=dict)
    result = models.JSONField(default=dict, blank=True)
    error_code = models.IntegerField(null=True, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    # NULL, not "", when absent: the unique constraint must ignore jobs without a key.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    provider = models.CharField(max_length=20, blank=True)
    trace_id = models.CharField(max_length=32, default=new_trace_id)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "songs"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="songs_job_idempotency_unique",
            )
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["team", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} job {self.id} ({self.status})"

    @property
    def display_title(self) -> str:
        """What the job makes, by name: its song's or draft's title, else the one it was given."""
        named = self.song if self.song_id else self.draft if self.draft_id else None
        return (named.title if named is not None else self.title) or self.get_kind_display()

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


class AudioChunk(models.Model):
    """Encoded audio of a streaming job, as the worker produces it: `stream: true` answers read it
    while the job still runs, from any web process."""

    job = models.ForeignKey(GenerationJob, on_delete=models.CASCADE, related_name="audio_chunks")
    index = models.PositiveIntegerField()
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "songs"
        ordering = ["job_id", "index"]
        constraints = [
            models.UniqueConstraint(fields=["job", "index"], name="songs_audio_chunk_unique")
        ]

    def __str__(self) -> str:
        return f"chunk {self.index} of {self.job_id}"
