"""Suggestion mode over the API: propose a new text for one line of a draft; editors accept
(merged into the current text, 409 when the line changed since) or reject; authors withdraw."""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_errors import ErrorOutput
from songs.access import access_draft
from songs.api.common import Input, UserField, query_filters
from songs.api.drafts import RevisionOutput
from songs.models import LyricSuggestion, SuggestionStatus
from songs.services import suggestions as services


class SuggestionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    revision = serializers.IntegerField(source="revision.number")
    line_number = serializers.IntegerField(help_text="1-based, on `revision`")
    original_text = serializers.CharField()
    proposed_text = serializers.CharField(help_text="empty: the line is removed")
    note = serializers.CharField()
    author = UserField()
    status = serializers.ChoiceField(choices=SuggestionStatus.choices)
    created_at = serializers.DateTimeField()
    decided_by = UserField()
    decided_at = serializers.DateTimeField(allow_null=True)
    result_revision = serializers.IntegerField(
        source="result_revision.number", default=None, allow_null=True
    )


class SuggestionInput(Input):
    revision = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        help_text="the revision `line_number` counts on; the current one if left out",
    )
    line_number = serializers.IntegerField(min_value=1, max_value=100_000)
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text="the line's new text; empty removes it"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SuggestionFilter(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=SuggestionStatus.choices, required=False, help_text="only these"
    )


class SuggestionConflictOutput(serializers.Serializer):
    """409 on accept: the line changed since (with the suggestion and the current text), or the
    suggestion was decided already (`detail` alone)."""

    detail = serializers.CharField()
    suggestion = SuggestionOutput(required=False)
    current = RevisionOutput(required=False)


class SuggestionListApi(APIView):
    @extend_schema(parameters=[SuggestionFilter], responses=SuggestionOutput(many=True))
    def get(self, request: Request, draft_id: int) -> Response:
        """The draft's suggestions, oldest first."""
        draft, _ = access_draft(user=request.user, draft_id=draft_id)
        filters = query_filters(request, SuggestionFilter)
        suggestions = draft.suggestions.select_related(
            "revision", "author", "decided_by", "result_revision"
        )
        if "status" in filters:
            suggestions = suggestions.filter(status=filters["status"])
        return Response(SuggestionOutput(suggestions, many=True).data)

    @extend_schema(request=SuggestionInput, responses={201: SuggestionOutput})
    def post(self, request: Request, draft_id: int) -> Response:
        """Propose a new text for one line (viewers may too)."""
        draft, membership = access_draft(user=request.user, draft_id=draft_id)
        data = SuggestionInput(data=request.data)
        data.is_valid(raise_exception=True)
        number = data.validated_data.get("revision")
        revision = (
            get_object_or_404(draft.revisions, number=number)
            if number is not None
            else draft.current_revision
        )
        suggestion = services.suggestion_create(
            actor=membership,
            revision=revision,
            line_number=data.validated_data["line_number"],
            text=data.validated_data["text"],
            note=data.validated_data["note"],
        )
        return Response(SuggestionOutput(suggestion).data, status=status.HTTP_201_CREATED)


def _decide(
    request: Request, draft_id: int, suggestion_id: int, decide: Callable[..., LyricSuggestion]
) -> Response:
    draft, membership = access_draft(user=request.user, draft_id=draft_id)
    suggestion = get_object_or_404(draft.suggestions, pk=suggestion_id)
    return Response(SuggestionOutput(decide(actor=membership, suggestion=suggestion)).data)


class SuggestionAcceptApi(APIView):
    @extend_schema(request=None, responses={200: SuggestionOutput, 409: SuggestionConflictOutput})
    def post(self, request: Request, draft_id: int, suggestion_id: int) -> Response:
        """Editors: merge the line into the current text, as a revision by the suggestion's
        author; 409 when the line changed since (the suggestion stays open)."""
        try:
            return _decide(request, draft_id, suggestion_id, services.suggestion_accept)
        except services.SuggestionConflict as conflict:
            body = {
                "detail": conflict.message,
                "suggestion": SuggestionOutput(conflict.suggestion).data,
                "current": RevisionOutput(conflict.current).data,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)


class SuggestionRejectApi(APIView):
    @extend_schema(request=None, responses={200: SuggestionOutput, 409: ErrorOutput})
    def post(self, request: Request, draft_id: int, suggestion_id: int) -> Response:
        """Editors: turn the suggestion down."""
        return _decide(request, draft_id, suggestion_id, services.suggestion_reject)


class SuggestionWithdrawApi(APIView):
    @extend_schema(request=None, responses={200: SuggestionOutput, 409: ErrorOutput})
    def post(self, request: Request, draft_id: int, suggestion_id: int) -> Response:
        """Its author: take the suggestion back."""
        return _decide(request, draft_id, suggestion_id, services.suggestion_withdraw)
