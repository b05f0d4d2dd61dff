"""What running each kind of job means. Apps register their kinds here (covers registers its own),
so the job machinery in `songs` never imports the apps built on top of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accounts.models import Membership
from engine.contract import LyricsRequest, MusicRequest
from engine.providers import Progress, Provider
from songs.models import AudioChunk, GenerationJob, JobKind


@dataclass(frozen=True)
class JobHandler:
    # Runs a claimed job on a provider and stores its result (once, for `attempt`).
    run: Callable[[GenerationJob, int, Provider, Progress], None]
    # Checks and reshapes a request before its job is created (may raise ApplicationError).
    prepare: Callable[[Membership, dict], dict] | None = None


HANDLERS: dict[str, JobHandler] = {}


def register_job_handler(kind: str, handler: JobHandler) -> None:
    HANDLERS[kind] = handler


def handler_for(kind: str) -> JobHandler:
    try:
        return HANDLERS[kind]
    except KeyError:
        raise LookupError(f"no handler registered for {kind} jobs") from None


def _run_lyrics(job: GenerationJob, attempt: int, provider: Provider, progress: Progress) -> None:
    from songs.services.results import lyric_revision_store

    progress("writing", 0.0)
    result = provider.write_lyrics(LyricsRequest.from_json(job.request))
    progress("storing", 0.0)
    lyric_revision_store(job=job, attempt=attempt, result=result)


class ChunkWriter:
    """Keeps a streaming job's audio as it is encoded, for the web process answering the stream."""

    def __init__(self, job: GenerationJob):
        self.job, self.index = job, 0
        AudioChunk.objects.filter(job=job).delete()  # what an earlier attempt left is not this song

    def __call__(self, data: bytes) -> None:
        if data:
            AudioChunk.objects.create(job=self.job, index=self.index, data=data)
            self.index += 1


def _run_music(job: GenerationJob, attempt: int, provider: Provider, progress: Progress) -> None:
    from songs.services.results import song_version_store

    request = MusicRequest.from_json(job.request)
    result = provider.generate_music(
        request, progress, on_audio=ChunkWriter(job) if request.stream else None
    )
    progress("storing", 0.0)
    song_version_store(job=job, attempt=attempt, result=result, request=request)


register_job_handler(JobKind.LYRICS, JobHandler(run=_run_lyrics))
register_job_handler(JobKind.MUSIC, JobHandler(run=_run_music))
