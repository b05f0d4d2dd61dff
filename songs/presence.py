"""Reads for co-writing a draft live: who has it open and where they write, and what teammates
saved since the text a writer started from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from songs import lyric_merge
from songs.models import DraftPresence, LyricDraft, LyricRevision
from songs.selectors import lines_diff

# The page refreshes its row every few seconds; a row older than this is a closed tab.
PRESENT_WITHIN = timedelta(seconds=15)


@dataclass(frozen=True)
class Writer:
    user_id: int
    name: str
    initials: str
    hue: int  # the colour of their avatar, the same on every page and for everyone
    editing: bool
    section: str
    is_you: bool

    @property
    def doing(self) -> str:
        if not self.editing:
            return "reading"
        return f"editing the {self.section.lower()}" if self.section else "editing"


def _initials(name: str) -> str:
    words = [word for word in name.replace("_", " ").replace(".", " ").split() if word]
    letters = "".join(word[0] for word in words[:2]) if len(words) > 1 else name[:2]
    return letters.upper()


def writers_present(*, draft: LyricDraft, you_id: int, now: datetime | None = None) -> list[Writer]:
    """Everyone with the draft open now, you first, then by name."""
    since = (now or timezone.now()) - PRESENT_WITHIN
    rows = DraftPresence.objects.filter(draft=draft, seen_at__gte=since).select_related("user")
    writers = [_writer(row, you_id) for row in rows]
    return sorted(writers, key=lambda writer: (not writer.is_you, writer.name.lower()))


def _writer(row: DraftPresence, you_id: int) -> Writer:
    name = row.user.get_full_name() or row.user.username
    return Writer(
        user_id=row.user_id,
        name=name,
        initials=_initials(name),
        hue=(row.user_id * 137) % 360,
        editing=row.editing,
        section=row.editing_section,
        is_you=row.user_id == you_id,
    )


@dataclass(frozen=True)
class DraftNews:
    """Revisions saved on top of the one a writer started from."""

    since: int
    current: LyricRevision
    authors: list[str]
    lines_added: int
    lines_removed: int


def draft_news(*, draft: LyricDraft, since_number: int) -> DraftNews | None:
    current = draft.current_revision
    if current is None or current.number <= since_number:
        return None
    newer = draft.revisions.filter(number__gt=since_number).select_related("author")
    start = draft.revisions.filter(number=since_number).first()
    rows = lines_diff(start.body if start else "", current.body)
    authors = sorted({revision.author.username for revision in newer if revision.author})
    return DraftNews(
        since=since_number,
        current=current,
        authors=authors or ["someone"],
        lines_added=sum(row.op == "add" for row in rows),
        lines_removed=sum(row.op == "remove" for row in rows),
    )


@dataclass(frozen=True)
class MergePreview:
    """A writer's unsaved text merged with the draft's current text, before they save."""

    onto: LyricRevision
    body: str | None  # None when they overlap: the writer chooses in the merge view on save
    overlaps: int


def merge_preview(*, draft: LyricDraft, base: LyricRevision, body: str) -> MergePreview:
    current = draft.current_revision or base
    regions = lyric_merge.merge_regions(base.body, current.body, lyric_merge.normalise(body))
    return MergePreview(
        onto=current,
        body=lyric_merge.merged_text(regions),
        overlaps=len(lyric_merge.overlaps(regions)),
    )
