"""The cover job kinds: a recording's analysis (free) and a cover of it, one-step (from the
recording) or two-step (from an analysis, with edited lyrics). Registered with `songs.jobs.kinds`."""

from __future__ import annotations

import dataclasses

from django.conf import settings

from accounts.models import Membership
from covers.models import ReferenceAudio
from covers.selectors import cover_feature_get
from covers.services import cover_feature_store, reference_keep
from engine.analysis.fetch import fetch_reference
from engine.contract import CoverPreprocessRequest, MusicRequest, reference_bytes_from_base64
from engine.errors import invalid_params
from engine.providers import Progress, Provider
from songs.jobs.kinds import Accepted, KindHandler, register_kind
from songs.jobs.requests import stored_request
from songs.jobs.store import song_version_store
from songs.models import GenerationJob, JobKind

ANALYSIS_MODEL = "music-cover"


def _keep_base64(actor: Membership, request: CoverPreprocessRequest | MusicRequest) -> Accepted:
    """A recording sent as base64 is kept at once: the job names it, not 50 MB of text."""
    if not request.audio_base64:
        return Accepted(request)
    data = reference_bytes_from_base64(request.audio_base64)
    reference = reference_keep(team=actor.team, user=actor.user, data=data, field="audio_base64")
    return Accepted(dataclasses.replace(request, audio_base64=None), reference_id=reference.pk)


def accept_preprocess(actor: Membership, request: CoverPreprocessRequest) -> Accepted:
    return _keep_base64(actor, request)


def accept_cover(actor: Membership, request: MusicRequest) -> Accepted:
    if request.cover_feature_id:
        cover_feature_get(team=actor.team, feature_id=request.cover_feature_id)
    return _keep_base64(actor, request)


def _recording_for(job: GenerationJob, audio_url: str | None, progress: Progress):
    """The job's recording: kept already, or fetched now from its URL (SSRF-safe) and kept."""
    if job.reference_id is not None:
        reference = ReferenceAudio.objects.filter(pk=job.reference_id, team=job.team).first()
        if reference is None:
            raise invalid_params("audio_base64: the recording was deleted before it was analysed")
        with reference.file.open("rb") as handle:
            return reference, handle.read()
    progress("fetching", 0.0)
    data = fetch_reference(audio_url, allow_hosts=frozenset(settings.REFRAIN_FETCH_ALLOW_HOSTS))
    reference = reference_keep(
        team=job.team, user=job.created_by, data=data, field="audio_url", source_url=audio_url
    )
    GenerationJob.objects.filter(pk=job.pk).update(reference_id=reference.pk)
    return reference, data


def run_preprocess(
    job: GenerationJob, attempt: int, provider: Provider, progress: Progress
) -> None:
    request = stored_request(job)
    reference, data = _recording_for(job, request.audio_url, progress)
    result = provider.preprocess_cover(request, progress, reference=data)
    progress("storing", 0.0)
    cover_feature_store(job=job, attempt=attempt, reference=reference, result=result)


def run_cover(job: GenerationJob, attempt: int, provider: Provider, progress: Progress) -> None:
    request = stored_request(job)
    lyrics = request.lyrics
    if request.cover_feature_id:
        feature = cover_feature_get(team=job.team, feature_id=request.cover_feature_id)
        features, reference_id, feature_id = (
            feature.features,
            feature.reference_id,
            feature.feature_id,
        )
    else:  # one-step: analyse the recording first; its lyrics come from speech recognition
        reference, data = _recording_for(job, request.audio_url, progress)
        analysis = CoverPreprocessRequest(model=ANALYSIS_MODEL, audio_url=request.audio_url)
        analysed = provider.preprocess_cover(analysis, progress, reference=data)
        features, reference_id, feature_id = (
            analysed.features,
            reference.pk,
            analysed.cover_feature_id,
        )
        lyrics = lyrics or analysed.formatted_lyrics
    # What runs is the two-step form of the request the edge checked.
    two_step = dataclasses.replace(
        request, lyrics=lyrics, cover_feature_id=feature_id, audio_url=None, audio_base64=None
    )
    result = provider.generate_music(two_step, progress, cover_features=features)
    progress("storing", 0.0)
    song_version_store(
        job=job,
        attempt=attempt,
        request=two_step,
        result=result,
        details={"reference_id": reference_id, "cover_feature_id": feature_id},
    )


register_kind(JobKind.COVER_PREPROCESS, KindHandler(run=run_preprocess, accept=accept_preprocess))
register_kind(JobKind.COVER, KindHandler(run=run_cover, accept=accept_cover))
