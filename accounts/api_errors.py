"""One exception handler for the resource API: services' errors become a stable JSON body."""

from __future__ import annotations

from rest_framework.response import Response
from rest_framework.views import exception_handler

from accounts.errors import ApplicationError


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        body = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status)
    return exception_handler(exc, context)
