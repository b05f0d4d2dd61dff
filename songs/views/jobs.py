"""Job progress for people: a page and an htmx panel that polls until the job ends."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import access_current_team
from accounts.refusals import flash_refusal
from engine.errors import EngineError
from songs.access import access_job
from songs.jobs.finish import job_cancel
from songs.jobs.health import worker_is_alive
from songs.models.job import JobStatus
from songs.notices import mention_list, mention_url
from songs.selectors import job_list_for_user, version_exists
from songs.services.notices import notices_mark_seen


def result_url(job) -> str | None:
    """Where a finished job's result can be seen."""
    result = job.result or {}
    if "version_id" in result:
        # The version may have been deleted since: then there is nothing to link to.
        kept = version_exists(version_id=result["version_id"])
        return reverse("version", args=[result["version_id"]]) if kept else None
    if "cover_feature_id" in result and "version_id" not in result:
        return reverse("cover_feature", args=[result["cover_feature_id"]])
    if "draft_id" in result:
        return reverse("draft", args=[result["draft_id"]]) + f"?r={result['revision']}"
    return None


def _context(job, membership, *, open_result: bool = False) -> dict:
    return {
        "job": job,
        "open_result": open_result,
        "result_url": result_url(job),
        "can_cancel": membership.can_edit and not job.is_finished,
        # Asked only while the job waits: the panel polls every second.
        "no_worker": job.status == JobStatus.QUEUED and not worker_is_alive(),
    }


@login_required
def job_page(request: HttpRequest, job_id) -> HttpResponse:
    job, membership = access_job(user=request.user, job_id=job_id)
    context = _context(job, membership, open_result=True) | {"project": job.project}
    return render(request, "songs/job.html", context)


@login_required
def job_panel(request: HttpRequest, job_id) -> HttpResponse:
    """The progress panel alone; while the job runs it asks htmx to fetch it again. Asked to open
    the result (the job page, the draft's lyrics), a finished job sends the page there."""
    job, membership = access_job(user=request.user, job_id=job_id)
    context = _context(job, membership, open_result=request.GET.get("open") == "1")
    response = render(request, "songs/partials/job_panel.html", context)
    if context["open_result"] and job.status == JobStatus.SUCCEEDED and context["result_url"]:
        # The page goes there (static/js/refrain.js), unless it holds unsaved lyrics.
        response["HX-Trigger"] = json.dumps(
            {"refrain:result-ready": {"url": context["result_url"]}}
        )
    return response


@login_required
@require_POST
def job_cancel_view(request: HttpRequest, job_id) -> HttpResponse:
    job, membership = access_job(user=request.user, job_id=job_id)
    try:
        job_cancel(actor=membership, job=job)
    except EngineError as error:
        flash_refusal(request, error)
    if request.headers.get("HX-Request"):
        job.refresh_from_db()
        return render(request, "songs/partials/job_panel.html", _context(job, membership))
    return redirect("job_page", job_id=job.pk)


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """The current team's generations, newest first: what runs, what waits, what failed and why."""
    membership = access_current_team(request)
    jobs = job_list_for_user(user=request.user, team_id=membership.team_id).select_related(
        "project", "song", "draft"
    )
    jobs = list(jobs[:100])
    no_worker = any(job.status == JobStatus.QUEUED for job in jobs) and not worker_is_alive()
    context = {
        "rows": [{"job": job, "url": result_url(job)} for job in jobs],
        "membership": membership,
        "no_worker": no_worker,
        "mentions": [
            {"mention": mention, "url": mention_url(mention)}
            for mention in mention_list(membership=membership)[:20]
        ],
    }
    # Looking at the list is seeing the results: the header's count starts again from here.
    notices_mark_seen(membership=membership)
    return render(request, "songs/jobs.html", context)
