"""Projects over the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_errors import ErrorOutput
from accounts.models import Role
from config.prepared import PreparedShapes
from songs import selectors
from songs.access import access_project
from songs.api.common import (
    IdField,
    Input,
    NonBlankCharField,
    UserField,
    WrittenOutput,
    acting_membership,
    acting_values,
    api_datetime,
    query_filters,
    stand_in_user,
    username_of,
)
from songs.services import projects as services


class ProjectOutput(WrittenOutput):
    id = serializers.IntegerField()
    team_id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    default_style = serializers.CharField()
    created_by = UserField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    archived_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, project) -> dict:
        # Written out, as songs.api.jobs.JobOutput's is (and held to DRF's walk by its test).
        return {
            "id": project.id,
            "team_id": project.team_id,
            "title": project.title,
            "description": project.description,
            "default_style": project.default_style,
            "created_by": username_of(project.created_by),
            "created_at": api_datetime(project.created_at, self.zone),
            "updated_at": api_datetime(project.updated_at, self.zone),
            "archived_at": api_datetime(project.archived_at, self.zone),
        }


# What ProjectOutput reads, and all a list loads (see songs.api.jobs.JOB_OUTPUT_COLUMNS).
PROJECT_OUTPUT_COLUMNS = (
    *("id", "team", "title", "description", "default_style", "created_at", "updated_at"),
    *("archived_at", "created_by__username"),
)


class ProjectInput(Input):
    team = IdField(required=False, help_text="default: the API key's team or your current team")
    title = NonBlankCharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    default_style = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )


class ProjectUpdateInput(Input):
    title = NonBlankCharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    default_style = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    archived = serializers.BooleanField(required=False)


class ProjectFilters(serializers.Serializer):
    team = IdField(required=False, help_text="only this team's projects")
    archived = serializers.BooleanField(
        required=False, default=False, help_text="include archived projects"
    )


def projects_listed(user, team_id: int | None, include_archived: bool):
    """The projects the list shows, as the ORM selects them (the prepared query's source)."""
    projects = selectors.project_list_for_user(
        user=user, team_id=team_id, include_archived=include_archived
    )
    return projects.only(*PROJECT_OUTPUT_COLUMNS)


# The list's query, compiled once for each shape (config/prepared.py).
_PROJECT_ROWS = PreparedShapes(
    lambda shape, *, user, key_team=None, team=None: projects_listed(
        stand_in_user(user, key_team), team, include_archived=shape
    ),
    user=int, key_team=int, team=int,
)  # fmt: skip


class ProjectListApi(ListAPIView):
    """Projects of your teams. Filter with `team`; `archived=true` includes archived ones."""

    serializer_class = ProjectOutput

    @extend_schema(parameters=[ProjectFilters])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user, filters = self.request.user, query_filters(self.request, ProjectFilters)
        team_id, archived = filters.get("team"), filters["archived"]
        values = acting_values(user) | ({} if team_id is None else {"team": team_id})
        return _PROJECT_ROWS.rows(
            archived,
            count=lambda: projects_listed(user, team_id, archived).count(),
            **values,
        )

    @extend_schema(request=ProjectInput, responses={201: ProjectOutput})
    def post(self, request: Request) -> Response:
        data = ProjectInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        membership = acting_membership(request, fields.pop("team", None), role=Role.EDITOR)
        project = services.project_create(actor=membership, **fields)
        return Response(ProjectOutput(project).data, status=status.HTTP_201_CREATED)


class ProjectDetailApi(APIView):
    @extend_schema(responses=ProjectOutput)
    def get(self, request: Request, project_id: int) -> Response:
        project, _ = access_project(user=request.user, project_id=project_id)
        return Response(ProjectOutput(project).data)

    @extend_schema(request=ProjectUpdateInput, responses=ProjectOutput)
    def patch(self, request: Request, project_id: int) -> Response:
        project, membership = access_project(
            user=request.user, project_id=project_id, role=Role.EDITOR
        )
        data = ProjectUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        if {"title", "description", "default_style"} & set(fields):
            project = services.project_update(
                actor=membership,
                project=project,
                title=fields.get("title", project.title),
                description=fields.get("description", project.description),
                default_style=fields.get("default_style", project.default_style),
            )
        if "archived" in fields:
            project = services.project_archive(
                actor=membership, project=project, archived=fields["archived"]
            )
        return Response(ProjectOutput(project).data)

    @extend_schema(responses={204: None, 409: ErrorOutput})
    def delete(self, request: Request, project_id: int) -> Response:
        project, membership = access_project(
            user=request.user, project_id=project_id, role=Role.ADMIN
        )
        services.project_delete(actor=membership, project=project)
        return Response(status=status.HTTP_204_NO_CONTENT)
