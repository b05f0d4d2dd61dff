"""Notices on every page: my finished generations (or my team's) and mentions of me in comments,
polled by htmx."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.redirects import redirect_back
from songs.notices import (
    mention_list,
    mention_url,
    notice_count,
    notice_list,
    suggestion_decision_list,
)
from songs.services.notices import notices_follow_team, notices_mark_seen
from songs.views.jobs import result_url


def _since(request: HttpRequest) -> datetime | None:
    try:
        return datetime.fromisoformat(request.GET.get("since", ""))
    except ValueError:
        return None


@login_required
@require_GET
def notice_poll(request: HttpRequest) -> HttpResponse:
    """The poller again, with the results that finished since its last poll as new notices and
    the header's count of unseen ones."""
    membership = request.membership
    now = timezone.now()
    fresh, mentions, decided, count = [], [], [], 0
    if membership is not None:
        since = _since(request)
        if since is not None:
            fresh = [
                {"job": job, "url": result_url(job)}
                for job in notice_list(membership=membership, after=since)[:5]
            ]
            mentions = [
                {"mention": mention, "url": mention_url(mention)}
                for mention in mention_list(membership=membership, after=since)[:5]
            ]
            decided = suggestion_decision_list(membership=membership, after=since)[:5]
        count = notice_count(membership=membership)
    context = {
        "fresh": fresh,
        "mentions": mentions,
        "decided": decided,
        "count": count,
        "since": now.isoformat(),
    }
    return render(request, "songs/partials/notices.html", context)


@login_required
@require_POST
def notices_seen(request: HttpRequest) -> HttpResponse:
    if request.membership is not None:
        notices_mark_seen(membership=request.membership)
    if request.headers.get("HX-Request"):
        return render(request, "songs/partials/notice_count.html", {"count": 0, "oob": False})
    return redirect_back(request, "jobs")


@login_required
@require_POST
def notices_follow(request: HttpRequest) -> HttpResponse:
    if request.membership is not None:
        notices_follow_team(membership=request.membership, on=request.POST.get("on") == "1")
    return redirect("jobs")
