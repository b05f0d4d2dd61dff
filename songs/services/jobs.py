"""Generation jobs: create (with the ledger line), claim fairly, run, cancel, reap.

The job row is the truth. A worker claims a job with a conditional update; a job is finished by
one conditional update too, so a worker that lost its claim (reaped, cancelled) stores nothing.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.errors import ApplicationError, LimitExceeded
from accounts.models import ApiKey, Membership, UsageEntry
from accounts.usage import (
    CONN_LIMIT,
    COSTS,
    check_credits,
    plan_for_team,
    team_lock,
    usage_charge,
    usage_close,
    usage_open,
)
from engine.contract import CoverPreprocessRequest, LyricsRequest, MusicRequest
from engine.errors import EngineError
from songs.models import GenerationJob, JobKind, JobStatus, LyricDraft, Project, Song
from songs.models.job import ACTIVE_STATUSES
from songs.services.handlers import handler_for

logger = logging.getLogger(__name__)

REQUEST_TYPES = {
    JobKind.LYRICS: LyricsRequest,
    JobKind.MUSIC: MusicRequest,
    JobKind.COVER: MusicRequest,
    JobKind.COVER_PREPROCESS: CoverPreprocessRequest,
}


def job_check_request(*, kind: str, request: dict):
    """Validate a job's request with the contract; errors name the field (code 2013)."""
    try:
        return REQUEST_TYPES[JobKind(kind)].from_json(request)
    except EngineError as error:
        field = error.message.split(":", 1)[0] if ":" in error.message else None
        raise ApplicationError(error.status_msg, field=field, code=error.code) from error


def job_create(
    *,
    actor: Membership,
    kind: str,
    request: dict,
    project: Project | None,
    song: Song | None = None,
    draft: LyricDraft | None = None,
    api_key: ApiKey | None = None,
    idempotency_key: str | None = None,
    usage: UsageEntry | None = None,
    via: str = "page",
    enforce_running_limit: bool = False,
    trace_id: str | None = None,
) -> tuple[GenerationJob, bool]:
    """Queue a generation; returns (job, created). An idempotency key already used returns its job,
    and costs nothing."""
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot start generations.", status=403)
    if project is not None and project.team_id != actor.team_id:
        raise ApplicationError("No such project.", status=404)
    job_check_request(kind=kind, request=request)
    prepare = handler_for(kind).prepare
    if prepare is not None:  # outside the team's lock: it may decode and keep a recording
        request = prepare(actor, request)
    with transaction.atomic():
        team_lock(actor.team)
        if idempotency_key:
            existing = GenerationJob.objects.filter(
                team=actor.team, idempotency_key=idempotency_key
            ).first()
            if existing is not None:
                return existing, False
        plan = plan_for_team(team=actor.team)
        if enforce_running_limit:
            active = GenerationJob.objects.filter(
                team=actor.team, status__in=ACTIVE_STATUSES
            ).count()
            if active >= plan.max_running_jobs:
                raise LimitExceeded(
                    f"conn limit: the team already runs {active} generations (plan limit {plan.max_running_jobs})",
                    code=CONN_LIMIT,
                )
        cost = COSTS[kind]
        check_credits(team=actor.team, plan=plan, cost=cost)
        usage = usage or usage_open(
            team=actor.team, user=actor.user, kind=kind, via=via, api_key=api_key
        )
        usage_charge(entry=usage, credits=cost)
        job = GenerationJob.objects.create(
            kind=kind,
            team=actor.team,
            project=project,
            song=song,
            draft=draft,
            created_by=actor.user,
            api_key=api_key,
            usage=usage,
            request=request,
            idempotency_key=idempotency_key or None,
            provider=settings.REFRAIN_PROVIDER,
            max_attempts=settings.Q_CLUSTER["max_attempts"],
            **({"trace_id": trace_id} if trace_id else {}),
        )
        transaction.on_commit(job_enqueue)
    return job, True


def job_enqueue() -> None:
    """Ask the workers to run the next fair job (not a given one: see `job_claim_next`)."""
    from django_q.tasks import async_task

    async_task("songs.tasks.run_next_job", task_name="run_next_job", group="generation")


