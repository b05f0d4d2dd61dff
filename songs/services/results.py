"""Storing what a provider made: a song version, a lyric revision. One transaction each, once."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.usage import usage_close
from engine.analysis.peaks import decode, waveform_peaks
from engine.contract import LyricsRequest, LyricsResult, MusicRequest, MusicResult
from songs.models import (
    GenerationJob,
    JobStatus,
    LyricDraft,
    LyricRevision,
    RevisionSource,
    Song,
    SongVersion,
    VersionKind,
)

STEM_FORMAT = "flac"


def lock_if_still_ours(job: GenerationJob, attempt: int) -> GenerationJob | None:
    locked = GenerationJob.objects.select_for_update().filter(pk=job.pk).first()
    if locked is None or locked.status != JobStatus.RUNNING or locked.attempts != attempt:
        return None
    return locked


def job_succeed(job: GenerationJob, result: dict) -> None:
    now = timezone.now()
    GenerationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED,
        progress=100,
        stage="done",
        result=result,
        finished_at=now,
        updated_at=now,
        error_code=None,
        error_message="",
    )
    if job.usage_id:
        usage_close(entry=job.usage, status_code=0)


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
        audio = decode(
            result.audio,
            format=result.format,
            sample_rate_hz=result.sample_rate,
            channels=result.channels,
        )
    except (
        Exception
    ):  # a format soundfile cannot read: the page shows no waveform, nothing else breaks
        return []
    return waveform_peaks(audio)


def song_version_store(
    *,
    job: GenerationJob,
    attempt: int,
    result: MusicResult,
    request: MusicRequest,
    details: dict | None = None,
) -> SongVersion | None:
    """File a generated song as the next version of its song (a new song if the job named none)."""
    peaks = _peaks(result)
    saved: list[str] = []
    try:
        with transaction.atomic():
            locked = lock_if_still_ours(job, attempt)
            if locked is None:
                return None
            song = job.song
            if song is None:
                song = Song.objects.create(
                    project=job.project,
                    title=_title_for(result, request, job.request.get("refrain_title", "")),
                    created_by=job.created_by,
                )
            else:
                song = Song.objects.select_for_update().get(pk=song.pk)
            number = song.next_version_number()
            kind = (
                VersionKind.COVER
                if request.is_cover
                else VersionKind.INSTRUMENTAL
                if request.is_instrumental
                else VersionKind.ORIGINAL
            )
            version = SongVersion(
                song=song,
                number=number,
                parent=song.current_version,
                kind=kind,
                prompt=request.prompt,
                lyrics=result.lyrics,
                lyric_revision_id=job.request.get("refrain_lyric_revision"),
                settings=job.request,
                provider=result.provider,
                model=result.model,
                seed=result.details.get("seed", request.seed),
                format=result.format,
                duration_ms=result.duration_ms,
                sample_rate=result.sample_rate,
                bitrate=result.bitrate,
                channels=result.channels,
                size=result.size,
                peaks=peaks,
                lrc=result.lrc,
                details=result.details | (details or {}),
                job=locked,
                created_by=job.created_by,
            )
            stem = f"v{number}-{uuid.uuid4().hex[:8]}"
            version.audio.save(f"{stem}.{result.format}", ContentFile(result.audio), save=False)
            saved.append(version.audio.name)
            if result.midi:
                version.midi.save(f"{stem}.mid", ContentFile(result.midi), save=False)
                saved.append(version.midi.name)
            stems = {}
            for role, data in result.stems.items():
                name = default_storage.save(
                    f"teams/{song.project.team_id}/songs/{song.pk}/{stem}-{role}.{STEM_FORMAT}",
                    ContentFile(data),
                )
                stems[role] = name
                saved.append(name)
            version.stems = stems
            version.save()
            song.current_version = version
            song.save(update_fields=["current_version", "updated_at"])
            job_succeed(locked, {"song_id": song.pk, "version_id": version.pk, "version": number})
            return version
    except Exception:
        for name in saved:  # the rows rolled back: do not leave their files behind
            default_storage.delete(name)
        raise


def lyric_revision_store(
    *, job: GenerationJob, attempt: int, result: LyricsResult
) -> LyricRevision | None:
    """File generated lyrics as a new revision of the job's draft (a new draft if it named none)."""
    request = LyricsRequest.from_json(job.request)
    with transaction.atomic():
        locked = lock_if_still_ours(job, attempt)
        if locked is None:
            return None
        draft = job.draft
        if draft is None:
            draft = LyricDraft.objects.create(
                project=job.project,
                title=(request.title or result.song_title or "Untitled")[:200],
                created_by=job.created_by,
            )
        else:
            draft = LyricDraft.objects.select_for_update().get(pk=draft.pk)
        number = (draft.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        source = RevisionSource.AI_EDIT if request.mode == "edit" else RevisionSource.AI_WRITE
        verb = "Edited" if request.mode == "edit" else "Written"
        revision = LyricRevision.objects.create(
            draft=draft,
            number=number,
            parent=draft.current_revision,
            body=result.lyrics,
            author=job.created_by,
            source=source,
            message=f"{verb} by the lyrics generator: {request.prompt.strip()[:200]}".rstrip(": "),
            job=locked,
        )
        draft.current_revision = revision
        draft.save(update_fields=["current_revision", "updated_at"])
        job_succeed(
            locked,
            {
                "draft_id": draft.pk,
                "revision_id": revision.pk,
                "revision": number,
                "song_title": result.song_title,
                "style_tags": result.style_tags,
                "lyrics": result.lyrics,
            },
        )
        return revision
