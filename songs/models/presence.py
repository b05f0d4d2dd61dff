from __future__ import annotations

from django.conf import settings
from django.db import models

from songs.models.lyric import LyricDraft


class DraftPresence(models.Model):
    """Who has a draft open, and where they are writing: one row per person and draft, refreshed
    by the page every few seconds while it is open; a row not refreshed for a while means gone."""

    draft = models.ForeignKey(LyricDraft, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()
    # The section tag the caret is in ("Chorus"), while the person is typing; blank when reading.
    editing_section = models.CharField(max_length=60, blank=True)
    editing = models.BooleanField(default=False)

    class Meta:
        app_label = "songs"
        constraints = [
            models.UniqueConstraint(fields=["draft", "user"], name="songs_presence_one_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.draft}"
