"""Pieces shared by the resource API views."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, tzinfo

from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from accounts.access import access_team
from accounts.models import ApiKey, Membership, Role, User
from accounts.selectors import KEY_TEAM_ATTRIBUTE


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


def api_datetime(moment: datetime | None, zone: tzinfo | None = None) -> str | None:
    """A moment as DRF's DateTimeField writes it: ISO 8601 in the current time zone (or `zone`,
    which a page's rows look up once), UTC as Z."""
    if moment is None:
        return None
    text = moment.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class WrittenOutput(serializers.Serializer):
    """An output whose `to_representation` is written out (DRF's walk over the declared fields
    costs several times as much on a page of 50); `zone` is looked up once for a page's rows,
    whose child serializer is the page's own."""

    @cached_property
    def zone(self) -> tzinfo:
        return timezone.get_current_timezone()


def absolute_url_maker(request: Request, name: str) -> Callable[[int], str]:
    """`request.build_absolute_uri(reverse(name, args=[pk]))` for the many rows of a page,
    reversed once: the view `name` takes one integer."""
    marker = 987654321987654321
    head, tail = request.build_absolute_uri(reverse(name, args=[marker])).split(str(marker))
    return lambda pk: f"{head}{int(pk)}{tail}"


def username_of(user) -> str | None:
    return user.username if user is not None else None


MAX_ID = 2**63 - 1


def IdField(**kwargs) -> serializers.IntegerField:  # noqa: N802  (a field factory, read like a class)
    """A row id: a positive 64-bit integer."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def NonBlankCharField(**kwargs) -> serializers.CharField:  # noqa: N802
    """Text that must hold something besides spaces (the schema says so too, as a pattern)."""
    validator = RegexValidator(r"\S", "Write something, not only spaces.")
    return serializers.CharField(min_length=1, validators=[validator], **kwargs)


@functools.cache
def _declared_names(filters: type[serializers.Serializer]) -> tuple[str, ...]:
    return tuple(filters().fields)  # a serializer's fields are copied for each instance: once


def query_filters(request: Request, filters: type[serializers.Serializer]) -> dict:
    """The request's query parameters that `filters` declares, checked: each given at most once and
    of its type, else 400 naming it. The same serializer documents them in the schema."""
    params = request.query_params
    names = _declared_names(filters)
    for name in names:
        if len(params.getlist(name)) > 1:
            raise serializers.ValidationError({name: ["Give this parameter once."]})
    checked = filters(data={name: params[name] for name in names if name in params})
    checked.is_valid(raise_exception=True)
    return checked.validated_data


@extend_schema_field({"type": "string", "nullable": True, "description": "username"})
class UserField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, user) -> str | None:
        return user.username if user else None


class ProjectFilter(serializers.Serializer):
    project = IdField(required=False, help_text="only this project's")


def _json_type_error(field: serializers.Field, value) -> str | None:
    """Why `value` is not of the JSON type `field` documents, or None. DRF would coerce
    (0 to "0", "1" to True); the schema promises a type, so the API holds to it."""
    if value is None:
        return None if field.allow_null else "This field may not be null."
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else "Must be true or false."
    if isinstance(field, serializers.ChoiceField):
        if all(isinstance(choice, int) for choice in field.choices):
            return (
                None
                if isinstance(value, int) and not isinstance(value, bool)
                else "Must be an integer."
            )
        return None if isinstance(value, str) else "Must be a string."
    if isinstance(field, serializers.CharField):
        return None if isinstance(value, str) else "Must be a string."
    if isinstance(field, serializers.IntegerField):
        return (
            None
            if isinstance(value, int) and not isinstance(value, bool)
            else "Must be an integer."
        )
    return None


class Input(serializers.Serializer):
    """A request body: fields of the JSON types the schema gives, and no others. A misspelt field
    is refused, not dropped for its default."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {name: ["Unknown field."] for name in sorted(set(data) - set(self.fields))}
            for name, field in self.fields.items():
                if (
                    name in data
                    and not field.read_only
                    and (error := _json_type_error(field, data[name]))
                ):
                    errors[name] = [error]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


def acting_values(user) -> dict[str, int]:
    """Who a list is for, as a prepared query's values (config/prepared.py): the user and, when
    an API key holds the request to its team, that team."""
    key_team_id = getattr(user, KEY_TEAM_ATTRIBUTE, None)
    return {"user": user.pk} | ({} if key_team_id is None else {"key_team": key_team_id})


def stand_in_user(user: int, key_team: int | None = None) -> User:
    """A user with only the ids a list's selector reads, for preparing its query."""
    stand_in = User(pk=user)
    if key_team is not None:
        setattr(stand_in, KEY_TEAM_ATTRIBUTE, key_team)
    return stand_in
