"""`/healthz`: is the database reachable, is the queue reachable, is a worker running for the
jobs that wait. JSON, no auth, no secrets; 503 with a reason when something is wrong."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_q.brokers import get_broker

from songs.jobs.health import worker_health

logger = logging.getLogger(__name__)


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "not reachable"
        logger.warning("health: database unreachable", extra={"error": str(error)})
        return {"ok": False, "error": error.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _queue() -> dict:
    try:
        broker = get_broker()
        reachable = bool(broker.ping())
        queued = broker.queue_size()
        workers = worker_health()
    except Exception as error:
        logger.warning("health: queue unreachable", extra={"error": str(error)})
        return {"ok": False, "error": error.__class__.__name__}
    check = {
        "ok": reachable and not workers.stalled,
        "broker": broker.__class__.__name__,
        "queued": queued,
        "waiting_jobs": workers.waiting_jobs,
        "clusters": workers.clusters,
        "workers": workers.workers,
    }
    if workers.stalled:
        check["reason"] = workers.reason
    return check


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "queue": _queue()}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
