"""What a provider made is filed once, by the attempt that still owns its job: a song version
with its files, or a lyric revision. One transaction each, under the job's row lock; files the
transaction wrote are removed again if it rolls back."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from engine.analysis.peaks import decode_encoded, waveform_peaks
from engine.contract import LyricsRequest, LyricsResult, MusicRequest, MusicResult
from songs.jobs.attempt_files import attempt_folder
from songs.jobs.finish import job_lock_if_owned, job_succeed
from songs.jobs.requests import storable
from songs.models import (
    GenerationJob,
    LyricDraft,
    RevisionSource,
    Song,
    SongVersion,
    VersionKind,
)
from songs.services.drafts import revision_append

STEM_FORMAT = "flac"


def _title_for(result: MusicResult, request: MusicRequest, asked: str) -> str:
    if asked.strip():
        return asked.strip()[:200]
    if result.title:
        return result.title
    for line in (request.lyrics or result.lyrics).splitlines():
        line = line.strip()
        if line and not line.startswith("["):
            return line.strip("()")[:80]
    return (request.prompt.strip() or "Untitled song")[:80]


def _peaks(result: MusicResult) -> list[float]:
    try:
        audio = decode_encoded(
            result.audio,
            format=result.format,
            sample_rate_hz=result.sample_rate,
            channels=result.channels,
        )
    except Exception:  # a format soundfile cannot read: the page shows no waveform, that is all
        return []
    return waveform_peaks(audio)


def _kind_of(request: MusicRequest) -> str:
    if request.is_cover:
        return VersionKind.COVER
    return VersionKind.INSTRUMENTAL if request.is_instrumental else VersionKind.ORIGINAL


class _Files:
    """Files saved for a version that is not committed yet: deleted if it never is. They go in
    the attempt's folder, where they are found again if this process dies before the commit."""

    def __init__(self, folder: str, stem: str):
        self.folder, self.stem, self.names = folder, stem, []

    def save(self, suffix: str, data: bytes) -> str:
        name = default_storage.save(f"{self.folder}/{self.stem}{suffix}", ContentFile(data))
        self.names.append(name)
        return name

    def remove(self) -> None:
        for name in self.names:
            default_storage.delete(name)


def song_version_store(
    *,
    job: GenerationJob,
    attempt: int,
    request: MusicRequest,
    result: MusicResult,
    details: dict | None = None,
) -> SongVersion | None:
    """File a generated song as the next version of the job's song (a new song if it named none)."""
    peaks = _peaks(result)
    files = None
    try:
        with transaction.atomic():
            locked = job_lock_if_owned(job, attempt)
            if locked is None:
                return None
            if job.song is None:
                title = _title_for(result, request, job.title)
                song = Song.objects.create(
                    project=job.project, title=title, created_by=job.created_by
                )
            else:
                song = Song.objects.select_for_update().get(pk=job.song_id)
            number = song.next_version_number()
            files = _Files(attempt_folder(job, attempt), f"v{number}-{uuid.uuid4().hex[:8]}")
            version = SongVersion.objects.create(
                song=song,
                number=number,
                parent=song.current_version,
                kind=_kind_of(request),
                prompt=request.prompt,
                lyrics=result.lyrics,
                lyric_revision_id=job.sung_revision_id,
                settings=storable(request),
                provider=result.provider,
                model=result.model,
                seed=result.details.get("seed", request.seed),
                audio=files.save(f".{result.format}", result.audio),
                format=result.format,
                duration_ms=result.duration_ms,
                sample_rate=result.sample_rate,
                bitrate=result.bitrate,
                channels=result.channels,
                size=result.size,
                peaks=peaks,
                lrc=result.lrc,
                midi=files.save(".mid", result.midi) if result.midi else "",
                stems={
                    role: files.save(f"-{role}.{STEM_FORMAT}", data)
                    for role, data in result.stems.items()
                },
                details=result.details | (details or {}),
                job=locked,
                created_by=job.created_by,
            )
            song.current_version = version
            song.save(update_fields=["current_version", "updated_at"])
            job_succeed(locked, {"song_id": song.pk, "version_id": version.pk, "version": number})
            return version
    except Exception:
        if files is not None:  # the rows rolled back: do not leave their files behind
            files.remove()
        raise


def lyric_revision_store(
    *, job: GenerationJob, attempt: int, request: LyricsRequest, result: LyricsResult
) -> None:
    """File generated lyrics as a new revision of the job's draft (a new draft if it named none)."""
    with transaction.atomic():
        locked = job_lock_if_owned(job, attempt)
        if locked is None:
            return
        if job.draft is None:
            title = (job.title or request.title or result.song_title or "Untitled")[:200]
            draft = LyricDraft.objects.create(
                project=job.project, title=title, created_by=job.created_by
            )
        else:
            draft = LyricDraft.objects.select_for_update().get(pk=job.draft_id)
        editing = request.mode == "edit"
        verb = "Edited" if editing else "Written"
        revision = revision_append(
            draft=draft,
            body=result.lyrics,
            author=job.created_by,
            source=RevisionSource.AI_EDIT if editing else RevisionSource.AI_WRITE,
            message=f"{verb} by the lyrics generator: {request.prompt.strip()[:200]}".rstrip(": "),
            job=locked,
        )
        job_succeed(
            locked,
            {
                "draft_id": draft.pk,
                "revision_id": revision.pk,
                "revision": revision.number,
                "song_title": result.song_title,
                "style_tags": result.style_tags,
                "lyrics": result.lyrics,
            },
        )
