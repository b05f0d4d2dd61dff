"""gunicorn's settings for Refrain: `gunicorn -c config/gunicorn.conf.py config.wsgi`. README
"Production" says why each is what it is; the environment sets the few that vary per machine."""

import multiprocessing
import os
import shutil
from pathlib import Path

bind = os.environ.get("REFRAIN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
# Threads, because a Music API call may wait for its song (REFRAIN_API_WAIT, 600 s): a thread
# asleep in that wait leaves the process's other threads serving. Each thread keeps its own
# database connection: PostgreSQL's max_connections must exceed workers x threads per web host.
worker_class = "gthread"
threads = int(os.environ.get("REFRAIN_WEB_THREADS", "8"))
# Above the Music API's wait, so that no worker is killed for a call waiting as long as allowed.
timeout = int(os.environ.get("REFRAIN_API_WAIT", "600")) + 60
# On SIGTERM, requests in flight get this long; a call still waiting for its song after that
# is cut, its job carries on in the workers and its result stays in the API.
graceful_timeout = 30
keepalive = 5
# Only the proxy in front (on this machine) may say a request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket sits at one path per user: two servers of a host would share it.
control_socket_disable = True
accesslog = None  # the proxy logs requests; Django logs what goes wrong, as JSON

_METRICS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR")


def on_starting(server):
    """Samples of the last run's processes would count twice: start the folder empty."""
    if _METRICS_DIR:
        shutil.rmtree(_METRICS_DIR, ignore_errors=True)
        Path(_METRICS_DIR).mkdir(parents=True)


def child_exit(server, worker):
    """A finished worker's live gauges go; its counters and histograms stay in the sums."""
    if _METRICS_DIR:
        from prometheus_client import multiprocess  # noqa: PLC0415  (only when pooling samples)

        multiprocess.mark_process_dead(worker.pid)
