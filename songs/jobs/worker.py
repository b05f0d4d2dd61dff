"""What a django-q2 worker process does once, when it starts: warm its provider up, so that the
first job it takes does not also pay for loading models and compiling code.

It runs on the worker's own thread, before the worker takes a job. Not in a side thread: a
CTranslate2 model (the speech recogniser) made on a thread that then ends can abort the whole
process when it exits ("terminate called without an active exception")."""

from __future__ import annotations

import logging
import time

from django.conf import settings

from songs.providers import provider_named

log = logging.getLogger(__name__)


def warm_up_on_spawn(sender, proc_name: str = "", **kwargs) -> bool:
    """django-q2's `post_spawn` receiver: warm up (unless REFRAIN_WARM_UP_WORKERS is off).
    True when the provider is ready."""
    if not settings.REFRAIN_WARM_UP_WORKERS:
        return False
    started = time.monotonic()
    try:
        provider_named(settings.REFRAIN_PROVIDER).warm_up()
    except Exception:  # a failed warm-up only means the first job loads what it needs itself
        log.exception("warming the %s provider up failed", settings.REFRAIN_PROVIDER)
        return False
    # Said at INFO, what the stop tests and the CI smoke run wait for before they stop a worker.
    log.info(
        "worker warmed up",
        extra={
            "provider": settings.REFRAIN_PROVIDER,
            "warm_up_s": round(time.monotonic() - started, 1),
        },
    )
    return True
