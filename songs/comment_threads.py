"""Reads: a draft's comment threads as they sit on one of its revisions, re-anchored there from
the revision each was made on (songs/comment_anchors.py), and the marks they leave in the text."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from songs.comment_anchors import Anchor, LineMap, first_body_without
from songs.models import LyricComment, LyricDraft, LyricRevision

Status = Literal["open", "resolved", "all"]
STATUSES: tuple[Status, ...] = ("open", "resolved", "all")
EXCERPT_CHARS = 60


@dataclass(frozen=True)
class Thread:
    root: LyricComment
    replies: list[LyricComment]
    anchor: Anchor | None  # on the revision shown; None: its words are gone (orphaned)
    gone_in: int | None  # the first revision without its words, for an orphaned thread

    @property
    def id(self) -> int:
        return self.root.pk

    @property
    def resolved(self) -> bool:
        return self.root.resolved_at is not None

    @property
    def orphaned(self) -> bool:
        return self.anchor is None

    @property
    def excerpt(self) -> str:
        body = " ".join(self.root.body.split())
        return body if len(body) <= EXCERPT_CHARS else body[: EXCERPT_CHARS - 1] + "…"


def _anchor_of(comment: LyricComment) -> Anchor:
    return Anchor(comment.line_number, comment.start_col, comment.end_col, comment.quote)


def thread_list_for_revision(
    *, draft: LyricDraft, revision: LyricRevision, status: Status = "all"
) -> list[Thread]:
    """The draft's threads on `revision`: anchored ones in the order of the text, then orphaned
    ones, oldest first. `status` keeps the open or the resolved ones only."""
    comments = LyricComment.objects.filter(revision__draft=draft).select_related(
        "author", "resolved_by", "revision"
    )
    roots = [c for c in comments if c.parent_id is None and _wanted(c.resolved_at, status)]
    if not roots:
        return []
    replies: dict[int, list[LyricComment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id is not None:
            replies[comment.parent_id].append(comment)
    bodies = dict(draft.revisions.values_list("number", "body"))
    maps: dict[int, LineMap] = {}  # one diff per revision the threads were made on
    threads = []
    for root in roots:
        origin = root.revision.number
        if origin == revision.number:
            anchor = _anchor_of(root)
        else:
            if origin not in maps:
                maps[origin] = LineMap(bodies[origin], revision.body)
            anchor = maps[origin].follow(_anchor_of(root))
        gone_in = None
        if anchor is None:
            step = 1 if revision.number > origin else -1
            between = range(origin + step, revision.number + step, step)
            gone_in = first_body_without(
                _anchor_of(root), bodies[origin], ((n, bodies[n]) for n in between if n in bodies)
            )
        threads.append(Thread(root=root, replies=replies[root.pk], anchor=anchor, gone_in=gone_in))
    return sorted(
        threads,
        key=lambda t: (t.orphaned, t.anchor.line_number if t.anchor else 0, _position(t)),
    )


def _wanted(resolved_at: datetime | None, status: Status) -> bool:
    return status == "all" or (resolved_at is not None) == (status == "resolved")


def threads_with_status(threads: list[Thread], status: Status) -> list[Thread]:
    """The open, the resolved or all of `threads`."""
    return [t for t in threads if _wanted(t.root.resolved_at, status)]


def _position(thread: Thread) -> tuple:
    start = thread.anchor.start_col if thread.anchor else 0
    return (start, thread.root.created_at, thread.root.pk)


def comment_marks(threads: list[Thread]) -> list[dict]:
    """The gutter's marks: one per open, anchored thread (the `#comment-marks` JSON)."""
    return [
        {
            "line": t.anchor.line_number,
            "thread": t.id,
            "author": t.root.author.username if t.root.author else "someone",
            "excerpt": t.excerpt,
        }
        for t in threads
        if t.anchor is not None and not t.resolved
    ]


def marks_by_line(threads: list[Thread]) -> dict[int, list[tuple[int, int, int]]]:
    """For the read-only text: line number -> (start col, end col, thread id) of each anchored
    thread, in column order."""
    marks: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for t in threads:
        if t.anchor is not None:
            marks[t.anchor.line_number].append((t.anchor.start_col, t.anchor.end_col, t.id))
    return {line: sorted(spans) for line, spans in marks.items()}
