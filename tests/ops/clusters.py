"""A worker cluster's heartbeat as django-q2's sentinel writes it, without running a cluster."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.signing import SignedPackage
from django_q.status import Stat, Status

from songs.models import GenerationJob


def report_cluster(*, workers: int = 2, status: str = Conf.IDLE, expires_in_s: int = 3) -> None:
    """Save a cluster Stat the way the sentinel does every half second (expiring in 3 s);
    `expires_in_s=0` leaves the Stat of a cluster that stopped reporting."""
    stat = Status(pid=4242, cluster_id=uuid.uuid4())
    stat.status = status
    stat.workers = list(range(5000, 5000 + workers))
    get_broker().set_stat(
        Stat.get_key(stat.cluster_id), SignedPackage.dumps(stat, True), expires_in_s
    )


def queued_job(world, *, waited_s: float) -> GenerationJob:
    job = GenerationJob.objects.create(kind="music", team=world.team, created_by=world.owner)
    GenerationJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(seconds=waited_s)
    )
    return job
