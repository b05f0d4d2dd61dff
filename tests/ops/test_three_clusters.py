"""Three worker hosts that share only the database and an S3 bucket finish 300 jobs of two teams
exactly once, fairly, while one host is SIGKILLed mid-way.

The hosts are `manage.py qcluster` processes on the database pytest-django made (a transactional
test, so what this process commits is what the hosts see: SQLite's file here, PostgreSQL in CI),
each in its own var, working and temp folders; the bucket is on moto's S3 server (tests/s3.py).
Each host's reaper runs every 2 s instead of every minute, and takes a job up again 15 s after its
last heartbeat instead of 300 s.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
from django_q.models import OrmQ

from tests.ops.hosts import database_url
from tests.ops.load import (
    KilledHostRun,
    completion_order,
    largest_lead,
    numbers,
    queue_backlog,
    results_per_job,
    run_through_a_killed_host,
    stored_names,
    two_bands,
    worker_time_shares,
)

JOBS = 300
JOBS_ON_REDIS = 120
RUN_WITHIN_S = 240
HOST_WORKERS = 2


def _host_env(bucket_env: dict[str, str], **extra: str) -> dict[str, str]:
    return (
        os.environ
        | bucket_env
        | {
            "DATABASE_URL": database_url(),
            "REFRAIN_WORKERS": str(HOST_WORKERS),
            "REFRAIN_WARM_UP_WORKERS": "0",
            "REFRAIN_JOB_STALE_AFTER": "15",
            "REFRAIN_REAP_EVERY": "2",
            "LOG_LEVEL": "INFO",
            "Q_LOG_LEVEL": "WARNING",
            **extra,
        }
    )


def _report(run: KilledHostRun, jobs: int) -> None:
    """Shown with `pytest -s`: the figures docs/RELIABILITY.md records."""
    north = worker_time_shares(run.spans)["North"]
    print(f"\n{jobs} jobs: host killed at {run.killed_at_s:.1f} s, all done at "
          f"{run.drained_at_s:.1f} s, {sum(run.reaped.values())} attempts reaped, "
          f"largest lead {largest_lead(run.rows)}, North's worker time {north:.1%}")  # fmt: skip


def _check(run: KilledHostRun, bands, *, jobs: int, keys: list[str]) -> None:
    # Every job finished, exactly once: each attempt but its last was taken from its worker by a
    # reaper. Every job the killed host was running was (not one it had committed but was killed
    # before logging); so, at most, was a job a live worker ran for 15 s without a progress
    # report (on a loaded machine a first lyrics job can), which that worker then gave up, or
    # one the host was killed too soon to log.
    assert len(run.rows) == jobs
    assert Counter(row.status for row in run.rows) == {"succeeded": jobs}
    assert {row.id: row.attempts for row in run.rows} == {
        row.id: 1 + run.reaped[row.id] for row in run.rows
    }
    assert run.killed_jobs, "the kill hit no running job"
    assert run.killed_jobs <= set(run.reaped)
    assert set(run.reaped) <= run.killed_jobs | run.stalled_at_kill | run.abandoned
    assert results_per_job() == {row.id: 1 for row in run.rows}
    for band in bands:
        versions, revisions = numbers(band)
        assert versions == list(range(1, jobs // 4 + 1))
        assert revisions == list(range(1, jobs // 4 + 2))  # after the draft's empty first one

    # Every stored name is in the bucket and every object in it belongs to a version (its audio,
    # MIDI or a stem; lyrics and LRC are columns): none left by the kill.
    assert len(keys) == len(set(keys))
    assert set(keys) == stored_names()

    # Fair share (songs/jobs/claim.py): the team with fewer jobs running is served first, so the
    # second team's jobs, queued after the first's, do not wait for them: one of its jobs is
    # among the first few to finish, and while both teams have jobs to start each has half the
    # workers (the killed host's jobs count as running until a reaper takes them, as the claim
    # counts them).
    assert "South" in {row.team for row in completion_order(run.rows)[: 2 * HOST_WORKERS]}
    shares = worker_time_shares(run.spans)
    assert 0.45 <= shares["North"] <= 0.55, shares

    # A few seconds after the kill the two hosts left still count as running.
    assert (run.health_after_kill.clusters, run.health_after_kill.workers) == (2, 4)
    assert run.host_exit_codes == [0, 0]
    assert run.refused == ""


@pytest.mark.django_db(transaction=True)
def test_three_hosts_finish_every_job_once_fairly_while_one_is_killed(tmp_path, s3, s3_bucket):
    bands = two_bands(running_limit=3 * HOST_WORKERS)
    queue_backlog(bands, JOBS)

    run = run_through_a_killed_host(jobs=JOBS, folder=tmp_path, env=_host_env(s3.env(s3_bucket)),
                                    timeout_s=RUN_WITHIN_S)  # fmt: skip

    _report(run, JOBS)
    _check(run, bands, jobs=JOBS, keys=s3.keys(s3_bucket))


@pytest.mark.django_db(transaction=True)
def test_on_the_redis_broker_too(tmp_path, s3, s3_bucket, redis_broker):
    bands = two_bands(running_limit=3 * HOST_WORKERS)
    queue_backlog(bands, JOBS_ON_REDIS)

    run = run_through_a_killed_host(jobs=JOBS_ON_REDIS, folder=tmp_path,
                                    env=_host_env(s3.env(s3_bucket), **redis_broker.env()),
                                    timeout_s=RUN_WITHIN_S)  # fmt: skip

    _report(run, JOBS_ON_REDIS)
    _check(run, bands, jobs=JOBS_ON_REDIS, keys=s3.keys(s3_bucket))
    assert not OrmQ.objects.exists()  # no turn went through the database's queue
