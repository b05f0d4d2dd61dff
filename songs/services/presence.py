"""Writes of who has a draft open: the page reports every few seconds, and on leaving."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import Membership
from songs.models import DraftPresence, LyricDraft


def presence_touch(
    *, actor: Membership, draft: LyricDraft, editing: bool = False, section: str = ""
) -> None:
    DraftPresence.objects.update_or_create(
        draft=draft,
        user=actor.user,
        defaults={
            "seen_at": timezone.now(),
            "editing": editing,
            "editing_section": section.strip("[] ")[:60] if editing else "",
        },
    )


def presence_leave(*, actor: Membership, draft: LyricDraft) -> None:
    DraftPresence.objects.filter(draft=draft, user=actor.user).delete()
