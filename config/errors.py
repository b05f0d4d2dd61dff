"""Error answers in each route's language: the Music API's envelope under `/v1/`, JSON under
`/api/`, a page elsewhere. Used by the edge guard and as Django's 400/403/404/500 handlers, so
that not even a crash answers a Music API client with HTML."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404

from accounts.errors import http_status
from engine.errors import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    NOT_AUTHORIZED,
    STATUS_MESSAGES,
    EngineError,
)
from songs.models.job import new_trace_id
from songs.music_api.responses import error as music_api_error

_TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    413: "Too large",
    500: "Server error",
}


def _music_api_code(status: int) -> int:
    if status >= 500:
        return INTERNAL_ERROR
    if status in (401, 403):
        return NOT_AUTHORIZED
    return INVALID_PARAMS


def refusal(
    request: HttpRequest, message: str, *, field: str | None = None, status: int = 400
) -> HttpResponse:
    """An error answer to `request` in the language of its route. Under `/v1/` a refused input
    is a business error, HTTP 200 with its code like the contract's; other failures keep their
    HTTP status, with the envelope as the body."""
    if request.path.startswith("/v1/"):
        code = _music_api_code(status)
        response = music_api_error(
            code, f"{STATUS_MESSAGES[code]}, {message}", trace_id=new_trace_id()
        )
        if status not in (400, 413):
            response.status_code = status
        return response
    if request.path.startswith("/api/"):
        body = {"detail": message} | ({"field": field} if field else {})
        return JsonResponse(body, status=status)
    context = {"title": _TITLES.get(status, "Error"), "message": message, "status": status}
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return refusal(request, "the request could not be read", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "you may not do this"
    return refusal(request, message, status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    said = exception.args[0] if isinstance(exception, Http404) and exception.args else None
    if isinstance(exception, Resolver404) or not isinstance(said, str):
        said = "there is nothing here"
    return refusal(request, said, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(("/v1/", "/api/")):
        return refusal(request, "something broke on our side; it is logged", status=500)
    # No template context here: the page must render even when what broke is the database.
    return HttpResponse(
        "<!doctype html><title>Server error · Refrain</title><h1>Something broke on our side</h1>"
        "<p>It is logged. Try again in a moment.</p>",
        status=500,
    )


class RefusalMiddleware:
    """A refusal a page let through (a 403, a 404, a request it built that the contract refused)
    answers with its own status and words, not as a crash."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, EngineError):
            return None
        return refusal(
            request, exception.message, field=exception.field, status=http_status(exception)
        )
