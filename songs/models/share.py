"""Share links: a public address for one song version, revocable, optionally expiring.

The address carries a token: the link's random `key` signed with the site's secret
(`django.core.signing`). The key alone, as the database holds it, opens nothing; the page can
still show the address again whenever an editor comes back to copy it.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings as django_settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

from songs.models.song import SongVersion

_SIGNER = signing.Signer(salt="songs.share", sep=".")


def new_share_key() -> str:
    return secrets.token_urlsafe(16)


def share_key_from_token(token: str) -> str | None:
    """The key a token carries, if we signed it; None for anything else."""
    try:
        return _SIGNER.unsign(token)
    except signing.BadSignature:
        return None


class ShareLink(models.Model):
    """A public link to one version. Live until revoked or expired; a version has at most one
    link that is not revoked."""

    version = models.ForeignKey(SongVersion, on_delete=models.CASCADE, related_name="share_links")
    key = models.CharField(max_length=32, unique=True, default=new_share_key, editable=False)
    allow_download = models.BooleanField(default=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Set when an editor revokes it, or when a new link replaces it after it expired.
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "songs"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version"],
                condition=models.Q(revoked_at=None),
                name="songs_share_one_unrevoked_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"share of {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("share_page", args=[self.token])

    @property
    def token(self) -> str:
        """What the public address carries."""
        return _SIGNER.sign(self.key)

    def embed_url(self) -> str:
        return reverse("share_embed", args=[self.token])

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())
