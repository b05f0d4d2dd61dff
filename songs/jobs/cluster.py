"""qcluster's main process, stopped so that no process of the cluster is left behind.

django-q2's main process stops its sentinel from inside the SIGTERM handler with
`stop_event.set()`, and a multiprocessing Event's `set()` waits until every process sleeping on
the Event has woken up (multiprocessing.synchronize.Condition.notify). When the signal goes to
the whole process group (systemd's KillMode=control-group, a terminal, `kill -- -PGID`), the
sentinel dies of the same signal while it sleeps on that Event, and `set()` waits for it
forever in a futex. A second signal landing while the handler holds the Event's lock deadlocks
the same way (django-q2#346).

Here the handler only notes the signal. The main loop then asks the sentinel to stop from a
daemon thread, which a dead sentinel can hold but not the process, and waits for the sentinel:
a live one stops its pusher, workers and monitor in turn; a dead one took them with it.

The main loop is also where each host's reaper runs (every REFRAIN_REAP_EVERY s), outside the
queue: a reap sent through the broker would wait behind every turn already queued, so a dead
host's jobs would stay "running", and count against their team's limit, until the backlog drained.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time

from django.conf import settings
from django.db import close_old_connections
from django_q import cluster

from songs.jobs.reap import job_reap_stalled

POLL_S = 0.2

log = logging.getLogger(__name__)


class Cluster(cluster.Cluster):
    def __init__(self) -> None:
        self.stop_requested = False
        super().__init__()  # installs self.sig_handler for SIGTERM and SIGINT

    def sig_handler(self, signum, frame) -> None:
        # Nothing here may take a lock the interrupted code could hold.
        self.stop_requested = True

    def start(self) -> int:
        try:
            return super().start()
        except RuntimeError:
            # The sentinel died of the group's SIGTERM while it started: a stop, not a failure.
            if self.stop_requested:
                return self.pid
            raise

    def serve(self) -> None:
        """Start the cluster and run it until SIGTERM or SIGINT (or until its sentinel dies)."""
        self.start()
        next_reap = time.monotonic() + settings.REFRAIN_REAP_EVERY_S
        while not self.stop_requested and self.sentinel.is_alive():
            time.sleep(POLL_S)
            if time.monotonic() >= next_reap:
                reap()
                next_reap = time.monotonic() + settings.REFRAIN_REAP_EVERY_S
        self.stop()

    def stop(self) -> bool:
        if not self.sentinel.is_alive():
            return False
        log.info("stopping the worker cluster")
        threading.Thread(target=self.stop_event.set, name="qcluster-stop", daemon=True).start()
        self.sentinel.join(settings.REFRAIN_STOP_GRACE_S)
        if self.sentinel.is_alive():
            self._terminate_workers()
            self.sentinel.join()
        return True

    def _terminate_workers(self) -> None:
        """End the workers that did not stop in time; the sentinel then stops as usual."""
        busy = self.stat.workers
        log.warning("terminating %d busy worker(s) after the stop grace", len(busy))
        for pid in busy:
            with contextlib.suppress(ProcessLookupError):  # it stopped meanwhile
                os.kill(pid, signal.SIGTERM)


def reap() -> None:
    """Take up the jobs of workers that stopped beating. Every host does: the requeues are
    conditional updates, so two hosts reaping at once requeue a job once."""
    close_old_connections()  # this loop runs for months: honour CONN_MAX_AGE and dead links
    try:
        job_reap_stalled(stale_after_s=settings.REFRAIN_JOB_STALE_AFTER_S)
    except Exception:  # the database away for a moment: the next round tries again
        log.exception("reaping stalled jobs failed")
