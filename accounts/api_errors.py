"""One exception handler for the resource API: every error answers one stable JSON body,
`{"detail": str, "field"?: str, "errors"?: {field: [str]}}` (the `ErrorOutput` of the schema)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler

from accounts.errors import http_status
from engine.errors import EngineError


class ErrorOutput(serializers.Serializer):
    """The body of every error answer of the resource API."""

    detail = serializers.CharField(help_text="what went wrong, in words")
    field = serializers.CharField(required=False, help_text="the input at fault, when there is one")
    errors = serializers.DictField(
        required=False, help_text="every invalid field with its messages"
    )


def _first_message(detail) -> tuple[str | None, str]:
    """The first (field, message) of a DRF error detail, however nested."""
    if isinstance(detail, dict):
        for field, value in detail.items():
            inner_field, message = _first_message(value)
            name = field if field != "non_field_errors" else None
            return (
                f"{name}.{inner_field}" if name and inner_field else name or inner_field
            ), message
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return None, str(detail)


def api_exception_handler(exc, context):
    if isinstance(exc, EngineError):
        body = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=http_status(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        field, message = _first_message(exc.detail)
        body = {"detail": f"{field}: {message}" if field else message, "errors": response.data}
        if field:
            body["field"] = field
        response.data = body
    elif (
        isinstance(exc, Http404 | PermissionDenied | exceptions.APIException)
        and "detail" in response.data
    ):
        response.data = {"detail": str(response.data["detail"])}
    return response
