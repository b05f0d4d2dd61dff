"""HTTP latency by view: a Prometheus histogram labelled by the route's name, the method and the
status class, observed around everything else a request goes through (up to the response being
handed to the server: a streamed body, a download, is not waited for)."""

from __future__ import annotations

import time

from django.http import HttpRequest, HttpResponse
from prometheus_client import Histogram

# Up to the Music API's 600 s wait: a call that waits for its song is slow by design.
LATENCY_BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 60.0, 600.0)
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
UNMATCHED = "<unmatched>"  # no route: static files, 404s (never the raw path: unbounded labels)

REQUEST_LATENCY = Histogram(
    "refrain_http_request_duration_seconds",
    "Time to answer an HTTP request, by route name, method and status class.",
    ["view", "method", "status_class"],
    buckets=LATENCY_BUCKETS_S,
)


def view_label(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else UNMATCHED


class RequestLatencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        method = request.method if request.method in _METHODS else "other"
        REQUEST_LATENCY.labels(
            view_label(request), method, f"{response.status_code // 100}xx"
        ).observe(time.perf_counter() - started)
        return response
