"""Under gunicorn's several worker processes, /metrics answers for all of them: each process
writes its latency samples to PROMETHEUS_MULTIPROC_DIR and any one reads them all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]

SERVE = """
import django
django.setup()
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve
from config.request_metrics import RequestLatencyMiddleware

middleware = RequestLatencyMiddleware(lambda request: HttpResponse(status=200))
for _ in range({n}):
    request = RequestFactory().get("/healthz")
    request.resolver_match = resolve("/healthz")
    middleware(request)
"""

SCRAPE = """
import django
django.setup()
from prometheus_client import generate_latest
import config.metrics

config.metrics.JobCollector.collect = lambda self: iter(())  # no database in this process
print(generate_latest(config.metrics.metrics_registry()).decode())
"""


def _python(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_one_process_answers_for_the_requests_every_process_served(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "REFRAIN_VAR_DIR": str(tmp_path / "var"),
    }
    _python(SERVE.format(n=3), env)
    _python(SERVE.format(n=2), env)

    text = _python(SCRAPE, env)

    counts = [
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "refrain_http_request_duration_seconds_count"
        and sample.labels == {"view": "healthz", "method": "GET", "status_class": "2xx"}
    ]
    assert counts == [5]
