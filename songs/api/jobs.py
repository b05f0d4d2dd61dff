"""Resource API: generation jobs."""

from __future__ import annotations

from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_errors import ErrorOutput
from config.db_json import JSONWithout
from config.prepared import PreparedShapes
from songs.access import access_job, access_version
from songs.api.common import (
    IdField,
    WrittenOutput,
    absolute_url_maker,
    acting_values,
    api_datetime,
    query_filters,
    stand_in_user,
    username_of,
)
from songs.files import AUDIO_MEDIA_TYPES, StoredFile, serve_file, version_file_name
from songs.jobs.finish import job_cancel
from songs.models import JobKind, JobStatus
from songs.selectors import job_list_for_user
from songs.services.downloads import DOWNLOAD_FORMATS, version_download


class JobOutput(WrittenOutput):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.IntegerField()
    stage = serializers.CharField()
    team_id = serializers.IntegerField()
    project_id = serializers.IntegerField(allow_null=True)
    created_by = serializers.CharField(source="created_by.username", default=None, allow_null=True)
    attempts = serializers.IntegerField()
    trace_id = serializers.CharField()
    error = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, job) -> dict:
        # Written out: DRF's walk over the declared fields costs several times as much on a page
        # of 50. tests/songs/test_api_list_queries.py holds it to that walk's answer.
        return {
            "id": str(job.id),
            "kind": str(job.kind),
            "status": str(job.status),
            "progress": job.progress,
            "stage": job.stage,
            "team_id": job.team_id,
            "project_id": job.project_id,
            "created_by": username_of(job.created_by),
            "attempts": job.attempts,
            "trace_id": job.trace_id,
            "error": self.get_error(job),
            "result": self.get_result(job),
            "created_at": api_datetime(job.created_at, self.zone),
            "started_at": api_datetime(job.started_at, self.zone),
            "finished_at": api_datetime(job.finished_at, self.zone),
        }

    @cached_property  # reversed once for a page's rows
    def _audio_url(self):
        return absolute_url_maker(self.context["request"], "api:version_audio")

    def get_error(self, job) -> dict | None:
        if job.error_code is None:
            return None
        return {"code": job.error_code, "message": job.error_message}

    def get_result(self, job) -> dict | None:
        shown = job.shown_result if hasattr(job, "shown_result") else job.result  # a list's
        if not shown:
            return None
        result = {k: v for k, v in shown.items() if k != "lyrics"}
        if "version_id" in shown and self.context.get("request") is not None:
            result["audio_url"] = self._audio_url(shown["version_id"])
        return result


# What JobOutput reads, and all a list loads: the creator's name, not its row; no project row;
# the result without a lyrics job's lyrics (`shown_result`), which the output leaves out.
# tests/songs/test_api_list_queries.py pins the queries a list makes, so an output field whose
# column is missing here (one query per row) fails there.
JOB_OUTPUT_COLUMNS = (
    *("id", "kind", "status", "progress", "stage", "team", "project", "attempts", "trace_id"),
    *("error_code", "error_message", "created_at", "started_at", "finished_at"),
    "created_by__username",
)


def jobs_listed(user, filters: dict):
    """The jobs the list shows, as the ORM selects them (the prepared query's source)."""
    jobs = job_list_for_user(user=user, **filters).select_related(None).select_related("created_by")
    return jobs.only(*JOB_OUTPUT_COLUMNS).annotate(shown_result=JSONWithout("result", "lyrics"))


# The list's query, compiled once for each set of filters given (config/prepared.py).
_JOB_ROWS = PreparedShapes(
    lambda shape, *, user, key_team=None, **filters: jobs_listed(
        stand_in_user(user, key_team), filters
    ),
    user=int, key_team=int, team_id=int, project_id=int, status=str, kind=str,
)  # fmt: skip


class JobFilters(serializers.Serializer):
    team = IdField(required=False, source="team_id")
    project = IdField(required=False, source="project_id")
    status = serializers.ChoiceField(choices=JobStatus.values, required=False)
    kind = serializers.ChoiceField(choices=JobKind.values, required=False)


class JobListApi(ListAPIView):
    """Generation jobs of your teams, newest first. Filter with `team`, `project`, `status`, `kind`."""

    serializer_class = JobOutput

    @extend_schema(parameters=[JobFilters])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user, filters = self.request.user, query_filters(self.request, JobFilters)
        values = acting_values(user) | filters
        return _JOB_ROWS.rows((), count=lambda: jobs_listed(user, filters).count(), **values)


class JobDetailApi(APIView):
    @extend_schema(responses=JobOutput)
    def get(self, request: Request, job_id) -> Response:
        job, _ = access_job(user=request.user, job_id=job_id)
        return Response(JobOutput(job, context={"request": request}).data)


class JobCancelApi(APIView):
    @extend_schema(request=None, responses={200: JobOutput, 409: ErrorOutput})
    def post(self, request: Request, job_id) -> Response:
        job, membership = access_job(user=request.user, job_id=job_id)
        job = job_cancel(actor=membership, job=job)
        return Response(JobOutput(job, context={"request": request}).data)


class AudioFormatFilter(serializers.Serializer):
    # Not `format`: DRF reads that query parameter as the response's renderer.
    audio_format = serializers.ChoiceField(
        choices=DOWNLOAD_FORMATS,
        required=False,
        help_text="the audio as this format (encoded once, then kept); else as it was generated",
    )


class VersionAudioApi(APIView):
    """The audio of a song version (HTTP Range supported). `?download=1` asks for an attachment;
    `?audio_format=` for mp3, wav or flac, whatever it was generated as."""

    @extend_schema(
        parameters=[
            OpenApiParameter("download", str, description="present: ask for an attachment"),
            AudioFormatFilter,
        ],
        responses={
            (status, media): OpenApiTypes.BINARY
            for status in (200, 206)
            for media in AUDIO_MEDIA_TYPES
        }
        | {416: OpenApiResponse(description="The range is past the end of the file.")},
    )
    def get(self, request: Request, version_id: int):
        version, _ = access_version(user=request.user, version_id=version_id)
        format = query_filters(request, AudioFormatFilter).get("audio_format")
        name = version_download(version=version, format=format) if format else version.audio.name
        return serve_file(
            request._request,
            StoredFile(version.audio.storage, name),
            download_name=version_file_name(version, f".{format or version.format}"),
            attachment="download" in request.query_params,
        )
