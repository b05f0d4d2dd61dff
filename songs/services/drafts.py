"""Co-writing lyric drafts: immutable revisions, three-way merges, restores (comments:
songs/services/comments.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from accounts.errors import ApplicationError, Conflict
from accounts.models import Membership, User
from accounts.validation import clean_name
from songs import lyric_merge
from songs.lyric_merge import Region
from songs.models import (
    GenerationJob,
    LyricDraft,
    LyricRevision,
    Project,
    RevisionSource,
)
from songs.webhooks.emit import revision_created_emit

MAX_LYRICS_CHARS = 20000


def _require_editor(actor: Membership, what: str) -> None:
    if not actor.can_edit:
        raise ApplicationError(f"Viewers cannot {what}.", status=403)


def _check_body(body: str) -> None:
    if len(body) > MAX_LYRICS_CHARS:
        raise ApplicationError(f"Lyrics have at most {MAX_LYRICS_CHARS} characters.", field="body")
    # A revision with markers in it would be sung, markers and both versions of the lines.
    if (line := lyric_merge.marker_line(body)) is not None:
        raise ApplicationError(
            f"Line {line} still holds a merge marker (<<<<<<<, >>>>>>>): choose what to keep "
            "for each overlap and remove the markers before saving.",
            field="body",
        )


def revision_append(
    *,
    draft: LyricDraft,
    body: str,
    author: User | None,
    source: str,
    message: str,
    job: GenerationJob | None = None,
) -> LyricRevision:
    """The draft's next revision, made current; call it on a draft row locked for update. Every
    revision is made here, so here integrations are told of it (`revision.created`)."""
    number = (draft.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = LyricRevision.objects.create(
        draft=draft,
        number=number,
        parent=draft.current_revision,
        body=body,
        author=author,
        source=source,
        message=message[:300],
        job=job,
    )
    draft.current_revision = revision
    draft.save(update_fields=["current_revision", "updated_at"])
    revision_created_emit(revision)
    return revision


@transaction.atomic
def draft_create(*, actor: Membership, project: Project, title: str, body: str = "") -> LyricDraft:
    """A new draft; its first revision holds `body` (possibly empty)."""
    _require_editor(actor, "create drafts")
    if project.team_id != actor.team_id:
        raise ApplicationError("No such project.", status=404)
    title = clean_name(title, what="draft")
    body = lyric_merge.normalise(body)
    _check_body(body)
    draft = LyricDraft.objects.create(project=project, title=title, created_by=actor.user)
    revision_append(
        draft=draft,
        body=body,
        author=actor.user,
        source=RevisionSource.HUMAN,
        message="First draft",
    )
    return draft


class MergeConflict(Conflict):
    """Someone saved overlapping changes since the base revision: both texts go back to the writer,
    cut into what merges cleanly and the overlaps to choose from."""

    def __init__(
        self, *, base: LyricRevision, theirs: LyricRevision, yours: str, regions: list[Region]
    ):
        super().__init__(
            f"r{theirs.number} by {theirs.author.username if theirs.author else 'someone'} changed the same lines "
            f"since r{base.number}: keep what you want from both and save again."
        )
        self.base, self.theirs, self.yours = base, theirs, yours
        self.regions = regions
        self.overlaps = lyric_merge.overlaps(regions)
        self.merged_with_markers = lyric_merge.with_markers(regions)

    @classmethod
    def between(cls, base: LyricRevision, theirs: LyricRevision, yours: str) -> MergeConflict:
        yours = lyric_merge.normalise(yours)
        regions = lyric_merge.merge_regions(base.body, theirs.body, yours)
        return cls(base=base, theirs=theirs, yours=yours, regions=regions)


@dataclass(frozen=True)
class SaveOutcome:
    revision: LyricRevision
    merged: bool  # True when the server merged concurrent edits
    unchanged: bool = False  # True when the text equals the current revision (nothing saved)


@transaction.atomic
def lyric_revision_save(
    *, actor: Membership, draft: LyricDraft, base_number: int, body: str, message: str = ""
) -> SaveOutcome:
    """Save `body` written on top of revision `base_number`.

    If someone saved since, their edits and these are merged line-wise when they do not
    overlap; otherwise `MergeConflict` (409) carries both texts. Nothing is ever overwritten.
    """
    _require_editor(actor, "edit lyrics")
    body = lyric_merge.normalise(body)
    _check_body(body)
    draft = LyricDraft.objects.select_for_update().get(pk=draft.pk)  # one saver at a time per draft
    current = draft.current_revision
    base = draft.revisions.filter(number=base_number).first()
    if base is None:
        raise ApplicationError(
            f"This draft has no revision r{base_number}.", field="base", status=400
        )
    if current is None or base.pk == current.pk:
        if current is not None and current.body == body:
            return SaveOutcome(revision=current, merged=False, unchanged=True)
        revision = revision_append(
            draft=draft,
            body=body,
            author=actor.user,
            source=RevisionSource.HUMAN,
            message=message,
        )
        return SaveOutcome(revision=revision, merged=False)
    regions = lyric_merge.merge_regions(base.body, current.body, body)
    merged = lyric_merge.merged_text(regions)
    if merged is None:
        raise MergeConflict(base=base, theirs=current, yours=body, regions=regions)
    if merged == current.body:
        return SaveOutcome(revision=current, merged=True, unchanged=True)
    note = f"merged with r{current.number}"
    revision = revision_append(
        draft=draft,
        body=merged,
        author=actor.user,
        source=RevisionSource.HUMAN,
        message=f"{message} ({note})" if message else note.capitalize(),
    )
    return SaveOutcome(revision=revision, merged=True)


def lyric_conflict_resolve(
    *,
    actor: Membership,
    draft: LyricDraft,
    base: LyricRevision,
    theirs: LyricRevision,
    yours: str,
    resolutions: dict[int, lyric_merge.Resolution],
    message: str = "",
) -> SaveOutcome:
    """Save the text a writer built from a conflict's overlaps, one choice per overlap, on top of
    the revision they conflicted with (merged again if a third writer saved since)."""
    if base.draft_id != draft.pk or theirs.draft_id != draft.pk:
        raise ApplicationError(
            "That conflict is not between revisions of this draft.", field="base"
        )
    regions = lyric_merge.merge_regions(base.body, theirs.body, lyric_merge.normalise(yours))
    count = len(lyric_merge.overlaps(regions))
    missing = [index + 1 for index in range(count) if index not in resolutions]
    if missing:
        raise ApplicationError(
            f"Choose what to keep for overlap {', '.join(map(str, missing))} of {count}.",
            field="choices",
        )
    return lyric_revision_save(
        actor=actor,
        draft=draft,
        base_number=theirs.number,
        body=lyric_merge.resolve(regions, resolutions),
        message=message or f"Resolved an overlap with r{theirs.number}",
    )


@transaction.atomic
def lyric_revision_restore(*, actor: Membership, revision: LyricRevision) -> LyricRevision:
    """Make an old revision's text current again, as a new revision (history is never rewritten)."""
    _require_editor(actor, "restore revisions")
    draft = LyricDraft.objects.select_for_update().get(pk=revision.draft_id)
    return revision_append(
        draft=draft,
        body=revision.body,
        author=actor.user,
        source=RevisionSource.HUMAN,
        message=f"Restored r{revision.number}",
    )
