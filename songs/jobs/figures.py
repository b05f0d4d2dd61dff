"""What the job rows say about the queue and the work done, in two aggregate queries.

Read at each scrape of `/metrics` rather than counted in the process that ran a job: the rows are
written by every worker host, so the figures are the same whichever web process answers and
however many machines did the work. Durations are those of a job's last attempt (`started_at` to
`finished_at`); the real-time factor is that duration over the seconds of audio the job made
(its version's `duration_ms`): 0.05 is a 3-minute song made in 9 s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, ExpressionWrapper, F, FloatField, Func, Min, Q, Sum
from django.db.models import DurationField as Duration
from django.utils import timezone

from songs.models import GenerationJob, JobKind, JobStatus

DURATION_BUCKETS_S = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0)
RTF_BUCKETS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0)
TIMED_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class Seconds(Func):
    """A duration as float seconds: PostgreSQL subtracts timestamps into an interval, Django's
    SQLite functions into a number of microseconds."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)::double precision"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s) / 1000000.0", **extra)


@dataclass(frozen=True)
class Histogram:
    """Cumulative counts: `buckets` pairs each upper bound with the observations at or below it."""

    buckets: tuple[tuple[float, int], ...]
    count: int
    sum: float


@dataclass(frozen=True)
class JobFigures:
    jobs: dict[tuple[str, str], int]  # (kind, status) -> jobs, every pair present
    queued: int
    oldest_queued_age_s: float | None  # None: nothing waits
    stalest_heartbeat_age_s: float | None  # the running job closest to being reaped
    durations: dict[tuple[str, str], Histogram]  # (kind, succeeded|failed)
    real_time_factors: dict[str, Histogram]  # kind -> jobs that made audio


def _age_s(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else max(0.0, (now - moment).total_seconds())


def _bucket_counts(value: str, bounds: tuple[float, ...], only: Q | None = None) -> dict:
    only = only or Q()
    return {
        f"{value}_le_{index}": Count("pk", filter=only & Q(**{f"{value}__lte": bound}))
        for index, bound in enumerate(bounds)
    }


def _histogram(row: dict, value: str, bounds: tuple[float, ...]) -> Histogram:
    count = row[f"{value}_count"]
    buckets = [(bound, row[f"{value}_le_{index}"]) for index, bound in enumerate(bounds)]
    return Histogram(
        buckets=(*buckets, (float("inf"), count)), count=count, sum=row[f"{value}_sum"] or 0.0
    )


def _timed_rows() -> list[dict]:
    """Per kind and final status: run-time and real-time-factor buckets, counts and sums."""
    made_audio = Q(status=JobStatus.SUCCEEDED, song_version__duration_ms__gt=0)
    return list(
        GenerationJob.objects.filter(status__in=TIMED_STATUSES, started_at__isnull=False)
        .alias(
            run_s=Seconds(ExpressionWrapper(F("finished_at") - F("started_at"), Duration())),
            rtf=ExpressionWrapper(
                F("run_s") * 1000.0 / F("song_version__duration_ms"), FloatField()
            ),
        )
        .values("kind", "status")
        .annotate(
            run_s_count=Count("pk"),
            run_s_sum=Sum("run_s"),
            **_bucket_counts("run_s", DURATION_BUCKETS_S),
            rtf_count=Count("pk", filter=made_audio),
            rtf_sum=Sum("rtf", filter=made_audio),
            **_bucket_counts("rtf", RTF_BUCKETS, made_audio),
        )
        .order_by()
    )


def job_figures() -> JobFigures:
    """Jobs by kind and status, the queue, and the run times of finished jobs."""
    now = timezone.now()
    jobs = {(kind, status): 0 for kind in JobKind.values for status in JobStatus.values}
    queued, oldest_queued, stalest_heartbeat = 0, None, None
    for row in (
        GenerationJob.objects.values("kind", "status")
        .annotate(n=Count("pk"), oldest=Min("created_at"), stalest=Min("heartbeat_at"))
        .order_by()
    ):
        jobs[row["kind"], row["status"]] = row["n"]
        if row["status"] == JobStatus.QUEUED:
            queued += row["n"]
            oldest_queued = min(filter(None, (oldest_queued, row["oldest"])), default=None)
        elif row["status"] == JobStatus.RUNNING:
            stalest_heartbeat = min(filter(None, (stalest_heartbeat, row["stalest"])), default=None)
    durations: dict[tuple[str, str], Histogram] = {}
    real_time_factors: dict[str, Histogram] = {}
    for row in _timed_rows():
        durations[row["kind"], row["status"]] = _histogram(row, "run_s", DURATION_BUCKETS_S)
        if row["rtf_count"]:  # the kind's succeeded row: only those made audio
            real_time_factors[row["kind"]] = _histogram(row, "rtf", RTF_BUCKETS)
    return JobFigures(
        jobs=jobs,
        queued=queued,
        oldest_queued_age_s=_age_s(oldest_queued, now),
        stalest_heartbeat_age_s=_age_s(stalest_heartbeat, now),
        durations=durations,
        real_time_factors=real_time_factors,
    )
