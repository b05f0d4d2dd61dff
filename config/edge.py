"""The edge: refuse, before any view runs, what no view could store or parse safely.

One rule for every route. Text PostgreSQL cannot store (a NUL, a lone surrogate) anywhere in the
path, the query, a form field or a string of a JSON body; JSON nested deeper than any request of
ours needs; an `Idempotency-Key` longer than the column that keeps it; a body over the upload
limit. The refusal speaks the route's language (see `config.errors`): the Music API's envelope
with 2013 under `/v1/`, a JSON 400 under `/api/`, a 400 page elsewhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError

from config.errors import refusal

MAX_JSON_DEPTH = 32
MAX_IDEMPOTENCY_KEY_CHARS = 100
# A NUL, or a UTF-16 surrogate on its own (JSON's "\ud800" decodes to one; UTF-8 cannot carry it).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")
_HEADER_TEXT = re.compile(r"^[\x21-\x7e]+$")  # visible ASCII, as HTTP header tokens are


class Refused(Exception):
    """What the edge refuses: the offending input (`field`) and why."""

    def __init__(self, field: str, reason: str, *, status: int = 400):
        super().__init__(f"{field}: {reason}")
        self.field, self.message, self.status = field, f"{field}: {reason}", status


def _unstorable(text: str) -> str | None:
    match = _UNSTORABLE.search(text)
    if match is None:
        return None
    return (
        "contains a NUL character" if match.group() == "\x00" else "contains an unpaired surrogate"
    )


def json_strings(value, path: str = "body") -> Iterator[tuple[str, str]]:
    """Every string of a parsed JSON value (keys too) with where it sits (`audio_setting.format`);
    refuses nesting deeper than MAX_JSON_DEPTH. Iterative: deep input cannot exhaust the stack."""
    stack = [(value, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, str):
            yield where, item
            continue
        if not isinstance(item, dict | list):
            continue
        if depth >= MAX_JSON_DEPTH:
            raise Refused(where, f"nested more than {MAX_JSON_DEPTH} levels deep")
        if isinstance(item, dict):
            for key, child in item.items():
                child_path = key if where == "body" else f"{where}.{key}"
                yield child_path, key
                stack.append((child, child_path, depth + 1))
        else:
            stack.extend(
                (child, f"{where}[{index}]", depth + 1) for index, child in enumerate(item)
            )


def _check_text(field: str, text: str) -> None:
    reason = _unstorable(text)
    if reason:
        raise Refused(field, reason)


def _carries_json(request: HttpRequest) -> bool:
    # The Music API reads any body as JSON, whatever its Content-Type says.
    content_type = request.content_type or ""
    if request.path.startswith("/v1/"):
        return not content_type.startswith(("multipart/", "application/x-www-form-urlencoded"))
    return content_type == "application/json" or content_type.endswith("+json")


def _check_body(request: HttpRequest) -> None:
    try:
        if _carries_json(request):
            raw = request.body
            if not raw:
                return
            try:
                payload = json.loads(raw)
            except RecursionError as error:
                raise Refused("body", f"nested more than {MAX_JSON_DEPTH} levels deep") from error
            except ValueError:
                return  # not JSON: the view says so in its own words
            for field, text in json_strings(payload):
                _check_text(field, text)
        elif request.content_type in _FORMS and not request.path.startswith(("/api/", "/v1/")):
            # Pages read forms; the APIs read JSON only and refuse a form (415) unread.
            for name, values in request.POST.lists():
                _check_text(name, name)
                for value in values:
                    _check_text(name, value)
    except RequestDataTooBig as error:
        raise Refused("body", "is larger than the upload limit", status=413) from error
    except (TooManyFieldsSent, MultiPartParserError) as error:
        raise Refused("body", f"cannot be read ({error})") from error


def check_request(request: HttpRequest) -> None:
    """Raise `Refused` for input that no view of ours may receive."""
    _check_text("path", request.path)
    for name, values in request.GET.lists():
        _check_text(name, name)
        for value in values:
            _check_text(name, value)
    key = request.headers.get("Idempotency-Key")
    if key is not None and (len(key) > MAX_IDEMPOTENCY_KEY_CHARS or not _HEADER_TEXT.match(key)):
        raise Refused(
            "Idempotency-Key", f"must be 1 to {MAX_IDEMPOTENCY_KEY_CHARS} visible ASCII characters"
        )
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        _check_body(request)


class EdgeGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_request(request)
        except Refused as refused:
            return refusal(request, refused.message, field=refused.field, status=refused.status)
        return self.get_response(request)
