"""A service's refusal shown on a page: beside the form field it names, or as a message. A refusal
of who asks (403) or of what is not theirs (404) is no form's matter: it is raised on, and the
error pages answer it (`config.errors`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from accounts.errors import http_status
from engine.errors import EngineError

_NOT_A_FORM_MATTER = (403, 404)


def form_refusal(form: forms.Form, error: EngineError) -> None:
    """Show `error` next to the field it names (or on top of the form)."""
    if http_status(error) in _NOT_A_FORM_MATTER:
        raise error
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def flash_refusal(request: HttpRequest, error: EngineError) -> None:
    """Tell the person why, on the page they are sent back to."""
    if http_status(error) in _NOT_A_FORM_MATTER:
        raise error
    messages.error(request, error.message)
