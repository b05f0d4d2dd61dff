"""Comments on a draft's text: threads anchored to words of a revision, replies, resolving, and
@mentions of teammates, who find them in their notices."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from accounts.errors import ApplicationError
from accounts.models import Membership
from songs.comment_anchors import AnchorError, anchor_check
from songs.models import CommentMention, LyricComment, LyricRevision
from songs.webhooks.emit import comment_created_emit

MAX_COMMENT_CHARS = 5000
# Django's usernames: letters, digits and @ . + - _; a mention ends where those do (and a
# sentence's full stop is no part of a name).
_MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]*[\w+-])")


def mentioned_usernames(body: str) -> set[str]:
    """The names written as @username in a comment."""
    return set(_MENTION.findall(body))


@transaction.atomic
def lyric_comment_create(
    *,
    actor: Membership,
    revision: LyricRevision,
    body: str,
    line_number: int = 1,
    start_col: int = 0,
    end_col: int = 0,
    quote: str | None = None,
    parent: LyricComment | None = None,
) -> LyricComment:
    """A comment on words of a line (an empty selection: the whole line), or a reply to a thread
    of the same draft whatever revision it was made on. Viewers may comment too."""
    body = body.strip()
    if not body:
        raise ApplicationError("Write something.", field="body")
    if len(body) > MAX_COMMENT_CHARS:
        raise ApplicationError(
            f"A comment has at most {MAX_COMMENT_CHARS} characters.", field="body"
        )
    if parent is not None:
        if parent.revision.draft_id != revision.draft_id:
            raise ApplicationError("That comment belongs to another draft.", field="parent")
        parent = parent.parent or parent  # replies stay one level deep, on the thread's anchor
        anchored_on, anchor = parent.revision, parent
    else:
        try:
            anchor = anchor_check(
                revision.body,
                line_number=line_number,
                start_col=start_col,
                end_col=end_col,
                quote=quote,
            )
        except AnchorError as error:
            raise ApplicationError(error.message, field=error.field) from error
        anchored_on = revision
    comment = LyricComment.objects.create(
        revision=anchored_on,
        parent=parent,
        line_number=anchor.line_number,
        start_col=anchor.start_col,
        end_col=anchor.end_col,
        quote=anchor.quote,
        body=body,
        author=actor.user,
    )
    _mentions_record(comment=comment, actor=actor)
    comment_created_emit(comment)
    return comment


def _mentions_record(*, comment: LyricComment, actor: Membership) -> None:
    # Only members of the draft's team are told; any other @name is just text.
    names = mentioned_usernames(comment.body)
    if not names:
        return
    members = Membership.objects.filter(
        team_id=actor.team_id, user__username__in=names, user__is_active=True
    ).exclude(user_id=actor.user_id)
    CommentMention.objects.bulk_create(
        [CommentMention(comment=comment, user_id=member.user_id) for member in members]
    )


@transaction.atomic
def lyric_comment_resolve(
    *, actor: Membership, comment: LyricComment, resolved: bool = True
) -> LyricComment:
    """Resolve (or reopen) a comment thread: editors, or whoever started it."""
    root = comment.parent or comment
    if not (actor.can_edit or root.author_id == actor.user_id):
        raise ApplicationError("Only editors or the comment's author can resolve it.", status=403)
    root.resolved_at = timezone.now() if resolved else None
    root.resolved_by = actor.user if resolved else None
    root.save(update_fields=["resolved_at", "resolved_by"])
    return root
