from __future__ import annotations

from django.conf import settings
from django.db import models

from songs.models.project import Project


class RevisionSource(models.TextChoices):
    HUMAN = "human", "Written by hand"
    AI_WRITE = "ai_write", "Written by the lyrics generator"
    AI_EDIT = "ai_edit", "Edited by the lyrics generator"
    SPEECH = "speech", "Heard by speech recognition"


class LyricDraft(models.Model):
    """A lyric draft; its text is its current revision."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="drafts")
    title = models.CharField(max_length=200)
    current_revision = models.ForeignKey(
        "songs.LyricRevision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "songs"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title


class LyricRevision(models.Model):
    """An immutable state of a draft: who wrote it, from which revision, and how."""

    draft = models.ForeignKey(LyricDraft, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    # RESTRICT, not PROTECT: a revision is never deleted alone, but goes with its draft.
    parent = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="children"
    )
    body = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.CharField(
        max_length=10, choices=RevisionSource.choices, default=RevisionSource.HUMAN
    )
    message = models.CharField(max_length=300, blank=True)
    job = models.OneToOneField(
        "songs.GenerationJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lyric_revision",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "songs"
        ordering = ["draft_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="songs_revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.draft} r{self.number}"


class LyricComment(models.Model):
    """A comment on words of one line of a revision (songs/comment_anchors.py shows it on the
    draft's other revisions); replies hang under a root comment, which can be resolved."""

    revision = models.ForeignKey(LyricRevision, on_delete=models.CASCADE, related_name="comments")
    line_number = models.PositiveIntegerField(help_text="1-based line of the revision's body")
    start_col = models.PositiveIntegerField(default=0, help_text="0-based, in characters")
    end_col = models.PositiveIntegerField(default=0, help_text="exclusive")
    quote = models.CharField(max_length=500, blank=True, help_text="the words commented on")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        app_label = "songs"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"comment on {self.revision} line {self.line_number}"


class CommentMention(models.Model):
    """A team member named with @username in a comment: a notice for them."""

    comment = models.ForeignKey(LyricComment, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_mentions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "songs"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="songs_mention_once")
        ]

    def __str__(self) -> str:
        return f"@{self.user_id} in comment {self.comment_id}"
