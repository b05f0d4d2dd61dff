"""What a django-q2 worker process does once, when it starts: warm the provider up in the background,
so the first job it takes does not also pay for loading models and compiling code."""

from __future__ import annotations

import logging
import threading

from django.conf import settings

from songs.providers import provider_named

log = logging.getLogger(__name__)


def warm_up_on_spawn(sender, proc_name: str = "", **kwargs) -> threading.Thread | None:
    """django-q2's `post_spawn` receiver: start warming up (unless REFRAIN_WARM_UP_WORKERS is off)."""
    if not settings.REFRAIN_WARM_UP_WORKERS:
        return None
    thread = threading.Thread(target=_warm_up, name=f"warm-up {proc_name}".strip(), daemon=True)
    thread.start()
    return thread


def _warm_up() -> None:
    try:
        provider_named(settings.REFRAIN_PROVIDER).warm_up()
    except Exception:  # a failed warm-up only means the first job loads what it needs itself
        log.exception("warming the %s provider up failed", settings.REFRAIN_PROVIDER)
