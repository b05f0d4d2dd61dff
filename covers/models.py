"""Reference recordings and the features analysed from them (valid 24 h, like the contract's)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Team
from covers.lanes import key_name


def _reference_path(reference: ReferenceAudio, filename: str) -> str:
    return f"teams/{reference.team_id}/references/{filename}"


class ReferenceAudio(models.Model):
    """A recording a team gave to cover: uploaded, sent as base64, or fetched from a URL."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="references")
    file = models.FileField(upload_to=_reference_path, max_length=300)
    md5 = models.CharField(max_length=32)  # of the decoded audio: the cover_feature_id
    sha256 = models.CharField(max_length=64)  # of the file as received
    format = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    duration_s = models.FloatField()
    source_url = models.URLField(max_length=2000, blank=True)
    name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["team", "md5"], name="covers_reference_unique_audio")
        ]

    def __str__(self) -> str:
        return self.name or self.md5


class CoverFeature(models.Model):
    """What analysis found in a reference: tempo, beats, key, chords, melody, sections, lyrics."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="cover_features")
    feature_id = models.CharField(max_length=32)  # same audio, same id
    reference = models.ForeignKey(ReferenceAudio, on_delete=models.CASCADE, related_name="features")
    features = models.JSONField(default=dict)
    formatted_lyrics = models.TextField(blank=True)
    structure_result = models.TextField(blank=True)  # a JSON string, as the contract returns it
    audio_duration = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["team", "feature_id"], name="covers_feature_unique")
        ]

    def __str__(self) -> str:
        return self.feature_id

    @property
    def key_name(self) -> str:
        """The song's key as the pages name it ("Eb minor")."""
        return key_name(self.features)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