def job_claim_next() -> GenerationJob | None:
    """Claim the queued job that is fairest to run now, or None.

    Teams at their plan's running-job limit wait; among the others the team with the fewest
    running jobs goes first, so one team's burst does not starve another's queue.
    """
    for _ in range(5):
        running = dict(
            GenerationJob.objects.filter(status=JobStatus.RUNNING)
            .values_list("team_id")
            .annotate(n=Count("id"))
            .values_list("team_id", "n")
        )
        queued = list(
            GenerationJob.objects.filter(status=JobStatus.QUEUED)
            .order_by("created_at")
            .values_list("id", "team_id", "created_at")[:500]
        )
        limits: dict[int, int] = {}
        eligible = []
        for job_id, team_id, created_at in queued:
            if team_id not in limits:
                limits[team_id] = _running_limit(team_id)
            if running.get(team_id, 0) < limits[team_id]:
                eligible.append((running.get(team_id, 0), created_at, job_id))
        if not eligible:
            return None
        _, _, job_id = min(eligible)
        now = timezone.now()
        claimed = GenerationJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            heartbeat_at=now,
            stage="starting",
            updated_at=now,
        )
        if claimed:
            return GenerationJob.objects.select_related(
                "team", "project", "song", "draft", "created_by"
            ).get(pk=job_id)
    return None


def _running_limit(team_id: int) -> int:
    from accounts.models import Team

    return plan_for_team(team=Team.objects.select_related("plan").get(pk=team_id)).max_running_jobs


def job_cancel(*, actor: Membership, job: GenerationJob) -> GenerationJob:
    """Cancel a queued or running job. A running one stops at its next progress report."""
    if job.team_id != actor.team_id:
        raise ApplicationError("No such job.", status=404)
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot cancel generations.", status=403)
    now = timezone.now()
    updated = GenerationJob.objects.filter(pk=job.pk, status__in=ACTIVE_STATUSES).update(
        status=JobStatus.CANCELLED,
        cancel_requested=True,
        finished_at=now,
        stage="cancelled",
        updated_at=now,
    )
    job.refresh_from_db()
    if not updated:
        raise ApplicationError(f"This job has {job.status} already.", status=409)
    if job.usage_id:
        usage_close(entry=job.usage, status_code=-1)
    return job


def job_fail(*, job: GenerationJob, attempt: int, code: int, message: str) -> bool:
    """Mark a running job failed (if this attempt still owns it)."""
    now = timezone.now()
    failed = GenerationJob.objects.filter(
        pk=job.pk, status=JobStatus.RUNNING, attempts=attempt
    ).update(
        status=JobStatus.FAILED,
        error_code=code,
        error_message=message[:2000],
        finished_at=now,
        stage="failed",
        updated_at=now,
    )
    if failed and job.usage_id:
        usage_close(entry=job.usage, status_code=code)
    return bool(failed)


def job_requeue(*, job: GenerationJob, attempt: int, reason: str) -> bool:
    """Put a running job back in the queue for another attempt (transient failure)."""
    requeued = GenerationJob.objects.filter(
        pk=job.pk, status=JobStatus.RUNNING, attempts=attempt
    ).update(
        status=JobStatus.QUEUED,
        stage="retrying",
        error_message=reason[:2000],
        updated_at=timezone.now(),
    )
    if requeued:
        transaction.on_commit(job_enqueue)
    return bool(requeued)


def job_reap_stalled(*, stale_after_s: int = 60) -> dict[str, int]:
    """Requeue running jobs whose worker stopped beating; fail those out of attempts (1001).

    Also nudges the queue, so jobs that waited on a team limit are picked up.
    """
    cutoff = timezone.now() - timezone.timedelta(seconds=stale_after_s)
    stalled = GenerationJob.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at=None)
    )
    requeued = failed = 0
    for job in stalled.select_related("usage"):
        if job.attempts >= job.max_attempts:
            failed += job_fail(
                job=job,
                attempt=job.attempts,
                code=1001,
                message="request timeout: the worker stopped responding",
            )
        else:
            requeued += job_requeue(
                job=job, attempt=job.attempts, reason="the worker stopped responding"
            )
    if GenerationJob.objects.filter(status=JobStatus.QUEUED).exists():
        job_enqueue()
    return {"requeued": requeued, "failed": failed}
