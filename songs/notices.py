"""Reads for the notices every page shows: generations of mine (or my team's, when I follow it)
that finished since I last looked."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from accounts.models import Membership
from songs.models import GenerationJob, JobStatus

NOTICED_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED)


def notice_list(*, membership: Membership, after: datetime | None = None) -> QuerySet:
    """The member's unseen results, newest first; only those finished after `after` if given."""
    seen_at = membership.notices_seen_at or membership.created_at
    jobs = GenerationJob.objects.filter(
        team_id=membership.team_id, status__in=NOTICED_STATUSES, finished_at__gt=seen_at
    )
    if not membership.notify_team_results:
        jobs = jobs.filter(created_by_id=membership.user_id)
    if after is not None:
        jobs = jobs.filter(finished_at__gt=after)
    return jobs.select_related("song", "draft", "created_by").order_by("-finished_at")


def notice_count(*, membership: Membership) -> int:
    return notice_list(membership=membership).count()
