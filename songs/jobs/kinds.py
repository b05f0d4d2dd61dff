"""What each kind of job means: how its request is accepted at the edge (before the job exists)
and how it runs on a provider. Lyrics and songs are here; `covers` registers its two kinds, so
the job machinery in `songs` never imports the apps built on top of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accounts.models import Membership
from engine.providers import Progress, Provider
from songs.jobs.requests import JobRequest, stored_request
from songs.jobs.store import lyric_revision_store, song_version_store
from songs.models import AudioChunk, GenerationJob, JobKind


@dataclass(frozen=True)
class Accepted:
    """A request as a job keeps it: what the edge kept aside (a recording) goes in a column."""

    request: JobRequest
    reference_id: int | None = None


@dataclass(frozen=True)
class KindHandler:
    # Runs a claimed job on a provider and stores its result (once, for `attempt`).
    run: Callable[[GenerationJob, int, Provider, Progress], None]
    # At the edge: checks what the request refers to and keeps what must not ride in the job
    # row (a recording sent as base64); may raise ApplicationError.
    accept: Callable[[Membership, JobRequest], Accepted] | None = None


_HANDLERS: dict[str, KindHandler] = {}


def register_kind(kind: str, handler: KindHandler) -> None:
    _HANDLERS[kind] = handler


def kind_handler(kind: str) -> KindHandler:
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise LookupError(f"no handler registered for {kind} jobs") from None


def job_accept(*, actor: Membership, kind: str, request: JobRequest) -> Accepted:
    """What the job of `kind` will keep of `request` (see `KindHandler.accept`)."""
    accept = kind_handler(kind).accept
    return accept(actor, request) if accept else Accepted(request)


class ChunkWriter:
    """Keeps a streaming job's audio as it is encoded, for the web process answering the stream."""

    def __init__(self, job: GenerationJob):
        self.job, self.index = job, 0
        AudioChunk.objects.filter(job=job).delete()  # what an earlier attempt left is not this song

    def __call__(self, data: bytes) -> None:
        if data:
            AudioChunk.objects.create(job=self.job, index=self.index, data=data)
            self.index += 1


def _run_lyrics(job: GenerationJob, attempt: int, provider: Provider, progress: Progress) -> None:
    request = stored_request(job)
    progress("writing", 0.0)
    result = provider.write_lyrics(request)
    progress("storing", 0.0)
    lyric_revision_store(job=job, attempt=attempt, request=request, result=result)


def _run_music(job: GenerationJob, attempt: int, provider: Provider, progress: Progress) -> None:
    request = stored_request(job)
    on_audio = ChunkWriter(job) if request.stream else None
    result = provider.generate_music(request, progress, on_audio=on_audio)
    progress("storing", 0.0)
    song_version_store(job=job, attempt=attempt, request=request, result=result)


register_kind(JobKind.LYRICS, KindHandler(run=_run_lyrics))
register_kind(JobKind.MUSIC, KindHandler(run=_run_music))
