"""What the draft page shows of its comments: the threads on the revision shown, filtered by
`?comments=open|resolved|all` (open by default), their marks in the text and in the gutter."""

from __future__ import annotations

from django.http import HttpRequest

from songs.comment_anchors import body_lines
from songs.comment_threads import (
    STATUSES,
    comment_marks,
    marks_by_line,
    thread_list_for_revision,
    threads_with_status,
)
from songs.models import LyricDraft, LyricRevision


def comment_context(
    request: HttpRequest, *, draft: LyricDraft, shown: LyricRevision | None
) -> dict:
    status = request.GET.get("comments", "open")
    status = status if status in STATUSES else "open"
    threads = thread_list_for_revision(draft=draft, revision=shown) if shown else []
    listed = threads_with_status(threads, status)
    return {
        "threads": [t for t in listed if not t.orphaned],
        "orphaned_threads": [t for t in listed if t.orphaned],
        "comment_filter": status,
        "comment_filters": STATUSES,
        "comment_marks": comment_marks(threads),
        "comment_spans": marks_by_line(listed),
        "shown_text_lines": list(enumerate(body_lines(shown.body), start=1)) if shown else [],
    }
