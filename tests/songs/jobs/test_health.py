"""Is a worker running? Counted from the clusters' Stats, wherever the broker keeps them."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django_q.conf import Conf

from songs.jobs.health import worker_health, worker_is_alive
from tests.ops.clusters import queued_job, report_cluster

pytestmark = pytest.mark.django_db


def test_a_cluster_listed_after_one_that_died_still_counts_as_running():
    report_cluster(workers=2, expires_in_s=1)  # a host that is killed a second from now
    report_cluster(workers=3)
    time.sleep(1.2)

    health = worker_health()

    assert (health.clusters, health.workers) == (1, 3)
    assert worker_is_alive()


def test_reading_the_stats_leaves_the_list_of_clusters_as_the_clusters_wrote_it():
    report_cluster(workers=1, expires_in_s=1)
    report_cluster(workers=1)
    listed = cache.get(Conf.Q_STAT)
    time.sleep(1.2)

    worker_health()

    assert cache.get(Conf.Q_STAT) == listed


def test_with_the_redis_broker_clusters_report_to_redis_not_to_the_database(redis_broker, world):
    queued_job(world, waited_s=60)
    report_cluster(workers=2)
    report_cluster(workers=1)

    health = worker_health()

    assert (health.clusters, health.workers, health.waiting_jobs) == (2, 3, 1)
    assert not health.stalled
    assert cache.get(Conf.Q_STAT) is None
    assert len(redis_broker.client().keys(f"{Conf.Q_STAT}:*")) == 2


def test_with_the_redis_broker_a_cluster_that_stopped_reporting_is_gone_within_its_expiry(
    redis_broker, world
):
    queued_job(world, waited_s=60)
    report_cluster(workers=2, expires_in_s=1)
    assert worker_is_alive()
    time.sleep(1.2)

    health = worker_health()

    assert (health.clusters, health.workers) == (0, 0)
    assert health.stalled
