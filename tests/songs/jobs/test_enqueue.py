"""A turn for the workers, through whichever broker, and a job that outlives a broker outage."""

import logging

import pytest
from django_q.brokers import get_broker
from django_q.conf import Conf

from songs.jobs.cluster import reap
from songs.jobs.enqueue import job_enqueue
from songs.models import JobStatus
from tests.redis_server import free_port

pytestmark = pytest.mark.django_db


def test_a_turn_goes_to_redis_with_the_redis_broker(redis_broker):
    job_enqueue()

    assert redis_broker.client().llen(get_broker().list_key) == 1


# Transactional: the turn is sent once the job is committed, and the reaper closes old connections.
@pytest.mark.django_db(transaction=True)
def test_a_job_queued_while_redis_is_away_is_kept_and_taken_by_the_reapers_turn(
    queue, monkeypatch, redis_broker, caplog
):
    with monkeypatch.context() as outage:
        outage.setattr(Conf, "REDIS", f"redis://127.0.0.1:{free_port()}/0")
        with caplog.at_level(logging.WARNING, logger="songs.jobs.enqueue"):
            job = queue()

    assert "the queue is unreachable" in caplog.text
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert redis_broker.client().llen(get_broker().list_key) == 0

    reap()  # Redis is back: a host's next reap gives the queue a turn

    assert redis_broker.client().llen(get_broker().list_key) == 1
