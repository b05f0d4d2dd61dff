"""Sharing a version: editors make its public link, change its terms, revoke it.

A version has one link at a time. Sharing it again while the link is live keeps the address
(whoever has it keeps listening) and takes the new terms, expiry and downloads; to end an address,
revoke it; the next share makes a new one. A link that expired is retired when the next is made.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.errors import ApplicationError
from accounts.models import Membership
from songs.models import ShareLink, SongVersion

# What the version page offers; the API takes any count of days up to the longest.
EXPIRY_CHOICES_DAYS = (1, 7, 30)
MAX_EXPIRY_DAYS = 365


@transaction.atomic
def share_create(
    *,
    actor: Membership,
    version: SongVersion,
    expires_in_days: int | None = None,
    allow_download: bool = False,
) -> tuple[ShareLink, bool]:
    """The version's live link with these terms, and whether it is new: editors and above."""
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot share versions.", status=403)
    # One sharer at a time per version, so two clicks cannot make two links.
    SongVersion.objects.select_for_update().filter(pk=version.pk).first()
    now = timezone.now()
    expires_at = now + timedelta(days=expires_in_days) if expires_in_days else None
    link = ShareLink.objects.filter(version=version, revoked_at=None).first()
    if link is not None and link.is_expired(now):
        link.revoked_at = now
        link.save(update_fields=["revoked_at"])
        link = None
    if link is not None:
        link.expires_at, link.allow_download = expires_at, allow_download
        link.save(update_fields=["expires_at", "allow_download"])
        return link, False
    link = ShareLink.objects.create(
        version=version,
        expires_at=expires_at,
        allow_download=allow_download,
        created_by=actor.user,
    )
    return link, True


@transaction.atomic
def share_revoke(*, actor: Membership, version: SongVersion) -> ShareLink:
    """End the version's link: its address answers 404 from now on. Editors and above."""
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot revoke share links.", status=403)
    link = ShareLink.objects.select_for_update().filter(version=version, revoked_at=None).first()
    if link is None:
        raise ApplicationError("This version has no share link.", status=404)
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    return link
