"""Is a worker running to take the jobs that wait? One answer for /healthz and the job pages.

A django-q2 cluster's sentinel saves its status (a `Stat`) every half second with a 3 s expiry:
in the "default" cache with the ORM broker (a database table every host shares), in Redis with
the Redis broker. A cluster counts as running while its Stat is there and not stopping. Jobs wait
for a worker when their row is still queued a few seconds after it was made: a live cluster
would have claimed it by then, or it is busy (which is healthy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.signing import BadSignature
from django.utils import timezone
from django_q.brokers import Broker, get_broker
from django_q.conf import Conf
from django_q.signing import SignedPackage
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


def _saved_stats(broker: Broker) -> list[Stat]:
    """Every cluster's Stat that has not expired, read without changing anything.

    Not `Stat.get_all()`: for Stats kept in the cache it walks the list of their keys while it
    removes the expired ones from it, so the cluster listed after a dead one goes uncounted, and
    it writes the list back over a cluster that was adding itself meanwhile."""
    if type(broker).get_stats is Broker.get_stats:  # kept in the cache (the ORM broker)
        keys = broker.cache.get(Conf.Q_STAT) or []
        packs = list(broker.cache.get_many(keys).values())
    else:  # kept by the broker itself (Redis: keys that expire on the server)
        packs = broker.get_stats(f"{Conf.Q_STAT}:*") or []
    stats = []
    for pack in packs:
        if pack is None:  # expired between listing the keys and reading them
            continue
        try:
            stats.append(SignedPackage.loads(pack))
        except BadSignature:  # another project's cluster, signed with another key
            continue
    return stats


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
        for stat in _saved_stats(get_broker())
    ]


def _running_clusters() -> list[Stat]:
    return [
        stat
        for stat in _saved_stats(get_broker())
        if stat.status not in (Conf.STOPPING, Conf.STOPPED)
    ]


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
