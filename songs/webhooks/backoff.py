"""When a failed message is tried again: the Standard Webhooks / Svix schedule (5 s, 5 min,
30 min, 2 h, 5 h, 10 h, 14 h ...) with a little jitter, never past the message's 24 h window,
whose end gets a last attempt of its own."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

# The wait after the 1st, 2nd, ... failed attempt; the last one repeats.
RETRY_DELAYS_S = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600, 20 * 3600)
# Up to this fraction is added to a wait, so endpoints that failed together are not retried in
# one burst.
JITTER = 0.1


def retry_at(
    *,
    failed_attempts: int,
    now: datetime,
    retry_until: datetime,
    jitter: Callable[[], float] = random.random,
) -> datetime | None:
    """When to try again after `failed_attempts` failures, or None once the window is over."""
    if now >= retry_until:
        return None
    delay_s = RETRY_DELAYS_S[min(failed_attempts, len(RETRY_DELAYS_S)) - 1]
    return min(now + timedelta(seconds=delay_s * (1 + JITTER * jitter())), retry_until)
