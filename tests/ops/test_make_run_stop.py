"""`make run` (web server and worker cluster) ends every process within 10 s of a SIGTERM to its
process group, and waits for them before it returns, also when a second stop follows the first
(GNU make sends one of its own; an impatient user presses Ctrl-C twice)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request

from tests.ops.conftest import ROOT, WARMED_UP, wait_for_text
from tests.ops.processes import descendants, end_times, still_running


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_sigterm_to_make_run_ends_the_web_server_and_every_worker_process(ops_env, tmp_path):
    port = _free_port()
    log_path = tmp_path / "make-run.log"
    with open(log_path, "wb") as log:
        make = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=ROOT, env=ops_env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    groups = set()
    try:
        wait_for_text(log_path, WARMED_UP, count=2, timeout_s=180)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            assert response.status == 200
        processes = descendants(make.pid) | {make.pid}
        groups = {os.getpgid(pid) for pid in processes}
        assert len(processes) >= 8  # make, its shell, runserver, qcluster's six

        os.killpg(make.pid, signal.SIGTERM)
        time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(make.pid, signal.SIGTERM)
        ended = end_times(processes, 10)

        assert not still_running(ended), f"still running 10 s after SIGTERM: {still_running(ended)}"
        # make returns last, once its servers have ended, not while they are still stopping.
        assert ended[make.pid] >= max(ended.values()) - 0.1
    finally:
        for group in groups | {make.pid}:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        make.wait(timeout=10)
