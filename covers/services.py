"""Writes of covers: keeping references, filing analysed features (24 h), purging expired ones."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.errors import ApplicationError
from accounts.models import Team, User
from engine.contract import CoverPreprocessResult
from engine.errors import EngineError
from songs.models import GenerationJob
from songs.services.results import job_succeed, lock_if_still_ours

FEATURE_LIFETIME = timedelta(hours=24)


def reference_store(
    *, team: Team, user: User | None, data: bytes, field: str, source_url: str = "", name: str = ""
) -> tuple:
    """Validate and keep a reference recording (once per team and audio). Returns (reference,
    decoded)."""
    from covers.models import ReferenceAudio
    from engine.analysis.decode import decode_reference

    try:
        decoded = decode_reference(data, field=field)
    except EngineError as error:
        raise ApplicationError(error.status_msg, field=field, code=error.code) from error
    reference = ReferenceAudio.objects.filter(team=team, md5=decoded.md5).first()
    if reference is None:
        reference = ReferenceAudio(
            team=team,
            md5=decoded.md5,
            sha256=hashlib.sha256(data).hexdigest(),
            format=decoded.format,
            size=len(data),
            duration_s=decoded.duration_s,
            source_url=source_url[:2000],
            name=name[:200],
            created_by=user,
        )
        reference.file.save(f"{decoded.md5}.{decoded.format}", ContentFile(data), save=False)
        reference.save()
    return reference, decoded


def cover_feature_store(
    *, job: GenerationJob, attempt: int, reference, result: CoverPreprocessResult
):
    """File analysed features for 24 h (refreshing them if the same audio was analysed before)."""
    from covers.models import CoverFeature

    with transaction.atomic():
        locked = lock_if_still_ours(job, attempt)
        if locked is None:
            return None
        features = dict(result.features)
        features.setdefault("peaks", _reference_peaks(reference))
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


def _reference_peaks(reference) -> list[float]:
    """Waveform peaks of the reference, for drawing its structure over it."""
    from engine.analysis.decode import decode_reference
    from engine.analysis.peaks import waveform_peaks

    with reference.file.open("rb") as handle:
        return waveform_peaks(decode_reference(handle.read(), field="audio_url").mono)


@transaction.atomic
def reference_delete(*, actor, reference) -> None:
    """Delete a kept recording, its analyses and its file: editors and above. Covers made from it
    keep their own audio."""
    from songs.services.songs import delete_stored_files_on_commit

    if not actor.can_edit:
        raise ApplicationError("Viewers cannot delete recordings.", status=403)
    if reference.team_id != actor.team_id:
        raise ApplicationError("No such recording.", status=404)
    name = reference.file.name
    reference.delete()
    delete_stored_files_on_commit({name})


def cover_feature_purge_expired() -> int:
    """Delete features past their 24 h (references stay: they are the team's uploads)."""
    from covers.models import CoverFeature

    deleted, _ = CoverFeature.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def cover_preprocess_start(
    *, actor, data: bytes | None, url: str, idempotency_key: str | None = None
):
    """Queue the analysis of an uploaded recording or of one at `url` (free of credits)."""
    import base64

    from songs.models import JobKind
    from songs.services.jobs import job_create

    request = {"model": "music-cover"}
    if data is not None:
        request["audio_base64"] = base64.b64encode(data).decode()
    else:
        request["audio_url"] = url
    # An analysis belongs to the team, not to a project: the cover made from it picks its project.
    job, _ = job_create(
        actor=actor,
        kind=JobKind.COVER_PREPROCESS,
        request=request,
        project=None,
        idempotency_key=idempotency_key,
    )
    return job


def cover_generate(
    *,
    actor,
    project,
    feature,
    prompt: str,
    lyrics: str,
    title: str = "",
    seed: int | None = None,
    idempotency_key: str | None = None,
):
    """Queue a cover of an analysed recording, sung with (edited) lyrics, as a new song of
    `project`."""
    from songs.models import JobKind
    from songs.services.jobs import job_create

    request = {
        "model": "music-cover",
        "prompt": prompt,
        "lyrics": lyrics,
        "cover_feature_id": feature.feature_id,
        "refrain_title": title.strip()[:200] or (feature.reference.name or "Cover"),
    }
    if seed is not None:
        request["seed"] = seed
    job, _ = job_create(
        actor=actor,
        kind=JobKind.COVER,
        request=request,
        project=project,
        idempotency_key=idempotency_key,
    )
    return job
