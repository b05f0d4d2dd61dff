"""`/v1/`: the Music API contract, served by Refrain's job machinery.

Each call is synchronous like the original: it creates a job, the workers run it, the request
waits for it and answers in the contract's shape. A job that outlives the wait answers 1001 and
keeps running; it stays visible in the user's jobs. The stages of a call are in `calls`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from engine.errors import UNKNOWN_ERROR
from songs.files import serve_file
from songs.jobs.requests import music_kind
from songs.models import AudioChunk, GenerationJob, JobKind, JobStatus, SongVersion
from songs.music_api.calls import MusicApiCall, job_failure, music_api_view
from songs.music_api.responses import base_resp, sse_frame
from songs.music_api.signed import audio_link, download_name, version_id_from_token

STREAM_CHUNK_BYTES = 32 * 1024
POLL_S = 0.2


def _music_kind_of(payload: dict) -> str:
    model = payload.get("model")
    return (
        JobKind.COVER
        if isinstance(model, str) and model.startswith("music-cover")
        else JobKind.MUSIC
    )


@music_api_view(kind_of=_music_kind_of)
def music_generation(call: MusicApiCall) -> HttpResponse:
    request = call.parse(_music_kind_of(call.payload))
    job = call.start(music_kind(request), request)
    if request.stream:
        response = StreamingHttpResponse(
            _stream(job, call.trace_id), content_type="text/event-stream"
        )
        response["Trace-Id"] = call.trace_id
        response["Cache-Control"] = "no-cache"
        response["X-Accel-Buffering"] = "no"
        return response
    version = SongVersion.objects.get(job=call.result_of(job))
    data: dict = {"status": 2}
    if request.output_format == "url":
        data["audio"] = data["audio_url"] = audio_link(call.http, version=version)
    else:
        with version.audio.open("rb") as handle:
            data["audio"] = handle.read().hex()
    return call.answer({"data": data, "extra_info": _extra_info(version), "analysis_info": None})


@music_api_view(kind_of=lambda payload: JobKind.LYRICS)
def lyrics_generation(call: MusicApiCall) -> HttpResponse:
    job = call.result_of(call.start(JobKind.LYRICS, call.parse(JobKind.LYRICS)))
    return call.answer({key: job.result[key] for key in ("song_title", "style_tags", "lyrics")})


@music_api_view(kind_of=lambda payload: JobKind.COVER_PREPROCESS)
def music_cover_preprocess(call: MusicApiCall) -> HttpResponse:
    request = call.parse(JobKind.COVER_PREPROCESS)
    job = call.result_of(call.start(JobKind.COVER_PREPROCESS, request))
    keys = ("cover_feature_id", "formatted_lyrics", "structure_result", "audio_duration")
    return call.answer({key: job.result[key] for key in keys})


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
                    "",
                    2,
                    code=UNKNOWN_ERROR,
                    message="unknown error, the generation restarted mid-stream",
                )
                return
            if job.is_finished or time.monotonic() >= deadline:
                break
            if time.monotonic() - last_frame > 5:
                last_frame = time.monotonic()
                yield frame("", 1)
            time.sleep(POLL_S)
        if job.status != JobStatus.SUCCEEDED:
            failure = job_failure(job)
            yield frame("", 2, code=failure.code, message=failure.status_msg)
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
        download_name=download_name(version),
    )
