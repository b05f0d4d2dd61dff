"""Is a worker running to take the jobs that wait? One answer for /healthz and the job pages.

A django-q2 cluster's sentinel saves its status (a `Stat`) in the cache every half second with a
3 s expiry, so a cluster counts as running while its Stat is there and not stopping. Jobs wait
for a worker when their row is still queued a few seconds after it was made: a live cluster
would have claimed it by then, or it is busy (which is healthy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django_q.conf import Conf
from django_q.status import Stat

from songs.models.job import GenerationJob, JobStatus

WAITING_AFTER_S = 5


@dataclass(frozen=True)
class WorkerHealth:
    clusters: int  # worker clusters that reported within the last 3 s
    workers: int  # their worker processes
    waiting_jobs: int  # jobs queued for over WAITING_AFTER_S

    @property
    def stalled(self) -> bool:
        """Jobs wait and no worker will take them."""
        return self.waiting_jobs > 0 and self.workers == 0

    @property
    def reason(self) -> str:
        return (
            f"no worker is running: {self.waiting_jobs} job(s) queued for over {WAITING_AFTER_S} s"
            " (start one with `make worker` or `manage.py qcluster`)"
        )


@dataclass(frozen=True)
class ClusterHeartbeat:
    """One worker cluster as its last saved Stat shows it (gone 3 s after it stops reporting)."""

    cluster_id: str
    host: str
    running: bool  # reporting and not stopping
    workers: int
    last_seen_s: float  # seconds since that Stat was saved


def cluster_heartbeats() -> list[ClusterHeartbeat]:
    """Every worker cluster that reported within the last 3 s, on whichever host."""
    now = timezone.now()
    return [
        ClusterHeartbeat(
            cluster_id=str(stat.cluster_id),
            host=stat.host,
            running=stat.status not in (Conf.STOPPING, Conf.STOPPED),
            workers=len(stat.workers),
            last_seen_s=max(0.0, (now - stat.timestamp).total_seconds()),
        )
        for stat in Stat.get_all()
    ]


def _running_clusters() -> list[Stat]:
    return [stat for stat in Stat.get_all() if stat.status not in (Conf.STOPPING, Conf.STOPPED)]


def worker_is_alive() -> bool:
    """True while a worker cluster with at least one worker reports in."""
    return any(stat.workers for stat in _running_clusters())


def worker_health() -> WorkerHealth:
    """Running clusters and workers, and how many jobs wait for one."""
    clusters = _running_clusters()
    waiting_since = timezone.now() - timedelta(seconds=WAITING_AFTER_S)
    return WorkerHealth(
        clusters=len(clusters),
        workers=sum(len(stat.workers) for stat in clusters),
        waiting_jobs=GenerationJob.objects.filter(
            status=JobStatus.QUEUED, created_at__lte=waiting_since
        ).count(),
    )
