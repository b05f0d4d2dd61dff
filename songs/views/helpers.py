"""Small helpers shared by the workspace pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.errors import ApplicationError


def refuse(error: ApplicationError) -> None:
    """Raise the HTTP answer a service's refusal stands for, when it is not a form error."""
    if error.status == 404:
        raise Http404(error.message)
    if error.status == 403:
        raise PermissionDenied(error.message)
