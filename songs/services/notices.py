"""Writes behind the notices: marking results seen, following the team's results."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import Membership


def notices_mark_seen(*, membership: Membership) -> None:
    """Everything finished until now counts as seen by this member."""
    membership.notices_seen_at = timezone.now()
    membership.save(update_fields=["notices_seen_at"])


def notices_follow_team(*, membership: Membership, on: bool) -> None:
    """Be told of the whole team's results, or only of one's own."""
    membership.notify_team_results = on
    membership.save(update_fields=["notify_team_results"])
