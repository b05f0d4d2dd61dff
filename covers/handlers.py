"""The cover job kinds: preprocess (analysis, free) and cover generation (one- or two-step)."""

from __future__ import annotations

import base64

from django.conf import settings

from accounts.errors import ApplicationError
from accounts.models import Membership
from covers.services import cover_feature_store, reference_store
from engine.contract import AudioSpec, CoverPreprocessRequest, MusicRequest
from engine.errors import EngineError, invalid_params
from engine.providers import Progress, Provider
from songs.models import GenerationJob, JobKind
from songs.services.handlers import JobHandler, register_job_handler
from songs.services.results import song_version_store

REFERENCE_KEY = "refrain_reference"


def _keep_base64(actor: Membership, request: dict) -> dict:
    """An `audio_base64` reference is stored at once; the job keeps its id, not 50 MB of text."""
    if not request.get("audio_base64"):
        return request
    data = base64.b64decode(request["audio_base64"])
    reference, _ = reference_store(
        team=actor.team, user=actor.user, data=data, field="audio_base64"
    )
    kept = {key: value for key, value in request.items() if key != "audio_base64"}
    return kept | {REFERENCE_KEY: reference.pk}


def prepare_preprocess(actor: Membership, request: dict) -> dict:
    return _keep_base64(actor, request)


def prepare_cover(actor: Membership, request: dict) -> dict:
    from covers.selectors import cover_feature_get

    if request.get("cover_feature_id"):
        cover_feature_get(team=actor.team, feature_id=request["cover_feature_id"])
    return _keep_base64(actor, request)


def _reference_for(job: GenerationJob, progress: Progress):
    """The job's reference recording: kept already, or fetched now from its URL (SSRF-safe)."""
    from covers.models import ReferenceAudio
    from engine.analysis.fetch import fetch_reference

    if REFERENCE_KEY in job.request:
        reference = ReferenceAudio.objects.filter(
            pk=job.request[REFERENCE_KEY], team=job.team
        ).first()
        if reference is None:
            raise invalid_params("audio_base64: the recording was deleted before it was analysed")
        with reference.file.open("rb") as handle:
            return reference, handle.read()
    url = job.request["audio_url"]
    progress("fetching", 0.0)
    data = fetch_reference(url, allow_hosts=frozenset(settings.REFRAIN_FETCH_ALLOW_HOSTS))
    try:
        reference, _ = reference_store(
            team=job.team, user=job.created_by, data=data, field="audio_url", source_url=url
        )
    except ApplicationError as error:
        raise EngineError(error.message, code=error.code or 2013) from error
    return reference, data


def run_preprocess(
    job: GenerationJob, attempt: int, provider: Provider, progress: Progress
) -> None:
    reference, data = _reference_for(job, progress)
    request = CoverPreprocessRequest(
        model=job.request.get("model", "music-cover"), audio_url=job.request.get("audio_url")
    )
    result = provider.preprocess_cover(request, progress, reference=data)
    progress("storing", 0.0)
    cover_feature_store(job=job, attempt=attempt, reference=reference, result=result)


def run_cover(job: GenerationJob, attempt: int, provider: Provider, progress: Progress) -> None:
    from covers.selectors import cover_feature_get

    lyrics = job.request.get("lyrics") or ""
    if job.request.get("cover_feature_id"):
        try:
            feature = cover_feature_get(team=job.team, feature_id=job.request["cover_feature_id"])
        except ApplicationError as error:
            raise invalid_params(error.message.removeprefix("invalid params, ")) from error
        features, reference_id, feature_id = (
            feature.features,
            feature.reference_id,
            feature.feature_id,
        )
    else:  # one-step: analyse the reference first; its lyrics come from speech recognition
        reference, data = _reference_for(job, progress)
        analysed = provider.preprocess_cover(
            CoverPreprocessRequest(model="music-cover", audio_url=job.request.get("audio_url")),
            progress,
            reference=data,
        )
        features, reference_id, feature_id = (
            analysed.features,
            reference.pk,
            analysed.cover_feature_id,
        )
        lyrics = lyrics or analysed.formatted_lyrics
    # The job's request was validated when it was created; what runs is the two-step form of it.
    request = MusicRequest(
        model=job.request["model"],
        prompt=job.request.get("prompt", ""),
        lyrics=lyrics,
        audio_setting=AudioSpec.from_json(job.request.get("audio_setting")),
        seed=job.request.get("seed"),
        cover_feature_id=feature_id,
    )
    result = provider.generate_music(request, progress, cover_features=features)
    progress("storing", 0.0)
    song_version_store(
        job=job,
        attempt=attempt,
        result=result,
        request=request,
        details={"reference_id": reference_id, "cover_feature_id": feature_id},
    )


register_job_handler(
    JobKind.COVER_PREPROCESS, JobHandler(run=run_preprocess, prepare=prepare_preprocess)
)
register_job_handler(JobKind.COVER, JobHandler(run=run_cover, prepare=prepare_cover))
