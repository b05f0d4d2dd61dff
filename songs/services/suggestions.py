"""Suggestion mode: any member proposes a new text for one line; the draft's editors accept it
(merged into the current text as a revision by the proposer) or reject it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.errors import ApplicationError, Conflict
from accounts.models import Membership
from songs import lyric_merge
from songs.models import (
    LyricDraft,
    LyricRevision,
    LyricSuggestion,
    RevisionSource,
    SuggestionStatus,
)
from songs.services.drafts import MAX_LYRICS_CHARS, revision_append

MAX_LINE_CHARS = 500
MAX_NOTE_CHARS = 300


class SuggestionConflict(Conflict):
    """The line (or one beside it) changed since the suggestion was made: it no longer applies."""

    def __init__(self, *, suggestion: LyricSuggestion, current: LyricRevision):
        by = current.author.username if current.author else "someone"
        super().__init__(
            f"Line {suggestion.line_number} of r{suggestion.revision.number} was changed since "
            f"(r{current.number} by {by}): the suggestion no longer applies. Reject it, or make "
            "the change in the editor."
        )
        self.suggestion, self.current = suggestion, current


def _lines(body: str) -> list[str]:
    return body.splitlines()


def _with_line(body: str, line_number: int, text: str) -> str:
    """`body` with its `line_number`-th line replaced by `text`, or removed when `text` is empty."""
    lines = _lines(body)
    lines[line_number - 1 : line_number] = [text] if text else []
    return "".join(line + "\n" for line in lines)


@transaction.atomic
def suggestion_create(
    *, actor: Membership, revision: LyricRevision, line_number: int, text: str, note: str = ""
) -> LyricSuggestion:
    """Propose `text` for line `line_number` of `revision` (empty `text`: remove the line).
    Viewers may suggest too: that is what suggestions are for."""
    text, note = text.strip(), note.strip()
    lines = _lines(revision.body)
    if not 1 <= line_number <= len(lines):
        raise ApplicationError(
            f"Line {line_number} is not in r{revision.number}.", field="line_number"
        )
    if "\n" in text or "\r" in text:
        raise ApplicationError("A suggestion changes one line: write it on one line.", field="text")
    if lyric_merge.marker_line(text) is not None:
        # Accepted, it would be sung: saves refuse markers, so suggestions do too.
        raise ApplicationError(
            "A line may not start with a merge marker (<<<<<<<, >>>>>>>).", field="text"
        )
    if len(text) > MAX_LINE_CHARS:
        raise ApplicationError(f"A line has at most {MAX_LINE_CHARS} characters.", field="text")
    original = lines[line_number - 1]
    if text == original.strip():
        raise ApplicationError("That is what the line says already.", field="text")
    if len(_with_line(revision.body, line_number, text)) > MAX_LYRICS_CHARS:
        raise ApplicationError(f"Lyrics have at most {MAX_LYRICS_CHARS} characters.", field="text")
    if len(note) > MAX_NOTE_CHARS:
        raise ApplicationError(f"A note has at most {MAX_NOTE_CHARS} characters.", field="note")
    return LyricSuggestion.objects.create(
        draft_id=revision.draft_id,
        revision=revision,
        line_number=line_number,
        original_text=original,
        proposed_text=text,
        note=note,
        author=actor.user,
    )


def _require_editor(actor: Membership, what: str) -> None:
    if not actor.can_edit:
        raise ApplicationError(f"Only the draft's editors can {what} suggestions.", status=403)


def _decide(
    *, suggestion: LyricSuggestion, status: str, actor: Membership, **fields
) -> LyricSuggestion:
    """Close an open suggestion; whoever decided first wins, the others are told (409)."""
    claimed = LyricSuggestion.objects.filter(pk=suggestion.pk, status=SuggestionStatus.OPEN).update(
        status=status, decided_by=actor.user, decided_at=timezone.now(), **fields
    )
    suggestion.refresh_from_db()
    if not claimed:
        raise Conflict(f"This suggestion was already {suggestion.get_status_display().lower()}.")
    return suggestion


@transaction.atomic
def suggestion_accept(*, actor: Membership, suggestion: LyricSuggestion) -> LyricSuggestion:
    """Merge the suggested line into the current text, as a revision by the suggestion's author.

    The change is merged like a stale save (`lyric_merge`): if the line or its neighbours
    changed since the suggestion's revision, `SuggestionConflict` (409), and the suggestion
    stays open.
    """
    _require_editor(actor, "accept")
    draft = LyricDraft.objects.select_for_update().get(pk=suggestion.draft_id)  # one at a time
    suggestion.refresh_from_db()
    if suggestion.status != SuggestionStatus.OPEN:
        raise Conflict(f"This suggestion was already {suggestion.get_status_display().lower()}.")
    base, current = suggestion.revision, draft.current_revision
    yours = _with_line(base.body, suggestion.line_number, suggestion.proposed_text)
    merged = lyric_merge.merged_text(lyric_merge.merge_regions(base.body, current.body, yours))
    if merged is None:
        raise SuggestionConflict(suggestion=suggestion, current=current)
    if len(merged) > MAX_LYRICS_CHARS:
        raise ApplicationError(f"Lyrics have at most {MAX_LYRICS_CHARS} characters.", field="text")
    if merged == current.body:  # someone already made the same change
        revision = current
    else:
        author = suggestion.author.username if suggestion.author else "someone"
        revision = revision_append(
            draft=draft,
            body=merged,
            author=suggestion.author,
            source=RevisionSource.HUMAN,
            message=f"Suggestion by {author}, accepted by {actor.user.username}",
        )
    return _decide(
        suggestion=suggestion,
        status=SuggestionStatus.ACCEPTED,
        actor=actor,
        result_revision=revision,
    )


@transaction.atomic
def suggestion_reject(*, actor: Membership, suggestion: LyricSuggestion) -> LyricSuggestion:
    _require_editor(actor, "reject")
    return _decide(suggestion=suggestion, status=SuggestionStatus.REJECTED, actor=actor)


@transaction.atomic
def suggestion_withdraw(*, actor: Membership, suggestion: LyricSuggestion) -> LyricSuggestion:
    """Take back one's own open suggestion."""
    if suggestion.author_id != actor.user_id:
        raise ApplicationError("Only who made a suggestion can withdraw it.", status=403)
    return _decide(suggestion=suggestion, status=SuggestionStatus.WITHDRAWN, actor=actor)
