"""Comments on a draft's text over the API: threads anchored to words, shown on any revision."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from songs.access import access_draft
from songs.api.common import IdField, Input, NonBlankCharField, UserField, query_filters
from songs.comment_anchors import MAX_QUOTE_CHARS, Anchor, anchor_follow
from songs.comment_threads import STATUSES, Thread, thread_list_for_revision
from songs.models import LyricComment, LyricRevision
from songs.services import comments as services


class CommentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    revision = serializers.IntegerField(help_text="the revision it was made on")
    line_number = serializers.IntegerField(
        allow_null=True, help_text="on the revision asked about; null when orphaned"
    )
    start_col = serializers.IntegerField(allow_null=True)
    end_col = serializers.IntegerField(allow_null=True)
    quote = serializers.CharField(help_text="the words it is about, as written then")
    orphaned = serializers.BooleanField(help_text="its words are gone from this revision")
    parent_id = serializers.IntegerField(allow_null=True)
    body = serializers.CharField()
    author = UserField()
    created_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)


class CommentInput(Input):
    line_number = serializers.IntegerField(
        min_value=1, max_value=100_000, required=False, default=1
    )
    start_col = serializers.IntegerField(min_value=0, max_value=100_000, required=False, default=0)
    end_col = serializers.IntegerField(
        min_value=0,
        max_value=100_000,
        required=False,
        default=0,
        help_text="exclusive; equal to start_col: the whole line",
    )
    quote = serializers.CharField(
        required=False,
        max_length=MAX_QUOTE_CHARS,
        trim_whitespace=False,
        help_text="the words selected; refused when the line does not read so there",
    )
    body = NonBlankCharField(max_length=5000)
    parent = IdField(required=False)


class DraftCommentQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=STATUSES, required=False, default="open")


def _row(comment: LyricComment, anchor: Anchor | None, origin: int) -> dict:
    return {
        "id": comment.pk,
        "revision": origin,
        "line_number": anchor.line_number if anchor else None,
        "start_col": anchor.start_col if anchor else None,
        "end_col": anchor.end_col if anchor else None,
        "quote": comment.quote,
        "orphaned": anchor is None,
        "parent_id": comment.parent_id,
        "body": comment.body,
        "author": comment.author,
        "created_at": comment.created_at,
        "resolved_at": comment.resolved_at,
    }


def _rows(threads: list[Thread]) -> list[dict]:
    return [
        _row(comment, thread.anchor, thread.root.revision.number)
        for thread in threads
        for comment in [thread.root, *thread.replies]
    ]


def _thread_on(comment: LyricComment, revision: LyricRevision) -> dict:
    """One comment with its thread's anchor on `revision`."""
    root = comment.parent or comment
    anchor = Anchor(root.line_number, root.start_col, root.end_col, root.quote)
    if root.revision_id != revision.pk:
        anchor = anchor_follow(anchor, root.revision.body, revision.body)
    return _row(comment, anchor, root.revision.number)


class CommentListApi(APIView):
    @extend_schema(responses=CommentOutput(many=True))
    def get(self, request: Request, draft_id: int, number: int) -> Response:
        """The draft's comments, open and resolved, anchored on this revision."""
        draft, _ = access_draft(user=request.user, draft_id=draft_id)
        revision = get_object_or_404(draft.revisions, number=number)
        threads = thread_list_for_revision(draft=draft, revision=revision)
        return Response(CommentOutput(_rows(threads), many=True).data)

    @extend_schema(request=CommentInput, responses={201: CommentOutput})
    def post(self, request: Request, draft_id: int, number: int) -> Response:
        """Comment on words of a line of this revision (viewers too), or reply to a thread."""
        draft, membership = access_draft(user=request.user, draft_id=draft_id)
        revision = get_object_or_404(draft.revisions, number=number)
        data = CommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        parent_id = fields.pop("parent", None)
        parent = (
            get_object_or_404(LyricComment, pk=parent_id, revision__draft=draft)
            if parent_id
            else None
        )
        comment = services.lyric_comment_create(
            actor=membership, revision=revision, parent=parent, **fields
        )
        return Response(
            CommentOutput(_thread_on(comment, revision)).data, status=status.HTTP_201_CREATED
        )


class DraftCommentListApi(APIView):
    @extend_schema(parameters=[DraftCommentQuery], responses=CommentOutput(many=True))
    def get(self, request: Request, draft_id: int) -> Response:
        """The draft's comments anchored on its current revision; `status` open (the default),
        resolved or all."""
        draft, _ = access_draft(user=request.user, draft_id=draft_id)
        wanted = query_filters(request, DraftCommentQuery)["status"]
        if draft.current_revision is None:
            return Response([])
        threads = thread_list_for_revision(
            draft=draft, revision=draft.current_revision, status=wanted
        )
        return Response(CommentOutput(_rows(threads), many=True).data)


class CommentResolveApi(APIView):
    @extend_schema(request=None, responses=CommentOutput)
    def post(self, request: Request, draft_id: int, comment_id: int) -> Response:
        """Resolve a thread (`?reopen` to reopen it); answered anchored on the current text."""
        draft, membership = access_draft(user=request.user, draft_id=draft_id)
        comment = get_object_or_404(LyricComment, pk=comment_id, revision__draft=draft)
        resolved = request.query_params.get("reopen") is None
        root = services.lyric_comment_resolve(actor=membership, comment=comment, resolved=resolved)
        return Response(CommentOutput(_thread_on(root, draft.current_revision)).data)
