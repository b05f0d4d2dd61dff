"""Resource API for the caller's identity and teams."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import ApiKey
from accounts.selectors import membership_list_for_user


class MembershipOutput(serializers.Serializer):
    team_id = serializers.IntegerField()
    team_name = serializers.CharField(source="team.name")
    personal = serializers.BooleanField(source="team.is_personal")
    role = serializers.CharField()


class MeApi(APIView):
    """Who is asking: the user, the team an API key acts for, and the user's teams."""

    class MeOutput(serializers.Serializer):
        username = serializers.CharField()
        email = serializers.EmailField()
        auth = serializers.CharField()
        api_key_team_id = serializers.IntegerField(allow_null=True)
        teams = MembershipOutput(many=True)

    @extend_schema(responses=MeOutput)
    def get(self, request: Request) -> Response:
        key = request.auth if isinstance(request.auth, ApiKey) else None
        data = {
            "username": request.user.username,
            "email": request.user.email,
            "auth": "api_key" if key else "session",
            "api_key_team_id": key.team_id if key else None,
            "teams": membership_list_for_user(user=request.user),
        }
        return Response(self.MeOutput(data).data)


class TeamListApi(APIView):
    """The caller's teams and roles."""

    @extend_schema(responses=MembershipOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(
            MembershipOutput(membership_list_for_user(user=request.user), many=True).data
        )
