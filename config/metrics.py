"""`/metrics`: Prometheus text for a scraper holding `REFRAIN_METRICS_TOKEN`.

Two sources. The jobs and the worker clusters are read from the database and the cache at each
scrape (`JobCollector`), so every web process answers the same, whichever host did the work. The
HTTP latency histogram lives in the web processes (`config.request_metrics`): under gunicorn's
several workers, set `PROMETHEUS_MULTIPROC_DIR` (see README, "Metrics") so each process writes
its samples to that folder and any of them can answer for all.

Without a token configured the route answers 404, as if it did not exist: nothing about the
service is told to whoever asks, and no deployment serves it open by forgetting a setting.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import (
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from accounts.authentication import bearer_token
from songs.jobs.figures import Histogram, job_figures
from songs.jobs.health import cluster_heartbeats


def _buckets(histogram: Histogram) -> list[tuple[str, float]]:
    return [(str(bound) if bound != float("inf") else "+Inf", n) for bound, n in histogram.buckets]


class JobCollector(Collector):
    """Jobs, the queue and the worker clusters, as the database and the cache hold them now."""

    def describe(self) -> list[Metric]:
        return []  # nothing to read when registered: the figures are read at each scrape

    def collect(self) -> Iterator[Metric]:
        figures = job_figures()
        jobs = GaugeMetricFamily(
            "refrain_jobs", "Generation jobs by kind and status.", labels=["kind", "status"]
        )
        for (kind, status), n in sorted(figures.jobs.items()):
            jobs.add_metric([kind, status], n)
        yield jobs
        yield GaugeMetricFamily("refrain_queue_depth", "Jobs queued.", value=figures.queued)
        yield GaugeMetricFamily(
            "refrain_queue_oldest_age_seconds",
            "Age of the oldest queued job (0 when none waits).",
            value=figures.oldest_queued_age_s or 0.0,
        )
        yield GaugeMetricFamily(
            "refrain_running_job_heartbeat_age_seconds",
            "Seconds since the running job with the stalest heartbeat reported (0 when none runs);"
            " the reaper takes a job up again after REFRAIN_JOB_STALE_AFTER.",
            value=figures.stalest_heartbeat_age_s or 0.0,
        )
        durations = HistogramMetricFamily(
            "refrain_job_duration_seconds",
            "Run time of finished jobs' last attempt, by kind and final status.",
            labels=["kind", "status"],
        )
        for (kind, status), histogram in sorted(figures.durations.items()):
            durations.add_metric([kind, status], _buckets(histogram), histogram.sum)
        yield durations
        rtf = HistogramMetricFamily(
            "refrain_job_real_time_factor",
            "Run time over seconds of audio made, of succeeded jobs that made audio.",
            labels=["kind"],
        )
        for kind, histogram in sorted(figures.real_time_factors.items()):
            rtf.add_metric([kind], _buckets(histogram), histogram.sum)
        yield rtf
        yield from _cluster_metrics()


def _cluster_metrics() -> Iterator[Metric]:
    labels = ["cluster", "host"]
    running = GaugeMetricFamily(
        "refrain_worker_cluster_up",
        "1 while a worker cluster reports in and is not stopping; a cluster silent for 3 s is gone.",
        labels=labels,
    )
    workers = GaugeMetricFamily(
        "refrain_worker_cluster_workers", "Worker processes of a cluster.", labels=labels
    )
    last_seen = GaugeMetricFamily(
        "refrain_worker_cluster_last_seen_seconds",
        "Seconds since a cluster last reported.",
        labels=labels,
    )
    for heartbeat in cluster_heartbeats():
        names = [heartbeat.cluster_id, heartbeat.host]
        running.add_metric(names, 1 if heartbeat.running else 0)
        workers.add_metric(names, heartbeat.workers)
        last_seen.add_metric(names, heartbeat.last_seen_s)
    yield from (running, workers, last_seen)


def metrics_registry() -> CollectorRegistry:
    """What one scrape reads: the jobs, and every web process's samples (or this one's)."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(REGISTRY)
    registry.register(JobCollector())
    return registry


def _token_matches(request: HttpRequest, token: str) -> bool:
    given = bearer_token(request.headers.get("Authorization", "")) or ""
    return hmac.compare_digest(given.encode(), token.encode())


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.REFRAIN_METRICS_TOKEN
    if not token:
        raise Http404("No metrics token is configured.")
    if not _token_matches(request, token):
        response = HttpResponse("A valid metrics token is needed.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        response["Content-Type"] = "text/plain; charset=utf-8"
        return response
    return HttpResponse(generate_latest(metrics_registry()), content_type=CONTENT_TYPE_LATEST)
