"""Lyric drafts over the API. Saves name their base revision with `If-Match: "r<N>"` (the ETag)."""

from __future__ import annotations

import re

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from songs import selectors
from songs.access import access_draft, access_project
from songs.api.common import (
    IdField,
    Input,
    NonBlankCharField,
    ProjectFilter,
    UserField,
    query_filters,
)
from songs.api.jobs import JobOutput
from songs.models import LyricDraft
from songs.services import drafts as services
from songs.services.generation import lyrics_generate

_ETAG = re.compile(r'^(?:W/)?"r(\d+)"$')


class RevisionOutput(serializers.Serializer):
    number = serializers.IntegerField()
    parent = serializers.IntegerField(source="parent.number", default=None, allow_null=True)
    body = serializers.CharField()
    author = UserField()
    source = serializers.CharField()
    message = serializers.CharField()
    created_at = serializers.DateTimeField()


class DraftOutput(serializers.Serializer):
    id = serializers.IntegerField()
    project_id = serializers.IntegerField()
    title = serializers.CharField()
    current_revision = RevisionOutput(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class DraftInput(Input):
    project = IdField()
    title = NonBlankCharField(max_length=200)
    body = serializers.CharField(
        required=False, allow_blank=True, default="", trim_whitespace=False
    )


class SaveInput(Input):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)
    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    base = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text='the revision the text started from; or send If-Match: "r<N>"',
    )


class OverlapOutput(serializers.Serializer):
    base = serializers.CharField()
    theirs = serializers.CharField()
    yours = serializers.CharField()


class ConflictOutput(serializers.Serializer):
    detail = serializers.CharField()
    base = serializers.IntegerField()
    theirs = RevisionOutput()
    yours = serializers.CharField()
    merged_with_markers = serializers.CharField()
    overlaps = OverlapOutput(many=True, help_text="each place both texts changed, in text order")


class GenerateLyricsInput(Input):
    mode = serializers.ChoiceField(choices=["write_full_song", "edit"])
    prompt = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


def _etag(number: int) -> str:
    return f'"r{number}"'


def _with_etag(response: Response, draft: LyricDraft) -> Response:
    if draft.current_revision:
        response["ETag"] = _etag(draft.current_revision.number)
    return response


class DraftListApi(ListAPIView):
    """Drafts of your teams' projects. Filter with `project`."""

    serializer_class = DraftOutput

    @extend_schema(parameters=[ProjectFilter])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = query_filters(self.request, ProjectFilter)
        return selectors.draft_list_for_user(
            user=self.request.user, project_id=filters.get("project")
        )

    @extend_schema(request=DraftInput, responses={201: DraftOutput})
    def post(self, request: Request) -> Response:
        data = DraftInput(data=request.data)
        data.is_valid(raise_exception=True)
        project, membership = access_project(
            user=request.user, project_id=data.validated_data["project"], role=Role.EDITOR
        )
        draft = services.draft_create(
            actor=membership,
            project=project,
            title=data.validated_data["title"],
            body=data.validated_data["body"],
        )
        return _with_etag(Response(DraftOutput(draft).data, status=status.HTTP_201_CREATED), draft)


class DraftDetailApi(APIView):
    @extend_schema(responses=DraftOutput)
    def get(self, request: Request, draft_id: int) -> Response:
        draft, _ = access_draft(user=request.user, draft_id=draft_id)
        return _with_etag(Response(DraftOutput(draft).data), draft)


