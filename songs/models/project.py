from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Team


class Project(models.Model):
    """A team's song project: the room where drafts, songs and their versions live."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    default_style = models.CharField(
        max_length=2000, blank=True, help_text="Style prompt proposed when generating songs."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # The project a team's Music API calls file their songs and lyrics in when they name none.
    is_api_inbox = models.BooleanField(default=False)

    class Meta:
        app_label = "songs"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["team", "archived_at"])]
        constraints = [
            # Concurrent first calls of a team must not create two inboxes (one wins, one reads it).
            models.UniqueConstraint(
                fields=["team"],
                condition=models.Q(is_api_inbox=True, archived_at=None),
                name="songs_project_one_api_inbox",
            )
        ]

    def __str__(self) -> str:
        return self.title
