"""Plans, the usage ledger and the limits it enforces: rate (1002), credits (1008), jobs (1041)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.errors import LimitExceeded
from accounts.models import DEFAULT_PLAN, ApiKey, Plan, Team, UsageEntry, User
from engine.errors import INSUFFICIENT_BALANCE, RATE_LIMIT

# What a call costs in credits. Cover preprocess is free.
COSTS = {"lyrics": 1, "music": 10, "cover": 10, "cover_preprocess": 0}


def plan_for_team(*, team: Team) -> Plan:
    """The team's plan, or the default plan for teams without one."""
    if team.plan_id:
        return team.plan
    plan, _ = Plan.objects.get_or_create(name=DEFAULT_PLAN)
    return plan


def credits_used_this_month(*, team: Team) -> int:
    start = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    used = UsageEntry.objects.filter(team=team, created_at__gte=start).aggregate(
        total=Sum("credits")
    )["total"]
    return used or 0


def team_lock(team: Team) -> Team:
    """Hold the team's row until the transaction ends: the team's limits are checked and its
    ledger written one caller at a time (PostgreSQL row lock; SQLite's write lock does the same),
    so concurrent calls cannot all pass a check that only one of them should."""
    return Team.objects.select_for_update().get(pk=team.pk)


def check_rate(*, api_key: ApiKey, plan: Plan) -> None:
    """Refuse a key's call when it already made the plan's requests in the last minute."""
    since = timezone.now() - timedelta(minutes=1)
    if (
        UsageEntry.objects.filter(api_key=api_key, created_at__gte=since).count()
        >= plan.requests_per_minute
    ):
        raise LimitExceeded(
            f"rate limit: at most {plan.requests_per_minute} requests per minute for this key",
            code=RATE_LIMIT,
        )


def check_credits(*, team: Team, plan: Plan, cost: int) -> None:
    if cost and credits_used_this_month(team=team) + cost > plan.monthly_credits:
        raise LimitExceeded(
            f"insufficient balance: this needs {cost} credits and the team's {plan.monthly_credits} monthly "
            "credits are used up",
            code=INSUFFICIENT_BALANCE,
        )


@transaction.atomic
def usage_open(
    *,
    team: Team,
    user: User | None,
    kind: str,
    via: str,
    api_key: ApiKey | None = None,
    enforce_rate: bool = False,
) -> UsageEntry:
    """A ledger line for a call that starts now; its cost is set once the call is accepted.

    With `enforce_rate`, a key over its plan's requests per minute is refused (1002) instead; the
    count and the new line are one step, so a burst gets exactly the plan's number through."""
    team_lock(team)
    if enforce_rate and api_key is not None:
        check_rate(api_key=api_key, plan=plan_for_team(team=team))
    return UsageEntry.objects.create(team=team, user=user, api_key=api_key, kind=kind, via=via)


def usage_charge(*, entry: UsageEntry, credits: int) -> None:
    """Set what an accepted call costs. Call it under `team_lock`, after `check_credits`."""
    UsageEntry.objects.filter(pk=entry.pk).update(credits=credits)
    entry.credits = credits


def usage_close(*, entry: UsageEntry, status_code: int) -> None:
    """Record how the call ended; a failed or cancelled call costs nothing."""
    duration_ms = int((timezone.now() - entry.created_at).total_seconds() * 1000)
    fields = {"status_code": status_code, "duration_ms": duration_ms}
    if status_code != 0:
        fields["credits"] = 0
    UsageEntry.objects.filter(pk=entry.pk).update(**fields)