class RevisionListApi(APIView):
    @extend_schema(responses=RevisionOutput(many=True))
    def get(self, request: Request, draft_id: int) -> Response:
        draft, _ = access_draft(user=request.user, draft_id=draft_id)
        return Response(
            RevisionOutput(selectors.revision_list_for_draft(draft=draft), many=True).data
        )

    @extend_schema(
        request=SaveInput,
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                pattern=r'^(W/)?"r[0-9]+"$',
                description='"r<N>": the base revision (or send "base")',
            )
        ],
        responses={
            201: RevisionOutput,
            200: RevisionOutput,
            409: ConflictOutput,
            428: OpenApiResponse(description="no base revision named"),
        },
    )
    def post(self, request: Request, draft_id: int) -> Response:
        """Save a new revision. Concurrent edits are merged line-wise, or answered 409 with both
        texts."""
        draft, membership = access_draft(user=request.user, draft_id=draft_id, role=Role.EDITOR)
        data = SaveInput(data=request.data)
        data.is_valid(raise_exception=True)
        base = data.validated_data.get("base")
        if_match = request.headers.get("If-Match")
        if if_match is not None:
            match = _ETAG.match(if_match.strip())
            if match is None:
                raise serializers.ValidationError(
                    {"If-Match": ['Name the base revision as "r<N>".']}
                )
            base = int(match.group(1))
        if base is None:
            return Response(
                {"detail": 'Name the revision you started from: If-Match: "r<N>" or "base".'},
                status=status.HTTP_428_PRECONDITION_REQUIRED,
            )
        try:
            outcome = services.lyric_revision_save(
                actor=membership,
                draft=draft,
                base_number=base,
                body=data.validated_data["body"],
                message=data.validated_data["message"],
            )
        except services.MergeConflict as conflict:
            body = {
                "detail": conflict.message,
                "base": conflict.base.number,
                "theirs": RevisionOutput(conflict.theirs).data,
                "yours": conflict.yours,
                "merged_with_markers": conflict.merged_with_markers,
                "overlaps": OverlapOutput(conflict.overlaps, many=True).data,
            }
            response = Response(body, status=status.HTTP_409_CONFLICT)
            response["ETag"] = _etag(conflict.theirs.number)
            return response
        payload = RevisionOutput(outcome.revision).data | {
            "merged": outcome.merged,
            "unchanged": outcome.unchanged,
        }
        response = Response(
            payload, status=status.HTTP_200_OK if outcome.unchanged else status.HTTP_201_CREATED
        )
        response["ETag"] = _etag(outcome.revision.number)
        return response


class RevisionDetailApi(APIView):
    @extend_schema(responses=RevisionOutput)
    def get(self, request: Request, draft_id: int, number: int) -> Response:
        draft, _ = access_draft(user=request.user, draft_id=draft_id)
        return Response(RevisionOutput(get_object_or_404(draft.revisions, number=number)).data)


class RevisionRestoreApi(APIView):
    @extend_schema(request=None, responses={201: RevisionOutput})
    def post(self, request: Request, draft_id: int, number: int) -> Response:
        draft, membership = access_draft(user=request.user, draft_id=draft_id, role=Role.EDITOR)
        restored = services.lyric_revision_restore(
            actor=membership, revision=get_object_or_404(draft.revisions, number=number)
        )
        response = Response(RevisionOutput(restored).data, status=status.HTTP_201_CREATED)
        response["ETag"] = _etag(restored.number)
        return response


class DiffLineOutput(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "add", "remove"])
    text = serializers.CharField()
    old_number = serializers.IntegerField(allow_null=True)
    new_number = serializers.IntegerField(allow_null=True)


class DiffQuery(serializers.Serializer):
    a = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="the older revision's number"
    )
    b = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="the newer revision's number"
    )


class DraftDiffApi(APIView):
    @extend_schema(parameters=[DiffQuery], responses=DiffLineOutput(many=True))
    def get(self, request: Request, draft_id: int) -> Response:
        draft, _ = access_draft(user=request.user, draft_id=draft_id)
        numbers = query_filters(request, DiffQuery)
        old = get_object_or_404(draft.revisions, number=numbers["a"])
        new = get_object_or_404(draft.revisions, number=numbers["b"])
        return Response(DiffLineOutput(selectors.lines_diff(old.body, new.body), many=True).data)


class DraftGenerateApi(APIView):
    """Run the lyrics generator on a draft; the result lands as a new revision."""

    @extend_schema(request=GenerateLyricsInput, responses={202: JobOutput})
    def post(self, request: Request, draft_id: int) -> Response:
        draft, membership = access_draft(user=request.user, draft_id=draft_id, role=Role.EDITOR)
        data = GenerateLyricsInput(data=request.data)
        data.is_valid(raise_exception=True)
        job = lyrics_generate(
            actor=membership,
            draft=draft,
            idempotency_key=request.headers.get("Idempotency-Key"),
            **data.validated_data,
        )
        return Response(
            JobOutput(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED
        )
