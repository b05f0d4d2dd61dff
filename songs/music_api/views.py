"""`/v1/`: the Music API contract, served by Refrain's job machinery.

Each call is synchronous like the original: it creates a job, the workers run it, the request
waits for it and answers in the contract's shape. A job that outlives the wait answers 1001 and
keeps running; it stays visible in the user's jobs.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.authentication import bearer_token
from accounts.errors import ApplicationError
from accounts.models import ApiKey, Membership
from accounts.selectors import membership_get
from accounts.services import api_key_verify
from accounts.usage import usage_close, usage_open
from engine.contract import MusicRequest
from engine.errors import INTERNAL_ERROR, INVALID_PARAMS, NOT_AUTHORIZED, REQUEST_TIMEOUT
from songs.files import serve_file
from songs.models import AudioChunk, GenerationJob, JobKind, JobStatus, SongVersion
from songs.models.job import new_trace_id
from songs.music_api.responses import answer, base_resp, error, sse_frame
from songs.music_api.signed import audio_link, version_id_from_token
from songs.services.jobs import job_create
from songs.services.projects import project_for_api

logger = logging.getLogger(__name__)

STREAM_CHUNK_BYTES = 32 * 1024
POLL_S = 0.2


class MusicApiError(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _caller(request: HttpRequest) -> tuple[ApiKey, Membership]:
    raw = (
        bearer_token(request.headers.get("Authorization", ""))
        or request.headers.get("x-api-key", "").strip()
    )
    key = api_key_verify(raw_key=raw) if raw else None
    membership = membership_get(user=key.user, team_id=key.team_id) if key else None
    if key is None or membership is None:
        raise MusicApiError(
            NOT_AUTHORIZED, "invalid api key: send Authorization: Bearer <Refrain API key>"
        )
    return key, membership


def _body(request: HttpRequest) -> dict:
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as parse_error:
        raise MusicApiError(INVALID_PARAMS, "invalid params, body: not valid JSON") from parse_error
    if not isinstance(payload, dict):
        raise MusicApiError(INVALID_PARAMS, "invalid params, body: must be a JSON object")
    return payload


def _wait(job: GenerationJob, timeout_s: float) -> GenerationJob:
    deadline = time.monotonic() + timeout_s
    while not job.is_finished and time.monotonic() < deadline:
        time.sleep(POLL_S)
        job.refresh_from_db()
    return job


def _job_error(job: GenerationJob) -> MusicApiError:
    if job.status == JobStatus.CANCELLED:
        return MusicApiError(1000, "unknown error, the job was cancelled")
    if not job.is_finished:
        return MusicApiError(
            REQUEST_TIMEOUT, f"request timeout, the generation keeps running as job {job.pk}"
        )
    return MusicApiError(job.error_code or 1000, job.error_message or "unknown error")


def _music_api_call(
    kind_of: Callable[[dict], str],
    respond: Callable[[HttpRequest, GenerationJob, dict, str], HttpResponse],
):
    """Wrap an endpoint: auth (1004), rate (1002), ledger line, validation (2013), limits (1041,
    1008), job, answer. `kind_of` only classifies the call; the job service validates it."""

    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> HttpResponse:
        trace_id = new_trace_id()
        usage = None
        try:
            key, membership = _caller(request)
            payload = _body(request)
            kind = kind_of(payload)
            try:
                usage = usage_open(
                    team=membership.team,
                    user=key.user,
                    kind=kind,
                    via="music_api",
                    api_key=key,
                    enforce_rate=True,
                )
            except ApplicationError as limit:
                raise MusicApiError(limit.code or 1002, limit.message) from limit
            try:
                named = payload.pop("refrain_project", None)
                # an analysis belongs to the team; songs and lyrics land in a project
                project = (
                    None
                    if kind == JobKind.COVER_PREPROCESS
                    else project_for_api(team=membership.team, named=named)
                )
                job, created = job_create(
                    actor=membership,
                    kind=kind,
                    request=payload,
                    project=project,
                    api_key=key,
                    idempotency_key=request.headers.get("Idempotency-Key") or None,
                    usage=usage,
                    via="music_api",
                    enforce_running_limit=True,
                    trace_id=trace_id,
                )
            except ApplicationError as refused:
                # A refusal of who is asking (a viewer's key) is not a bad parameter.
                fallback = NOT_AUTHORIZED if refused.status in (401, 403) else INVALID_PARAMS
                raise MusicApiError(refused.code or fallback, refused.message) from refused
            if not created:
                usage_close(
                    entry=usage, status_code=0
                )  # a replay costs nothing: the original was charged
            usage = None
            return respond(request, job, payload, job.trace_id)
        except MusicApiError as failure:
            if usage is not None:
                usage_close(entry=usage, status_code=failure.code)
            return error(failure.code, failure.message, trace_id=trace_id)
        except Exception:
            # A crash still answers in the envelope, and its ledger line is closed: an open line
            # would count against the caller's rate limit for nothing.
            logger.exception("music api call crashed", extra={"trace_id": trace_id})
            if usage is not None:
                usage_close(entry=usage, status_code=INTERNAL_ERROR)
            return error(INTERNAL_ERROR, "internal error, it is logged", trace_id=trace_id)

    return view


def _music_kind(payload: dict) -> str:
    model = payload.get("model")
    return (
        JobKind.COVER
        if isinstance(model, str) and model.startswith("music-cover")
        else JobKind.MUSIC
    )


def _music_answer(
    request: HttpRequest, job: GenerationJob, payload: dict, trace_id: str
) -> HttpResponse:
    parsed = MusicRequest.from_json(payload)
    if parsed.stream:
        response = StreamingHttpResponse(_stream(job, trace_id), content_type="text/event-stream")
        response["Trace-Id"] = trace_id
        response["Cache-Control"] = "no-cache"
        response["X-Accel-Buffering"] = "no"
        return response
    job = _wait(job, settings.REFRAIN_API_WAIT_S)
    if job.status != JobStatus.SUCCEEDED:
        failure = _job_error(job)
        return error(failure.code, failure.message, trace_id=trace_id)
    version = SongVersion.objects.get(job=job)
    data: dict = {"status": 2}
    if parsed.output_format == "url":
        data["audio"] = data["audio_url"] = audio_link(request, version_id=version.pk)
    else:
        with version.audio.open("rb") as handle:
            data["audio"] = handle.read().hex()
    return answer(
        {"data": data, "extra_info": _extra_info(version), "analysis_info": None}, trace_id=trace_id
    )


def _extra_info(version: SongVersion) -> dict:
    return {
        "music_duration": version.duration_ms,
        "music_sample_rate": version.sample_rate,
        "music_channel": version.channels,
        "bitrate": version.bitrate,
        "music_size": version.size,
    }


def _stream(job: GenerationJob, trace_id: str) -> Iterator[bytes]:
    """Server-Sent Events (contract §2.5, §8.5): the audio as hex chunks while the worker encodes
    it, empty status-1 frames to keep the line open, then a status-2 frame with empty audio and
    the extra_info. Chunks come from the database, so any web process can answer any job."""

    def frame(
        audio: str,
        status: int,
        extra_info: dict | None = None,
        code: int = 0,
        message: str | None = None,
    ):
        return sse_frame(
            {
                "data": {"audio": audio, "status": status},
                "extra_info": extra_info,
                "trace_id": trace_id,
                "base_resp": base_resp(code, message),
            }
        )

    deadline = time.monotonic() + settings.REFRAIN_API_WAIT_S
    last_frame, next_index, sent, attempt = time.monotonic(), 0, 0, None
    try:
        while True:
            for chunk in AudioChunk.objects.filter(job=job, index__gte=next_index).order_by(
                "index"
            ):
                if chunk.index != next_index:
                    break  # a gap: the writer started over; the check below ends the stream
                data = bytes(chunk.data)
                for start in range(0, len(data), STREAM_CHUNK_BYTES):
                    yield frame(data[start : start + STREAM_CHUNK_BYTES].hex(), 1)
                next_index, sent, last_frame = next_index + 1, sent + len(data), time.monotonic()
            job.refresh_from_db()
            attempt = attempt or (job.attempts if sent else None)
            if sent and job.attempts != attempt:
                yield frame(
                    "", 2, code=1000, message="unknown error, the generation restarted mid-stream"
                )
                return
            if job.is_finished or time.monotonic() >= deadline:
                break
            if time.monotonic() - last_frame > 5:
                last_frame = time.monotonic()
                yield frame("", 1)
            time.sleep(POLL_S)
        if job.status != JobStatus.SUCCEEDED:
            failure = _job_error(job)
            yield frame("", 2, code=failure.code, message=failure.message)
            return
        version = SongVersion.objects.get(job=job)
        with version.audio.open("rb") as handle:
            handle.seek(sent)  # the chunks sent so far are the file's first `sent` bytes
            for piece in iter(lambda: handle.read(STREAM_CHUNK_BYTES), b""):
                yield frame(piece.hex(), 1)
        yield frame("", 2, extra_info=_extra_info(version))
    finally:
        if job.is_finished:
            AudioChunk.objects.filter(job=job).delete()


def _lyrics_kind(payload: dict) -> str:
    return JobKind.LYRICS


def _lyrics_answer(
    request: HttpRequest, job: GenerationJob, payload: dict, trace_id: str
) -> HttpResponse:
    job = _wait(job, settings.REFRAIN_API_WAIT_S)
    if job.status != JobStatus.SUCCEEDED:
        failure = _job_error(job)
        return error(failure.code, failure.message, trace_id=trace_id)
    result = job.result
    return answer(
        {
            "song_title": result["song_title"],
            "style_tags": result["style_tags"],
            "lyrics": result["lyrics"],
        },
        trace_id=trace_id,
    )


def _preprocess_kind(payload: dict) -> str:
    return JobKind.COVER_PREPROCESS


def _preprocess_answer(
    request: HttpRequest, job: GenerationJob, payload: dict, trace_id: str
) -> HttpResponse:
    job = _wait(job, settings.REFRAIN_API_WAIT_S)
    if job.status != JobStatus.SUCCEEDED:
        failure = _job_error(job)
        return error(failure.code, failure.message, trace_id=trace_id)
    result = job.result
    keys = ("cover_feature_id", "formatted_lyrics", "structure_result", "audio_duration")
    return answer({key: result[key] for key in keys}, trace_id=trace_id)


music_generation = _music_api_call(_music_kind, _music_answer)
lyrics_generation = _music_api_call(_lyrics_kind, _lyrics_answer)
music_cover_preprocess = _music_api_call(_preprocess_kind, _preprocess_answer)


@csrf_exempt  # a signed link, no session: an unknown method answers 405, not a CSRF 403
@require_GET
def audio(request: HttpRequest, token: str) -> HttpResponse:
    """A signed url-mode link: the version's audio for 24 h, no session needed."""
    version_id = version_id_from_token(token)
    version = SongVersion.objects.filter(pk=version_id).first() if version_id else None
    if version is None:
        raise Http404("This link is invalid or has expired.")
    return serve_file(
        request,
        version.audio,
        download_name=f"refrain-{version.song_id}-v{version.number}.{version.format}",
    )
