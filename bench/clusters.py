"""Benchmark of many worker hosts: three qcluster hosts drain a backlog of two teams' jobs while
one of them is SIGKILLed, as tests/ops/test_three_clusters.py does with 300 jobs.

    .venv/bin/python bench/clusters.py [JOBS] [--queue orm|redis] [--database-url URL] [--json FILE]

JOBS (default 1000) lyrics and 5-second instrumentals, half per team, the first team's queued
before the second's, through the studio's services; then three hosts (2 workers each, their own
var, working and temp folders) start, and the first is killed when 40 % of the jobs are done.
Each host reaps every 2 s, taking up jobs 15 s without a heartbeat. Without --database-url the
database is a fresh SQLite file in a temporary folder; a PostgreSQL URL must name a scratch
database (it is migrated and filled). The hosts share a bucket on moto's S3 server (tests/s3.py).
It reports jobs per second, the time to drain, each team's share of the worker time and of the
jobs finished in each tenth of the run, the attempts reaped after the kill, the p50/p95 queue
wait, and the exactly-once counts the three-cluster test asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on the path: the project root instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

TENTHS = 10
HOST_WORKERS = 2
RUN_WITHIN_S = 1800


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("jobs", nargs="?", type=int, default=1000)
    parser.add_argument("--queue", choices=("orm", "redis"), default="orm")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _shares_by_tenth(rows, started_at) -> list[dict]:
    """Per tenth of the run (first job started to last finished): jobs each team finished."""
    end = max(row.finished_at for row in rows)
    span_s = (end - started_at).total_seconds()
    tenths = [{"until_s": round(span_s * (n + 1) / TENTHS, 1)} for n in range(TENTHS)]
    for row in rows:
        n = min(TENTHS - 1, int((row.finished_at - started_at).total_seconds() / span_s * TENTHS))
        tenths[n][row.team] = tenths[n].get(row.team, 0) + 1
    return tenths


def _figures(run, jobs: int, queue: str, vendor: str, queued_s: float) -> dict:
    from tests.ops.load import largest_lead, worker_time_shares  # noqa: PLC0415 (after setup)

    rows = run.rows
    started_at = min(row.started_at for row in rows)
    busy_s = (max(row.finished_at for row in rows) - started_at).total_seconds()
    waits = [row.queue_wait_s for row in rows]
    return {
        "jobs": jobs,
        "queue": queue,
        "database": vendor,
        "hosts": 3,
        "workers_per_host": HOST_WORKERS,
        "queueing_s": round(queued_s, 1),
        "killed_at_s": round(run.killed_at_s, 1),
        "drained_at_s": round(run.drained_at_s, 1),
        "jobs_per_s": round(jobs / busy_s, 2),
        "killed_host_jobs": len(run.killed_jobs),
        "reaped_attempts": sum(run.reaped.values()),
        "attempts": {str(n): sum(row.attempts == n for row in rows) for n in (1, 2, 3)},
        "queue_wait_p50_s": round(_percentile(waits, 0.5), 1),
        "queue_wait_p95_s": round(_percentile(waits, 0.95), 1),
        "largest_lead": largest_lead(rows),
        "worker_time_shares": {
            team: round(share, 3) for team, share in worker_time_shares(run.spans).items()
        },
        "health_after_kill": {
            "clusters": run.health_after_kill.clusters,
            "workers": run.health_after_kill.workers,
        },
        "shares_by_tenth": _shares_by_tenth(rows, started_at),
        "host_exit_codes": run.host_exit_codes,
    }


def _exactly_once(run, keys: list[str]) -> dict:
    """What the three-cluster test asserts, counted: jobs not succeeded, jobs without exactly
    one result, objects no version names and names with no object."""
    from tests.ops.load import results_per_job, stored_names  # noqa: PLC0415

    filed, names = results_per_job(), stored_names()
    return {
        "not_succeeded": sum(row.status != "succeeded" for row in run.rows),
        "not_filed_once": sum(filed.get(row.id) != 1 for row in run.rows),
        "orphaned_objects": len(set(keys) - names),
        "missing_objects": len(names - set(keys)),
    }


def _print(f: dict) -> None:
    print(f"{f['jobs']} jobs, {f['queue']} broker, {f['database']}, 3 hosts x {HOST_WORKERS}")
    print(f"  queued in {f['queueing_s']} s; host killed at {f['killed_at_s']} s, all done at "
          f"{f['drained_at_s']} s (from the hosts' start)")  # fmt: skip
    print(f"  {f['jobs_per_s']} jobs/s from the first start to the last finish; the killed host "
          f"ran {f['killed_host_jobs']}; {f['reaped_attempts']} attempts reaped; "
          f"attempts {f['attempts']}")  # fmt: skip
    print(f"  queue wait p50 {f['queue_wait_p50_s']} s, p95 {f['queue_wait_p95_s']} s; worker "
          f"time {f['worker_time_shares']}; largest lead {f['largest_lead']}")  # fmt: skip
    print(f"  after the kill {f['health_after_kill']}; not succeeded {f['not_succeeded']}, not "
          f"filed once {f['not_filed_once']}, orphaned objects {f['orphaned_objects']}, missing "
          f"{f['missing_objects']}")  # fmt: skip
    print("  finished per tenth of the run (North / South):")
    for tenth in f["shares_by_tenth"]:
        north, south = tenth.get("North", 0), tenth.get("South", 0)
        share = north / (north + south) if north + south else 0.0
        print(f"    until {tenth['until_s']:6.1f} s  {north:4d} / {south:4d}  North {share:.0%}")


def main() -> None:
    args = _arguments()
    with tempfile.TemporaryDirectory(prefix="refrain-clusters-") as folder, ExitStack() as stack:
        folder = Path(folder)
        env = {
            "REFRAIN_VAR_DIR": str(folder / "bench"),
            "DATABASE_URL": args.database_url or f"sqlite:///{folder / 'refrain.sqlite3'}",
            "REFRAIN_WORKERS": str(HOST_WORKERS),
            "REFRAIN_WARM_UP_WORKERS": "0",
            "REFRAIN_JOB_STALE_AFTER": "15",
            "REFRAIN_REAP_EVERY": "2",
            "LOG_LEVEL": "INFO",
            "Q_LOG_LEVEL": "WARNING",
        }
        from tests.s3 import s3_server  # noqa: PLC0415

        s3 = stack.enter_context(s3_server())
        bucket = s3.create_bucket()
        env |= s3.env(bucket)
        if args.queue == "redis":
            from tests.redis_server import redis_server  # noqa: PLC0415

            env |= stack.enter_context(redis_server(folder / "redis")).env()
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django  # noqa: PLC0415 (settings come from the environment set above)

        django.setup()
        from django.core.management import call_command  # noqa: PLC0415
        from django.db import connection  # noqa: PLC0415

        from tests.ops.load import (  # noqa: PLC0415
            queue_backlog,
            run_through_a_killed_host,
            two_bands,
        )

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        queued_s = queue_backlog(two_bands(running_limit=3 * HOST_WORKERS), args.jobs)
        run = run_through_a_killed_host(jobs=args.jobs, folder=folder, env=dict(os.environ),
                                        timeout_s=RUN_WITHIN_S)  # fmt: skip
        figures = _figures(run, args.jobs, args.queue, connection.vendor, queued_s)
        figures |= _exactly_once(run, s3.keys(bucket))
    _print(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
