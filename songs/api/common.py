"""Pieces shared by the resource API views."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from accounts.access import access_team
from accounts.models import ApiKey, Membership, Role


def acting_membership(request: Request, team_id: int | None, role: str = Role.VIEWER) -> Membership:
    """The caller's membership in `team_id`, else in the API key's team, else the session's team."""
    if team_id is None:
        if isinstance(request.auth, ApiKey):
            team_id = request.auth.team_id
        elif getattr(request._request, "membership", None) is not None:
            team_id = request._request.membership.team_id
    if team_id is None:
        raise serializers.ValidationError({"team": "Name the team."})
    return access_team(user=request.user, team_id=team_id, role=role)


def int_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    return int(value) if value.isdigit() else None


@extend_schema_field({"type": "string", "nullable": True, "description": "username"})
class UserField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, user) -> str | None:
        return user.username if user else None
