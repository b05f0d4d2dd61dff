"""A proposed change to one line of a draft, tracked until an editor accepts or rejects it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from songs.models.lyric import LyricDraft, LyricRevision


class SuggestionStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class LyricSuggestion(models.Model):
    """A proposal that line N of revision R read T instead (T empty: remove the line).
    Accepting it merges the change into the current text, as a revision by its author."""

    draft = models.ForeignKey(LyricDraft, on_delete=models.CASCADE, related_name="suggestions")
    revision = models.ForeignKey(
        LyricRevision, on_delete=models.CASCADE, related_name="suggestions"
    )
    line_number = models.PositiveIntegerField(help_text="1-based line of the revision's body")
    # Kept, not re-read from the revision: it says what was there when the card shows the change,
    # and finds the line again in later revisions.
    original_text = models.TextField(blank=True)
    proposed_text = models.TextField(blank=True, help_text="one line; empty removes the line")
    note = models.CharField(max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    result_revision = models.ForeignKey(
        LyricRevision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_suggestions",
        help_text="the revision an accepted suggestion became",
    )

    class Meta:
        app_label = "songs"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["draft", "status"], name="songs_suggestion_open")]

    def __str__(self) -> str:
        return f"suggestion on {self.revision} line {self.line_number}"
