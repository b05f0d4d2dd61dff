"""Benchmark of many worker hosts: three qcluster hosts drain a backlog of two teams' jobs while
one of them is SIGKILLed, as tests/ops/test_three_clusters.py does with 300 jobs.

    .venv/bin/python bench/clusters.py [JOBS] [--queue orm|redis] [--database-url URL] [--json FILE]

JOBS (default 1000) lyrics and 5-second instrumentals, half per team, the first team's queued
before the second's, through the studio's services; then three hosts (2 workers each, their own
var, working and temp folders) start, and the first is killed when 40 % of the jobs are done.
Each host reaps every 2 s, taking up jobs 15 s without a heartbeat. Without --database-url the database is a fresh SQLite file in a temporary folder; a PostgreSQL
URL must name a scratch database (it is migrated and filled). Media is a folder the hosts share.
It reports jobs per second, the time to drain, each team's share of the jobs finished in each
tenth of the run, the jobs taken up again after the kill, and the p50/p95 queue wait.
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
    from tests.ops.load import largest_lead  # noqa: PLC0415 (after django.setup())

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
        "health_after_kill": {
            "clusters": run.health_after_kill.clusters,
            "workers": run.health_after_kill.workers,
        },
        "shares_by_tenth": _shares_by_tenth(rows, started_at),
        "host_exit_codes": run.host_exit_codes,
    }


def _exactly_once(run, media_root: Path) -> dict:
    """What the three-cluster test asserts, counted: jobs not succeeded, jobs without exactly
    one result, files no version names and names with no file."""
    from tests.ops.load import results_per_job, stored_names  # noqa: PLC0415

    files = {str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file()}
    filed = results_per_job()
    return {
        "not_succeeded": sum(row.status != "succeeded" for row in run.rows),
        "not_filed_once": sum(filed.get(row.id) != 1 for row in run.rows),
        "orphaned_files": len(files - stored_names()),
        "missing_files": len(stored_names() - files),
    }


def _print(figures: dict) -> None:
    print(f"{figures['jobs']} jobs, {figures['queue']} broker, {figures['database']}, "
          f"3 hosts x {HOST_WORKERS} workers")  # fmt: skip
    print(f"  queued in {figures['queueing_s']} s; host killed at {figures['killed_at_s']} s, "
          f"all done at {figures['drained_at_s']} s (from the hosts' start)")  # fmt: skip
    print(f"  {figures['jobs_per_s']} jobs/s from the first start to the last finish; "
          f"the killed host ran {figures['killed_host_jobs']}, {figures['reaped_attempts']} attempts "
          f"reaped; attempts {figures['attempts']}")  # fmt: skip
    print(f"  queue wait p50 {figures['queue_wait_p50_s']} s, p95 {figures['queue_wait_p95_s']} s;"
          f" largest lead {figures['largest_lead']}; after the kill {figures['health_after_kill']}")  # fmt: skip
    print(f"  not succeeded {figures['not_succeeded']}, not filed once {figures['not_filed_once']},"
          f" orphaned files {figures['orphaned_files']}, missing {figures['missing_files']}")  # fmt: skip
    print("  finished per tenth of the run (North / South):")
    for tenth in figures["shares_by_tenth"]:
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
            "MEDIA_ROOT": str(folder / "media"),
            "REFRAIN_WORKERS": str(HOST_WORKERS),
            "REFRAIN_WARM_UP_WORKERS": "0",
            "REFRAIN_JOB_STALE_AFTER": "15",
            "REFRAIN_REAP_EVERY": "2",
            "LOG_LEVEL": "INFO",
            "Q_LOG_LEVEL": "WARNING",
        }
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
        figures |= _exactly_once(run, folder / "media")
    _print(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
