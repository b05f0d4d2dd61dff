"""Three worker hosts that share only the database and the object store finish 300 jobs of two
teams exactly once, fairly, while one host is SIGKILLed mid-way.

The hosts are `manage.py qcluster` processes on the database pytest-django made (a transactional
test, so what this process commits is what the hosts see: SQLite's file here, PostgreSQL in CI),
each in its own var, working and temp folders. Each host's reaper runs every 2 s instead of every
minute, and takes a job up again 15 s after its last heartbeat instead of 300 s.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

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
)

JOBS = 300
JOBS_ON_REDIS = 120
RUN_WITHIN_S = 240
HOST_WORKERS = 2
# What the killed host's team may fall behind: about one worker's jobs for the 17 s until the
# reaper takes its jobs up again, on top of the few a claim's timing gives either team.
LEAD_AFTER_A_KILL = 40


def _files_in(media_root: Path) -> set[str]:
    return {str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()}


def _host_env(media_root: Path, **extra: str) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(media_root),
        "REFRAIN_WORKERS": str(HOST_WORKERS),
        "REFRAIN_WARM_UP_WORKERS": "0",
        "REFRAIN_JOB_STALE_AFTER": "15",
        "REFRAIN_REAP_EVERY": "2",
        "LOG_LEVEL": "INFO",
        "Q_LOG_LEVEL": "WARNING",
        **extra,
    }


def _report(run: KilledHostRun, jobs: int) -> None:
    """Shown with `pytest -s`: the figures docs/RELIABILITY.md records."""
    print(f"\n{jobs} jobs: host killed at {run.killed_at_s:.1f} s, all done at "
          f"{run.drained_at_s:.1f} s, {sum(run.reaped.values())} attempts reaped, "
          f"largest lead {largest_lead(run.rows)}")  # fmt: skip


def _check(run: KilledHostRun, bands, *, jobs: int, media_root: Path) -> None:
    # Every job finished, exactly once: each attempt but its last was taken from its worker by a
    # reaper. Every job the killed host was running was; so, at most, was a job a live worker
    # ran for 15 s without a progress report (on a loaded machine a first lyrics job can), which
    # that worker then gave up, or one the host was killed too soon to log.
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

    # Every stored file exists and every file belongs to a version: none left by the kill.
    assert _files_in(media_root) == stored_names()

    # Fair share (songs/jobs/claim.py): the team with fewer jobs running is served first, so the
    # second team's 150 jobs, queued after the first's, do not wait for them: its first job is
    # among the first few to finish, and the two teams finish jobs in step. Only while the killed
    # host's jobs still count as running (until the reaper takes them, 15 s) does their team get
    # fewer of the workers left; the lead it loses then is not made up afterwards.
    order = completion_order(run.rows)
    assert "South" in {row.team for row in order[: 2 * HOST_WORKERS]}
    assert largest_lead([row for row in run.rows if row.finished_at < run.killed_at]) <= 12
    assert largest_lead(run.rows) <= LEAD_AFTER_A_KILL

    # A few seconds after the kill the two hosts left still count as running.
    assert (run.health_after_kill.clusters, run.health_after_kill.workers) == (2, 4)
    assert run.host_exit_codes == [0, 0]
    assert run.refused == ""


@pytest.mark.django_db(transaction=True)
def test_three_hosts_finish_every_job_once_fairly_while_one_is_killed(tmp_path, settings):
    media_root = tmp_path / "media"
    settings.MEDIA_ROOT = media_root
    bands = two_bands(running_limit=3 * HOST_WORKERS)

    queue_backlog(bands, JOBS)

    run = run_through_a_killed_host(jobs=JOBS, folder=tmp_path, env=_host_env(media_root),
                                    timeout_s=RUN_WITHIN_S)  # fmt: skip

    _report(run, JOBS)
    _check(run, bands, jobs=JOBS, media_root=media_root)


@pytest.mark.django_db(transaction=True)
def test_on_the_redis_broker_too(tmp_path, settings, redis_broker):
    media_root = tmp_path / "media"
    settings.MEDIA_ROOT = media_root
    bands = two_bands(running_limit=3 * HOST_WORKERS)

    queue_backlog(bands, JOBS_ON_REDIS)

    run = run_through_a_killed_host(jobs=JOBS_ON_REDIS, folder=tmp_path,
                                    env=_host_env(media_root, **redis_broker.env()),
                                    timeout_s=RUN_WITHIN_S)  # fmt: skip

    _report(run, JOBS_ON_REDIS)
    _check(run, bands, jobs=JOBS_ON_REDIS, media_root=media_root)
    assert not OrmQ.objects.exists()  # no turn went through the database's queue
