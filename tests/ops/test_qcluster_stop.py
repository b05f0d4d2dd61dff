"""`manage.py qcluster` ends every one of its processes within 10 s of a stop, whether SIGTERM
reaches the main process alone or the whole process group at once (systemd's control-group)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys

import pytest

from tests.ops.conftest import ROOT, WARMED_UP, wait_for_text
from tests.ops.processes import descendants, end_times, still_running

STOP_WITHIN_S = 10


@pytest.fixture
def cluster(ops_env, tmp_path):
    """A running cluster whose two workers have warmed up, and its log."""
    log_path = tmp_path / "qcluster.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=ops_env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        wait_for_text(log_path, WARMED_UP, count=2)
        yield process, log_path
    finally:
        with contextlib.suppress(ProcessLookupError):  # whatever a failed stop left
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _stop(process: subprocess.Popen, *, whole_group: bool) -> tuple[set[int], int]:
    processes = descendants(process.pid) | {process.pid}
    assert len(processes) >= 5  # main, sentinel, two workers, pusher, monitor
    if whole_group:
        os.killpg(process.pid, signal.SIGTERM)
    else:
        process.send_signal(signal.SIGTERM)
    left = still_running(end_times(processes, STOP_WITHIN_S))
    return left, process.wait(timeout=1) if not left else -1


def test_sigterm_to_the_main_process_stops_every_process_of_the_cluster(cluster):
    process, _ = cluster

    left, returncode = _stop(process, whole_group=False)

    assert not left, f"still running {STOP_WITHIN_S} s after SIGTERM: {left}"
    assert returncode == 0


def test_sigterm_to_the_whole_process_group_stops_every_process_of_the_cluster(cluster):
    process, _ = cluster

    left, returncode = _stop(process, whole_group=True)

    assert not left, f"still running {STOP_WITHIN_S} s after SIGTERM to the group: {left}"
    assert returncode == 0
