"""Resource API: generation jobs."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.text import slugify
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import access_team
from songs.files import serve_file
from songs.models import SongVersion
from songs.selectors import job_get_for_user, job_list_for_user
from songs.services.jobs import job_cancel


class JobOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.IntegerField()
    stage = serializers.CharField()
    team_id = serializers.IntegerField()
    project_id = serializers.IntegerField(allow_null=True)
    created_by = serializers.CharField(source="created_by.username", default=None)
    attempts = serializers.IntegerField()
    trace_id = serializers.CharField()
    error = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_error(self, job) -> dict | None:
        if job.error_code is None:
            return None
        return {"code": job.error_code, "message": job.error_message}

    def get_result(self, job) -> dict | None:
        if not job.result:
            return None
        result = {k: v for k, v in job.result.items() if k != "lyrics"}
        request = self.context.get("request")
        if "version_id" in job.result and request is not None:
            result["audio_url"] = request.build_absolute_uri(
                reverse("api:version_audio", args=[job.result["version_id"]])
            )
        return result


class JobListApi(ListAPIView):
    """Generation jobs of your teams, newest first. Filter with `team`, `project`, `status`, `kind`."""

    serializer_class = JobOutput

    @extend_schema(
        parameters=[
            OpenApiParameter("team", int),
            OpenApiParameter("project", int),
            OpenApiParameter("status", str, enum=["queued", "running", "succeeded", "failed", "cancelled"]),
            OpenApiParameter("kind", str, enum=["lyrics", "music", "cover_preprocess", "cover"]),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        team = params.get("team")
        jobs = job_list_for_user(user=self.request.user, team_id=int(team) if team and team.isdigit() else None)
        if params.get("project", "").isdigit():
            jobs = jobs.filter(project_id=int(params["project"]))
        if params.get("status"):
            jobs = jobs.filter(status=params["status"])
        if params.get("kind"):
            jobs = jobs.filter(kind=params["kind"])
        return jobs


def _job_or_404(request: Request, job_id):
    job = job_get_for_user(user=request.user, job_id=job_id)
    if job is None:
        raise Http404("No such job.")
    return job


class JobDetailApi(APIView):
    @extend_schema(responses=JobOutput)
    def get(self, request: Request, job_id) -> Response:
        return Response(JobOutput(_job_or_404(request, job_id), context={"request": request}).data)


class JobCancelApi(APIView):
    @extend_schema(request=None, responses=JobOutput)
    def post(self, request: Request, job_id) -> Response:
        job = _job_or_404(request, job_id)
        membership = access_team(user=request.user, team_id=job.team_id)
        job = job_cancel(actor=membership, job=job)
        return Response(JobOutput(job, context={"request": request}).data)


class VersionAudioApi(APIView):
    """The audio of a song version (HTTP Range supported). `?download=1` asks for an attachment."""

    @extend_schema(responses={(200, "audio/mpeg"): bytes, (206, "audio/mpeg"): bytes})
    def get(self, request: Request, version_id: int):
        version = SongVersion.objects.select_related("song__project").filter(pk=version_id).first()
        if version is None:
            raise Http404("No such version.")
        access_team(user=request.user, team_id=version.song.project.team_id)
        name = f"{slugify(version.song.title) or 'song'}-v{version.number}.{version.format}"
        return serve_file(request._request, version.audio, download_name=name, attachment="download" in request.query_params)
