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

    class Meta:
        app_label = "songs"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["team", "archived_at"])]

    def __str__(self) -> str:
        return self.title
