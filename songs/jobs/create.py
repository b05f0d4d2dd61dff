"""A job is created: who may ask, the team's limits, the ledger line and the row, in one
transaction under the team's lock (`accounts.usage.team_lock`), so that concurrent calls get
exactly the plan's limits through. The workers are asked to run it once it is committed."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from accounts.errors import ApplicationError, LimitExceeded
from accounts.models import ApiKey, Membership, UsageEntry
from accounts.usage import (
    COSTS,
    check_credits,
    plan_for_team,
    team_lock,
    usage_charge,
    usage_open,
)
from engine.errors import CONN_LIMIT
from songs.jobs.enqueue import job_enqueue
from songs.jobs.requests import JobRequest, storable
from songs.models import GenerationJob, LyricDraft, LyricRevision, Project, Song
from songs.models.job import ACTIVE_STATUSES


@dataclass(frozen=True)
class Caller:
    """Who asks for a job, and through which door (page, api or music_api)."""

    actor: Membership
    via: str = "page"
    api_key: ApiKey | None = None
    idempotency_key: str | None = None
    trace_id: str | None = None
    usage: UsageEntry | None = None  # the ledger line a Music API call opened when it arrived

    @property
    def refused_over_running_limit(self) -> bool:
        """A Music API call over the running-jobs limit is refused (1041); a page's job waits."""
        return self.via == "music_api"


@dataclass(frozen=True)
class Order:
    """What a job makes, from which request, and where its result lands."""

    kind: str
    request: JobRequest
    project: Project | None = None  # None for a cover analysis: it belongs to the team
    song: Song | None = None  # a new version of this song, else a new song
    draft: LyricDraft | None = None  # a new revision of this draft, else a new draft
    title: str = ""  # of the new song or draft
    sung_revision: LyricRevision | None = None  # the lyric revision a song is sung from
    reference_id: int | None = None  # the kept recording a cover or an analysis listens to


def job_check_may_create(actor: Membership) -> None:
    """Viewers watch; editors and above start generations."""
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot start generations.", status=403)


def _check_may_order(actor: Membership, order: Order) -> None:
    job_check_may_create(actor)
    if order.project is not None and order.project.team_id != actor.team_id:
        raise ApplicationError("No such project.", status=404)


def _check_running_limit(actor: Membership, limit: int) -> None:
    active = GenerationJob.objects.filter(team=actor.team, status__in=ACTIVE_STATUSES).count()
    if active >= limit:
        raise LimitExceeded(
            f"conn limit: the team already runs {active} generations (plan limit {limit})",
            code=CONN_LIMIT,
        )


def job_create(*, caller: Caller, order: Order) -> tuple[GenerationJob, bool]:
    """Queue a generation; returns (job, created). An idempotency key already used returns its
    job, and costs nothing."""
    actor = caller.actor
    _check_may_order(actor, order)
    with transaction.atomic():
        team_lock(actor.team)
        if caller.idempotency_key:
            existing = GenerationJob.objects.filter(
                team=actor.team, idempotency_key=caller.idempotency_key
            ).first()
            if existing is not None:
                return existing, False
        plan = plan_for_team(team=actor.team)
        if caller.refused_over_running_limit:
            _check_running_limit(actor, plan.max_running_jobs)
        cost = COSTS[order.kind]
        check_credits(team=actor.team, plan=plan, cost=cost)
        usage = caller.usage or usage_open(
            team=actor.team,
            user=actor.user,
            kind=order.kind,
            via=caller.via,
            api_key=caller.api_key,
        )
        usage_charge(entry=usage, credits=cost)
        job = GenerationJob.objects.create(
            kind=order.kind,
            team=actor.team,
            project=order.project,
            song=order.song,
            draft=order.draft,
            title=order.title.strip()[:200],
            sung_revision=order.sung_revision,
            reference_id=order.reference_id,
            created_by=actor.user,
            api_key=caller.api_key,
            usage=usage,
            request=storable(order.request),
            idempotency_key=caller.idempotency_key or None,
            provider=settings.REFRAIN_PROVIDER,
            max_attempts=settings.Q_CLUSTER["max_attempts"],
            **({"trace_id": caller.trace_id} if caller.trace_id else {}),
        )
        transaction.on_commit(job_enqueue)
    return job, True
