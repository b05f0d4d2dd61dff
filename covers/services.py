"""Writes of covers: keeping recordings, filing analysed features (24 h), purging expired ones,
and starting an analysis or a cover from the pages."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import unquote, urlsplit

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.errors import ApplicationError
from accounts.models import Membership, Team, User
from covers.models import CoverFeature, ReferenceAudio
from covers.selectors import cover_feature_get
from engine.analysis.decode import decode_reference
from engine.analysis.peaks import waveform_peaks
from engine.contract import (
    DEFAULT_VOICE_QUALITY,
    CoverPreprocessRequest,
    CoverPreprocessResult,
    MusicRequest,
)
from songs.jobs.create import Caller, Order, job_create
from songs.jobs.finish import job_lock_if_owned, job_succeed
from songs.models import GenerationJob, JobKind, Project
from songs.services.songs import delete_stored_files_on_commit

FEATURE_LIFETIME = timedelta(hours=24)
ANALYSIS_MODEL = "music-cover"


def url_file_name(url: str) -> str:
    """The file name a recording's URL ends on ("demo.mp3"), else its host."""
    parts = urlsplit(url)
    return unquote(parts.path.rstrip("/").rpartition("/")[2]) or parts.hostname or ""


def reference_keep(
    *, team: Team, user: User | None, data: bytes, field: str, source_url: str = "", name: str = ""
) -> ReferenceAudio:
    """Check a recording (2013 naming `field`) and keep it, once per team and file."""
    decoded = decode_reference(data, field=field)
    found = ReferenceAudio.objects.filter(team=team, md5=decoded.md5).first()
    if found is not None:
        return found
    reference = ReferenceAudio(
        team=team,
        md5=decoded.md5,
        sha256=hashlib.sha256(data).hexdigest(),
        format=decoded.format,
        size=len(data),
        duration_s=decoded.duration_s,
        source_url=source_url[:2000],
        name=(name or url_file_name(source_url))[:200],
        created_by=user,
    )
    reference.file.save(f"{decoded.md5}.{decoded.format}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            reference.save()
    except IntegrityError:  # the same file, kept by a concurrent call meanwhile
        reference.file.delete(save=False)
        return ReferenceAudio.objects.get(team=team, md5=decoded.md5)
    return reference


def _reference_peaks(reference: ReferenceAudio) -> list[float]:
    """Waveform peaks of the recording, for drawing its structure over it."""
    with reference.file.open("rb") as handle:
        return waveform_peaks(decode_reference(handle.read(), field="audio_url").mono)


def cover_feature_store(
    *, job: GenerationJob, attempt: int, reference: ReferenceAudio, result: CoverPreprocessResult
) -> CoverFeature | None:
    """File analysed features for 24 h (refreshing them if the same audio was analysed before)."""
    features = dict(result.features)
    if "peaks" not in features:  # a provider that does not draw the waveform
        features["peaks"] = _reference_peaks(reference)
    with transaction.atomic():
        locked = job_lock_if_owned(job, attempt)
        if locked is None:
            return None
        feature, _ = CoverFeature.objects.update_or_create(
            team=job.team,
            feature_id=result.cover_feature_id,
            defaults={
                "reference": reference,
                "features": features,
                "formatted_lyrics": result.formatted_lyrics,
                "structure_result": result.structure_result,
                "audio_duration": result.audio_duration,
                "expires_at": timezone.now() + FEATURE_LIFETIME,
            },
        )
        job_succeed(
            locked,
            {
                "cover_feature_id": result.cover_feature_id,
                "formatted_lyrics": result.formatted_lyrics,
                "structure_result": result.structure_result,
                "audio_duration": result.audio_duration,
                "reference_id": reference.pk,
            },
        )
        return feature


@transaction.atomic
def reference_delete(*, actor: Membership, reference: ReferenceAudio) -> None:
    """Delete a kept recording, its analyses and its file: editors and above. Covers made from it
    keep their own audio."""
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot delete recordings.", status=403)
    if reference.team_id != actor.team_id:
        raise ApplicationError("No such recording.", status=404)
    name = reference.file.name
    reference.delete()
    delete_stored_files_on_commit({name})


def cover_feature_purge_expired() -> int:
    """Delete features past their 24 h (recordings stay: they are the team's uploads)."""
    deleted, _ = CoverFeature.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def cover_preprocess_start(
    *,
    actor: Membership,
    data: bytes | None,
    url: str,
    name: str = "",
    idempotency_key: str | None = None,
) -> GenerationJob:
    """Queue the analysis of an uploaded recording (kept now, under its file's `name`) or of one
    at `url` (free)."""
    reference_id = None
    if data is not None:
        reference_id = reference_keep(
            team=actor.team, user=actor.user, data=data, field="file", name=name
        ).pk
        request = CoverPreprocessRequest(model=ANALYSIS_MODEL)
    else:
        request = CoverPreprocessRequest.from_json({"model": ANALYSIS_MODEL, "audio_url": url})
    # An analysis belongs to the team, not to a project: the cover made from it picks its project.
    order = Order(kind=JobKind.COVER_PREPROCESS, request=request, reference_id=reference_id)
    job, _ = job_create(caller=Caller(actor=actor, idempotency_key=idempotency_key), order=order)
    return job


def cover_generate(
    *,
    actor: Membership,
    project: Project,
    feature: CoverFeature,
    prompt: str,
    lyrics: str,
    title: str = "",
    seed: int | None = None,
    voice_quality: str = DEFAULT_VOICE_QUALITY,
    idempotency_key: str | None = None,
) -> GenerationJob:
    """Queue a cover of an analysed recording, sung with (edited) lyrics by the voice of
    `voice_quality`, as a new song of `project`."""
    cover_feature_get(team=actor.team, feature_id=feature.feature_id)  # still valid?
    payload = {
        "model": ANALYSIS_MODEL,
        "prompt": prompt,
        "lyrics": lyrics,
        "cover_feature_id": feature.feature_id,
        "voice_quality": voice_quality,
    }
    if seed is not None:
        payload["seed"] = seed
    order = Order(
        kind=JobKind.COVER,
        request=MusicRequest.from_json(payload),
        project=project,
        title=title.strip()[:200] or (feature.reference.name or "Cover"),
    )
    job, _ = job_create(caller=Caller(actor=actor, idempotency_key=idempotency_key), order=order)
    return job
