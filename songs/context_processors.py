"""What every studio page shows around its content: the count of unseen results, the notices'
poller, and an undo for what was just done."""

from __future__ import annotations

from django.utils import timezone

from songs.notices import notice_count

UNDO_SESSION_KEY = "refrain_undo"


def studio(request) -> dict:
    user = getattr(request, "user", None)
    membership = getattr(request, "membership", None)
    if user is None or not user.is_authenticated or membership is None:
        return {}
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        # A fragment (a job panel polled every second) shows none of it: no query for it, and
        # the undo waits for the next whole page.
        return {}
    return {
        "notice_count": notice_count(membership=membership),
        "notices_since": timezone.now().isoformat(),
        "undo": request.session.pop(UNDO_SESSION_KEY, None),
    }
