"""One Music API call, stage by stage: who calls (1004), the ledger line that counts it against
the key's rate (1002), the request parsed by the contract (2013), the job created under the
team's limits (1041, 1008), the wait for its result (1001), and the answer or the error in the
contract's envelope. Whatever happens, the call's ledger line is closed."""

from __future__ import annotations

import functools
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.authentication import bearer_token
from accounts.models import ApiKey, Membership, UsageEntry
from accounts.selectors import membership_get
from accounts.services import api_key_verify
from accounts.usage import usage_close, usage_open
from engine.errors import (
    INTERNAL_ERROR,
    NOT_AUTHORIZED,
    REQUEST_TIMEOUT,
    UNKNOWN_ERROR,
    EngineError,
    invalid_params,
)
from songs.jobs.create import Caller, Order, job_check_may_create, job_create
from songs.jobs.kinds import job_accept
from songs.jobs.requests import JobRequest, parse_request
from songs.models import GenerationJob, JobKind, JobStatus
from songs.models.job import new_trace_id
from songs.music_api.responses import answer, error
from songs.services.projects import project_for_api

logger = logging.getLogger(__name__)

POLL_S = 0.2
NOT_A_KEY = "invalid api key: send Authorization: Bearer <Refrain API key>"


def _caller(request: HttpRequest) -> tuple[ApiKey, Membership]:
    raw = (
        bearer_token(request.headers.get("Authorization", ""))
        or request.headers.get("x-api-key", "").strip()
    )
    key = api_key_verify(raw_key=raw) if raw else None
    membership = membership_get(user=key.user, team_id=key.team_id) if key else None
    if key is None or membership is None:
        raise EngineError(NOT_A_KEY, code=NOT_AUTHORIZED)
    return key, membership


def _body(request: HttpRequest) -> dict:
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as parse_error:
        raise invalid_params("body: not valid JSON") from parse_error
    if not isinstance(payload, dict):
        raise invalid_params("body: must be a JSON object")
    return payload


def job_failure(job: GenerationJob) -> EngineError:
    """Why a job that was waited for has no result (1001 while it still runs)."""
    if job.status == JobStatus.CANCELLED:
        return EngineError("the job was cancelled", code=UNKNOWN_ERROR)
    if not job.is_finished:
        return EngineError(f"the generation keeps running as job {job.pk}", code=REQUEST_TIMEOUT)
    return EngineError(job.error_message or "unknown error", code=job.error_code or UNKNOWN_ERROR)


@dataclass
class MusicApiCall:
    """A call in progress: the caller, the body it sent, and its ledger line while it owns it."""

    http: HttpRequest
    key: ApiKey
    membership: Membership
    payload: dict
    trace_id: str
    usage: UsageEntry | None = field(default=None)

    def parse(self, kind: str) -> JobRequest:
        """The body as the contract's request of `kind` (2013 naming the field)."""
        job_check_may_create(self.membership)  # who asks comes before what they ask
        return parse_request(kind=kind, payload=self.payload)

    def start(self, kind: str, request: JobRequest) -> GenerationJob:
        """The job for `request`: a new one, or the one its Idempotency-Key made (free)."""
        accepted = job_accept(actor=self.membership, kind=kind, request=request)
        # An analysis belongs to the team; songs and lyrics land in a project.
        named = self.payload.get("refrain_project")
        project = (
            None
            if kind == JobKind.COVER_PREPROCESS
            else project_for_api(team=self.membership.team, named=named)
        )
        caller = Caller(
            actor=self.membership,
            via="music_api",
            api_key=self.key,
            idempotency_key=self.http.headers.get("Idempotency-Key") or None,
            trace_id=self.trace_id,
            usage=self.usage,
        )
        order = Order(
            kind=kind, request=accepted.request, project=project, reference_id=accepted.reference_id
        )
        job, created = job_create(caller=caller, order=order)
        if not created:
            usage_close(entry=self.usage, status_code=0)  # a replay: the original was charged
        self.usage = None  # the job closes its ledger line when it ends
        self.trace_id = job.trace_id
        return job

    def result_of(self, job: GenerationJob) -> GenerationJob:
        """The job once it succeeded, waiting up to REFRAIN_API_WAIT_S; else its failure raised."""
        deadline = time.monotonic() + settings.REFRAIN_API_WAIT_S
        while not job.is_finished and time.monotonic() < deadline:
            time.sleep(POLL_S)
            job.refresh_from_db()
        if job.status != JobStatus.SUCCEEDED:
            raise job_failure(job)
        return job

    def answer(self, body: dict) -> HttpResponse:
        return answer(body, trace_id=self.trace_id)


def _close(usage: UsageEntry | None, code: int) -> None:
    if usage is not None:
        usage_close(entry=usage, status_code=code)


def music_api_view(kind_of: Callable[[dict], str]):
    """A Music API endpoint: the call is authenticated and counted before the view runs, and
    any error it raises answers in the envelope with its ledger line closed. `kind_of` names the
    ledger's kind from the body (before it is checked)."""

    def decorate(view: Callable[[MusicApiCall], HttpResponse]):
        @csrf_exempt
        @require_POST
        @functools.wraps(view)
        def endpoint(request: HttpRequest) -> HttpResponse:
            call, usage, trace_id = None, None, new_trace_id()
            try:
                key, membership = _caller(request)
                payload = _body(request)
                usage = usage_open(
                    team=membership.team,
                    user=key.user,
                    kind=kind_of(payload),
                    via="music_api",
                    api_key=key,
                    enforce_rate=True,
                )
                call = MusicApiCall(request, key, membership, payload, trace_id, usage)
                return view(call)
            except EngineError as failure:
                _close(call.usage if call else usage, failure.code)
                return error(
                    failure.code, failure.status_msg, trace_id=call.trace_id if call else trace_id
                )
            except Exception:
                # A crash still answers in the envelope, and its ledger line is closed: an open
                # line would count against the caller's rate limit for nothing.
                logger.exception("music api call crashed", extra={"trace_id": trace_id})
                _close(call.usage if call else usage, INTERNAL_ERROR)
                return error(INTERNAL_ERROR, "internal error, it is logged", trace_id=trace_id)

        return endpoint

    return decorate
