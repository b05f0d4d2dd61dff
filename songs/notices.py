"""Reads for the notices every page shows: generations of mine (or my team's, when I follow it)
that finished since I last looked, comments that mention me (@username) since then, and my
suggestions someone accepted or rejected."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import Membership
from songs.models import CommentMention, GenerationJob, JobStatus, LyricSuggestion

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


def mention_list(*, membership: Membership, after: datetime | None = None) -> QuerySet:
    """Comments in the member's team that mention them, unseen, newest first; only those made
    after `after` if given."""
    seen_at = membership.notices_seen_at or membership.created_at
    mentions = CommentMention.objects.filter(
        user_id=membership.user_id,
        comment__revision__draft__project__team_id=membership.team_id,
        created_at__gt=seen_at,
    )
    if after is not None:
        mentions = mentions.filter(created_at__gt=after)
    return mentions.select_related("comment__author", "comment__revision__draft").order_by(
        "-created_at", "-id"
    )


def mention_url(mention: CommentMention) -> str:
    """The thread on the draft's page, whether it is still open or not."""
    comment = mention.comment
    thread_id = comment.parent_id or comment.pk
    draft_url = reverse("draft", args=[comment.revision.draft_id])
    return f"{draft_url}?comments=all#comment-{thread_id}"


def suggestion_decision_list(
    *, membership: Membership, after: datetime | None = None
) -> QuerySet[LyricSuggestion]:
    """The member's suggestions someone else accepted or rejected since they last looked (a
    withdrawal is the author's own doing: no news to them)."""
    seen_at = membership.notices_seen_at or membership.created_at
    decisions = LyricSuggestion.objects.filter(
        draft__project__team_id=membership.team_id,
        author_id=membership.user_id,
        decided_at__gt=seen_at,
    ).exclude(decided_by_id=membership.user_id)
    if after is not None:
        decisions = decisions.filter(decided_at__gt=after)
    return decisions.select_related("draft", "decided_by", "result_revision").order_by(
        "-decided_at"
    )


def notice_count(*, membership: Membership) -> int:
    return (
        notice_list(membership=membership).count()
        + mention_list(membership=membership).count()
        + suggestion_decision_list(membership=membership).count()
    )
